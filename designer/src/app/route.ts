/** The public pages live under the hash (`#/intake/<tenant>?enterprise=…`, `#/track?no=…`): no server routes needed. `#/cases/<id>` opens a case file inside the signed-in app. */
export type Route = { page: 'app' } | { page: 'case'; id: string } | { page: 'intake'; tenant: string; enterprise: string | null } | { page: 'track'; no: string };

export function routeOf(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const intake = /^\/intake\/([^/]+)$/.exec(path);
  if (intake) return { page: 'intake', tenant: decodeURIComponent(intake[1]!), enterprise: params.get('enterprise') };
  const caseFile = /^\/cases\/([^/]+)$/.exec(path);
  if (caseFile) return { page: 'case', id: decodeURIComponent(caseFile[1]!) };
  if (path === '/track') return { page: 'track', no: params.get('no') ?? '' };
  return { page: 'app' };
}

/** The public pages live under the hash (`#/intake/<tenant>?enterprise=…`, `#/track?no=…`): no server routes needed. */
export type Route = { page: 'app' } | { page: 'intake'; tenant: string; enterprise: string | null } | { page: 'track'; no: string };

export function routeOf(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const intake = /^\/intake\/([^/]+)$/.exec(path);
  if (intake) return { page: 'intake', tenant: decodeURIComponent(intake[1]!), enterprise: params.get('enterprise') };
  if (path === '/track') return { page: 'track', no: params.get('no') ?? '' };
  return { page: 'app' };
}

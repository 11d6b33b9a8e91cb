/**
 * The public pages live under the hash (`#/intake/<tenant>?enterprise=…`, `#/track?no=…`): no server routes needed. `#/cases/<id>` opens a case file
 * inside the signed-in app; `#/cases?tenant=…&status=…` the case search with those filters (a dashboard figure's cases).
 */
export type Route =
  | { page: 'app' }
  | { page: 'case'; id: string }
  | { page: 'caseSearch'; filters: CaseFilters; unitName?: string; stepName?: string; processName?: string }
  | { page: 'incidents'; filter: IncidentFilter; stepName?: string; processName?: string }
  | { page: 'intake'; tenant: string; enterprise: string | null }
  | { page: 'track'; no: string };

/** The case search's filters a link may set (GET /api/cases takes the same names). */
export const CASE_FILTERS = [
  'tenant',
  'under',
  'level',
  'status',
  'category',
  'channel',
  'department',
  'openDepartment',
  'light',
  'overdue',
  'figure',
  'refusedBy',
  'openStep',
  'closedSince',
  'process',
  'definition',
  'waitingAt',
  'stuckAt',
  'from',
  'to',
] as const;
export type CaseFilters = Partial<Record<(typeof CASE_FILTERS)[number], string>>;

/**
 * The hash of the case search filtered by `filters` (empty ones left out); `unitName` names the
 * tenant (or `under`) filter on the page, `stepName` the `openStep`, `waitingAt` or `stuckAt` one (an
 * unnamed step's description: the filter itself is its element id, which staff never read),
 * `processName` the `process` one (流程监控's badges: never the process key).
 */
export function caseSearchHash(
  filters: CaseFilters,
  unitName?: string,
  stepName?: string,
  processName?: string,
): string {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  if (unitName && (filters.tenant || filters.under)) params.set('unit', unitName);
  if (stepName && (filters.openStep || filters.waitingAt || filters.stuckAt)) params.set('step', stepName);
  if (processName && filters.process) params.set('pname', processName);
  return `#/cases?${params}`;
}

/** 故障案件 of one element of a process (流程监控's 故障 badge): GET /api/incidents takes the same names. */
export interface IncidentFilter {
  process: string;
  elementId: string;
  definition?: string;
}

/** The hash of the incidents at an element of a process, named on the page by `stepName` and `processName`. */
export function incidentsHash(filter: IncidentFilter, stepName: string, processName: string): string {
  const params = new URLSearchParams({ process: filter.process, elementId: filter.elementId });
  if (filter.definition) params.set('definition', filter.definition);
  params.set('step', stepName);
  params.set('pname', processName);
  return `#/incidents?${params}`;
}

/** The pages used without an account (the public entry draws them: designer/src/public/main.tsx). */
export type PublicRoute = Extract<Route, { page: 'intake' | 'track' }>;
export const isPublicRoute = (route: Route): route is PublicRoute => route.page === 'intake' || route.page === 'track';

export function routeOf(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const intake = /^\/intake\/([^/]+)$/.exec(path);
  if (intake) return { page: 'intake', tenant: decodeURIComponent(intake[1]!), enterprise: params.get('enterprise') };
  const caseFile = /^\/cases\/([^/]+)$/.exec(path);
  if (caseFile) return { page: 'case', id: decodeURIComponent(caseFile[1]!) };
  if (path === '/cases') {
    const filters: CaseFilters = Object.fromEntries(
      CASE_FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])),
    );
    const unit = params.get('unit');
    const step = params.get('step');
    const processName = params.get('pname');
    return {
      page: 'caseSearch',
      filters,
      ...(unit ? { unitName: unit } : {}),
      ...(step ? { stepName: step } : {}),
      ...(processName ? { processName } : {}),
    };
  }
  const process = params.get('process');
  const elementId = params.get('elementId');
  if (path === '/incidents' && process && elementId) {
    const definition = params.get('definition');
    const step = params.get('step');
    const processName = params.get('pname');
    return {
      page: 'incidents',
      filter: { process, elementId, ...(definition ? { definition } : {}) },
      ...(step ? { stepName: step } : {}),
      ...(processName ? { processName } : {}),
    };
  }
  if (path === '/track') return { page: 'track', no: params.get('no') ?? '' };
  return { page: 'app' };
}

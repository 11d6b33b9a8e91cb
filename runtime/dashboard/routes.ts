import { requireRole, requireVisibleTenant } from '../auth/index.js';
import { dashboardSummary } from './summary.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, idSchema, integerType, nullable, numberType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';

const COUNTS = (names: string[]) => objectOf(Object.fromEntries(names.map((n) => [n, integerType])));
const DASHBOARD = objectOf({
  tenant: stringType, now: stringType, since: stringType,
  cases: COUNTS(['active', 'completed', 'terminated']),
  openTasks: COUNTS(['total', 'green', 'yellow', 'red']),
  byStep: arrayOf(objectOf({ elementId: stringType, name: stringOrNull, open: integerType, overdue: integerType })),
  byDepartment: arrayOf(objectOf({ group: stringType, name: stringOrNull, open: integerType, overdue: integerType })),
  byTenant: arrayOf(objectOf({ tenant: stringType, name: stringOrNull, activeCases: integerType, openTasks: integerType, overdue: integerType })),
  loop: objectOf({
    completedCases: integerType, averageHours: nullable(numberType), medianHours: nullable(numberType), tasksCompleted: integerType, tasksOnTime: integerType,
    onTimeRate: nullable(numberType),
  }),
});

const DAY = 86_400_000;

export function dashboardRoutes(api: RuntimeApi): void {
  api.add({
    method: 'get', path: '/api/dashboard', tag: 'dashboard',
    response: DASHBOARD,
    summary: 'Where every case stands, what is overdue, how the loop performed (supervisors and administrators; the caller\'s subtree, or one tenant\'s)',
    query: { properties: { tenant: idSchema, days: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } } },
    async handler({ deps, principal, query }) {
      requireRole(principal, 'supervisor', 'tenant-admin');
      let tenants = [...principal.subtree];
      if (query.tenant) {
        await requireVisibleTenant(principal, deps.tenants, query.tenant);
        tenants = [...(await deps.tenants.subtree(query.tenant))];
      }
      const now = deps.clock.now();
      const since = new Date(Date.parse(now) - Number(query.days ?? 30) * DAY).toISOString();
      return { tenant: query.tenant ?? principal.tenant, ...(await dashboardSummary(deps.db.knex, tenants.sort(), now, since)) };
    },
  });
}

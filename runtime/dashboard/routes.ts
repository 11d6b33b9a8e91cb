import { requireRole, requireVisibleTenant } from '../auth/index.js';
import { dashboardSummary } from './summary.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { idSchema } from '../platform/http/schemas.js';

const DAY = 86_400_000;

export function dashboardRoutes(api: RuntimeApi): void {
  api.add({
    method: 'get', path: '/api/dashboard', tag: 'dashboard',
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

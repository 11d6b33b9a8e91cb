import { requireRole, requireVisibleTenant, type Principal } from '../auth/index.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { ApiError } from '../platform/http/errors.js';
import {
  arrayOf,
  booleanType,
  idSchema,
  integerType,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';
import { processesOf, processStatistics } from './statistics.js';

const COUNTS = { open: integerType, overdue: integerType, incidents: integerType };
const STATISTICS = objectOf({
  key: stringType,
  name: stringOrNull,
  tenant: stringType,
  now: stringType,
  definitions: arrayOf(
    objectOf({
      id: stringType,
      version: integerType,
      tenant: objectOf({ id: stringType, name: stringType }),
      open: integerType,
    }),
  ),
  shown: nullable(objectOf({ id: stringType, xml: stringType })),
  versionOnly: booleanType,
  elements: arrayOf(
    objectOf({ elementId: stringType, name: stringOrNull, kind: stringType, inShown: booleanType, ...COUNTS }),
  ),
  totals: objectOf(COUNTS),
});
const PROCESSES = arrayOf(objectOf({ key: stringType, name: stringOrNull, open: integerType }));

/** The unit asked for (the caller's by default) and every unit below it, as the dashboard counts them. */
async function scopeOf(deps: Deps, principal: Principal, tenant: string | undefined) {
  requireRole(principal, 'supervisor', 'tenant-admin');
  const unit = tenant ?? principal.tenant;
  if (tenant) await requireVisibleTenant(principal, deps.tenants, tenant);
  const tenants = tenant ? [...(await deps.tenants.subtree(tenant))] : [...principal.subtree];
  return { unit, tenants: tenants.sort(), chain: await deps.tenants.chain(unit) };
}

export function processMapRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/process-statistics',
      tag: 'process-map',
      response: PROCESSES,
      summary:
        "流程监控's process picker: the processes of a unit (the caller's by default) and below it, with their cases in progress (supervisors and administrators)",
      query: { properties: { tenant: idSchema } },
      async handler({ deps, principal, query }) {
        return processesOf(deps.db.knex, await scopeOf(deps, principal, query.tenant));
      },
    },
    {
      method: 'get',
      path: '/api/process-definitions/:key/statistics',
      tag: 'process-map',
      response: STATISTICS,
      summary:
        "流程监控: where the cases in progress of a process stand (a unit's and below, all versions or one `definition`): per element the cases waiting there, of those overdue there, and stuck there on an incident; the diagram of the version shown",
      query: { properties: { tenant: idSchema, definition: { type: 'string', maxLength: 40 } } },
      async handler({ deps, principal, params, query }) {
        const scope = await scopeOf(deps, principal, query.tenant);
        const stats = await processStatistics(deps.db.knex, {
          key: params.key!,
          tenants: scope.tenants,
          chain: scope.chain,
          ...(query.definition ? { definitionId: query.definition } : {}),
          now: deps.clock.now(),
        });
        if (query.definition && stats.shown?.id !== query.definition)
          throw new ApiError(404, 'NOT_FOUND', `no version ${query.definition} of process ${params.key}`);
        if (!stats.shown) throw new ApiError(404, 'NOT_FOUND', `no process ${params.key} here`);
        return { tenant: scope.unit, ...stats };
      },
    },
  );
}

// Deadline policies per tenant and the leaders of groups (who receive overdue notices).
import type { Knex } from 'knex';
import { CalendarError, parseWorkDuration } from '../../../engine/index.js';
import { requireRole, requireVisibleTenant } from '../../auth/index.js';
import { findGroup, setGroupLeaders } from '../../directory/index.js';
import { ApiError, notFound } from '../../platform/http/errors.js';
import { POLICY_SCHEMA, type DeadlinePolicy } from '../policy.js';
import { calendarApiError } from '../service.js';
import { warningThreshold } from '../rules.js';
import type { RuntimeApi } from '../../platform/http/deps.js';
import {
  anyObject,
  idSchema,
  integerType,
  numberType,
  objectOf,
  stringOrNull,
  stringList,
  stringType,
} from '../../platform/http/schemas.js';
import { inTenantChain, kitOf, requireCalendarAdmin } from '../access.js';

const POLICY_ANSWER = objectOf({
  tenant: stringType,
  effective: objectOf({
    redDaysToSupervise: numberType,
    supervisionDeadline: stringType,
    supervisor: stringOrNull,
    maxExtensions: integerType,
    extensionApproverRoles: stringList,
    urgeRoles: stringList,
    urgeGroups: stringList,
    leaderRoles: stringList,
    channels: stringList,
    missingCalendar: { enum: ['provisional', 'refuse'] },
    warning: stringOrNull,
  }),
  /** Which tenant set each value that is not the default. */
  setBy: { type: 'object', additionalProperties: stringType },
  own: anyObject,
  /** The names of the departments and the user the values name (those of a unit above may be out of the caller's lists). */
  names: objectOf({
    groups: { type: 'object', additionalProperties: stringType },
    users: { type: 'object', additionalProperties: stringType },
  }),
});

/** Names of the groups and the supervisor a policy refers to. */
async function namesOf(db: Knex, policy: Partial<DeadlinePolicy>) {
  const groups = (await db('groups')
    .whereIn('id', policy.urgeGroups ?? [])
    .select('id', 'name')) as Array<{ id: string; name: string }>;
  const users = (await db('users')
    .whereIn('username', policy.supervisor ? [policy.supervisor] : [])
    .select('username', 'display_name')) as Array<{ username: string; display_name: string }>;
  return {
    groups: Object.fromEntries(groups.map((g) => [g.id, g.name])),
    users: Object.fromEntries(users.map((u) => [u.username, u.display_name])),
  };
}

export function policyRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/deadline-policies/:tenant',
      tag: 'deadlines',
      summary: "A tenant's deadline policy: effective values (with the tenant that set each) and its own",
      response: POLICY_ANSWER,
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const kit = kitOf(deps);
        const { setBy, ...effective } = await kit.policies.effective(deps.db.knex, params.tenant!);
        const own = await kit.policies.own(deps.db.knex, params.tenant!);
        const names = await namesOf(deps.db.knex, effective);
        return { tenant: params.tenant, effective, setBy, own, names };
      },
    },
    {
      method: 'put',
      path: '/api/deadline-policies/:tenant',
      tag: 'deadlines',
      summary: "Replace a tenant's own deadline policy (keys left out are inherited)",
      response: POLICY_ANSWER,
      body: POLICY_SCHEMA as unknown as Record<string, unknown>,
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const policy = body as Partial<DeadlinePolicy>;
        if (policy.supervisor && !(await inTenantChain(deps, policy.supervisor, tenant))) {
          throw new ApiError(
            400,
            'UNKNOWN_USER',
            `user "${policy.supervisor}" does not exist or does not work for tenant ${tenant} or one above it`,
          );
        }
        if (policy.supervisionDeadline || policy.warning) {
          try {
            if (policy.supervisionDeadline) parseWorkDuration(policy.supervisionDeadline);
            // The same text a step's `warning` attribute takes; checked against a 5-working-day limit.
            if (policy.warning) warningThreshold(policy.warning, { amount: 5, unit: 'workDay' });
          } catch (err) {
            if (err instanceof CalendarError) throw calendarApiError(err);
            throw err;
          }
        }
        const kit = kitOf(deps);
        await kit.policies.save(deps.db.knex, tenant, policy, principal.username, deps.clock.now());
        const { setBy, ...effective } = await kit.policies.effective(deps.db.knex, tenant);
        return { tenant, effective, setBy, own: policy, names: await namesOf(deps.db.knex, effective) };
      },
    },
    {
      method: 'put',
      path: '/api/groups/:id/leaders',
      tag: 'deadlines',
      summary: "Set a group's leaders (they receive overdue notices); other members stop being leaders",
      response: objectOf({ group: stringType, leaders: stringList }),
      body: {
        type: 'object',
        required: ['usernames'],
        additionalProperties: false,
        properties: { usernames: { type: 'array', maxItems: 50, items: idSchema } },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        const group = await findGroup(deps.db.knex, params.id!);
        if (!group || !principal.subtree.has(group.tenant_id)) throw notFound('group', params.id!);
        const usernames = body.usernames as string[];
        await setGroupLeaders(deps.db.knex, group.id, usernames);
        return { group: group.id, leaders: usernames };
      },
    },
  );
}

import type { Knex } from 'knex';
import { knexOf, type Queryable } from '../platform/db/tx.js';
import type { TenantDirectory } from '../store/tenants.js';

/**
 * How the warning ladder, extensions and urging behave for a tenant. Stored per tenant in
 * `deadline_policies` (only the keys it sets) and merged down the tenant chain over these
 * defaults, so a township changes only what it needs (domain.md §1.6, §4.4).
 */
export interface DeadlinePolicy {
  /** Working days a task stays red before an automatic supervision order (督办单). */
  redDaysToSupervise: number;
  /** The supervision order's own time limit. */
  supervisionDeadline: string;
  /** Owner of automatic supervision orders; null = the nearest user with role `supervisor` in the case's tenant chain. */
  supervisor: string | null;
  /** Extensions allowed per step (per task). */
  maxExtensions: number;
  /** Roles that approve or reject extension requests (admins and tenant-admins always may). */
  extensionApproverRoles: string[];
  /** Who may urge (催办) manually: these roles, or members of these groups. */
  urgeRoles: string[];
  urgeGroups: string[];
  /** When a group has no member flagged as leader: its members holding one of these roles lead it. */
  leaderRoles: string[];
  /** Extra notification channels beside in-app (e.g. `sms`, `wechat`); each goes through its adapter. */
  channels: string[];
  /**
   * A deadline that needs a year whose holiday schedule is not loaded: `provisional` counts it on the
   * statutory holidays and Monday–Friday and marks it so; `refuse` raises an incident instead.
   */
  missingCalendar: 'provisional' | 'refuse';
  /**
   * When a task turns yellow (预警) if its step does not say (`civic:deadline warning`): the time left
   * ("1 workDay", "4 workHour") or the share of the time limit used ("80%"), as the step's attribute
   * reads. Null: the built-in rule (80% used, or ≤ 25% left for hour-based limits). Fixed when the task
   * is created (or its clock starts at the claim), so a change counts for tasks started after it.
   */
  warning: string | null;
}

export const DEFAULT_POLICY: DeadlinePolicy = {
  redDaysToSupervise: 2,
  supervisionDeadline: '3 workDay',
  supervisor: null,
  maxExtensions: 1,
  extensionApproverRoles: ['supervisor'],
  urgeRoles: ['supervisor'],
  urgeGroups: ['dispatch'],
  leaderRoles: ['supervisor'],
  channels: [],
  missingCalendar: 'provisional',
  warning: null,
};

export const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    redDaysToSupervise: { type: 'integer', minimum: 0, maximum: 60 },
    supervisionDeadline: { type: 'string', minLength: 1, maxLength: 40 },
    supervisor: { type: ['string', 'null'], maxLength: 64 },
    maxExtensions: { type: 'integer', minimum: 0, maximum: 10 },
    extensionApproverRoles: {
      type: 'array',
      maxItems: 10,
      items: { enum: ['admin', 'tenant-admin', 'staff', 'supervisor'] },
    },
    urgeRoles: { type: 'array', maxItems: 10, items: { enum: ['admin', 'tenant-admin', 'staff', 'supervisor'] } },
    urgeGroups: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 } },
    leaderRoles: { type: 'array', maxItems: 10, items: { enum: ['admin', 'tenant-admin', 'staff', 'supervisor'] } },
    channels: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,15}$' } },
    missingCalendar: { enum: ['provisional', 'refuse'] },
    warning: { type: ['string', 'null'], minLength: 1, maxLength: 20 },
  },
} as const;

/** How long a node keeps a tenant's effective policy for commands; other nodes' changes show within it. */
const COMMAND_TTL_MS = 5_000;

type EffectivePolicy = DeadlinePolicy & { setBy: Record<string, string> };

export class PolicyStore {
  private forCommands = new Map<string, { at: number; value: EffectivePolicy }>();

  constructor(private readonly tenants: TenantDirectory) {}

  /**
   * The effective policy as a command reads it (the warning threshold of a new task, whether
   * provisional deadlines are refused). Every command of a process with deadlines asks, so it is kept
   * briefly (like calendars), read only on a miss — on PostgreSQL a read inside the command's batch
   * would open an explicit transaction. A save on this node clears it at once.
   */
  async forCommand(db: Queryable, tenant: string): Promise<EffectivePolicy> {
    const hit = this.forCommands.get(tenant);
    if (hit && Date.now() - hit.at < COMMAND_TTL_MS) return hit.value;
    const value = await this.effective(await knexOf(db), tenant);
    this.forCommands.set(tenant, { at: Date.now(), value });
    return value;
  }

  /** The effective policy: defaults, then each tenant from the root down to `tenant`. */
  async effective(db: Knex, tenant: string): Promise<EffectivePolicy> {
    const chain = await this.tenants.chain(tenant, db);
    const rows = (await db('deadline_policies').whereIn('tenant_id', chain)) as Array<{
      tenant_id: string;
      policy: string;
    }>;
    const policy: Record<string, unknown> = { ...DEFAULT_POLICY };
    const setBy: Record<string, string> = {};
    for (const t of [...chain].reverse()) {
      const row = rows.find((r) => r.tenant_id === t);
      if (!row) continue;
      for (const [k, v] of Object.entries(JSON.parse(row.policy) as Record<string, unknown>)) {
        policy[k] = v;
        setBy[k] = t;
      }
    }
    return { ...(policy as unknown as DeadlinePolicy), setBy };
  }

  async own(db: Knex, tenant: string): Promise<Partial<DeadlinePolicy>> {
    const row = await db('deadline_policies').where({ tenant_id: tenant }).first();
    return row ? (JSON.parse(row.policy) as Partial<DeadlinePolicy>) : {};
  }

  async save(db: Knex, tenant: string, policy: Partial<DeadlinePolicy>, actor: string, now: string): Promise<void> {
    const row = { tenant_id: tenant, policy: JSON.stringify(policy), updated_by: actor, updated_at: now };
    await db('deadline_policies').insert(row).onConflict('tenant_id').merge(['policy', 'updated_by', 'updated_at']);
    this.forCommands.clear();
  }
}

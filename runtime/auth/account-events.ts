import type { Knex } from 'knex';
import { anyObject, integerType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';

export type AccountAction =
  | 'password.changed'
  | 'password.reset'
  | 'account.created'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.unlocked'
  | 'account.roles'
  | 'account.groups'
  | 'account.displayName'
  | 'group.created'
  | 'group.renamed'
  | 'group.members'
  | 'tenant.created'
  | 'tenant.renamed'
  | 'tenant.moved';

export interface AccountEvent {
  /** The tenant the changed account, group or tenant belongs to. */
  tenant: string;
  actor: string;
  action: AccountAction;
  /** `user:<name>`, `group:<id>` or `tenant:<id>`. */
  subject: string;
  /** What changed (before → after where it matters); never a password or its hash. */
  data?: Record<string, unknown>;
  address?: string;
  at: string;
}

/**
 * Records one administrative change of accounts, groups or tenants. Every such change goes
 * through here, inside the transaction that makes it, so the trail and the change commit together.
 */
export async function recordAccountEvent(db: Knex | Knex.Transaction, event: AccountEvent): Promise<void> {
  await db('account_events').insert({
    tenant_id: event.tenant,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    data: JSON.stringify(event.data ?? {}),
    address: event.address ?? null,
    at: event.at,
  });
}

export interface AccountEventView {
  id: number;
  tenant: string;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
  address: string | null;
  at: string;
}

/** What `listAccountEvents` answers, one event. */
export const ACCOUNT_EVENT_SCHEMA = objectOf({
  id: integerType,
  tenant: stringType,
  actor: stringType,
  action: stringType,
  subject: stringType,
  data: anyObject,
  address: stringOrNull,
  at: stringType,
});

export async function listAccountEvents(
  db: Knex,
  tenants: string[],
  filter: { subject?: string; limit?: number } = {},
): Promise<AccountEventView[]> {
  let q = db('account_events')
    .whereIn('tenant_id', tenants)
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200);
  if (filter.subject) q = q.where({ subject: filter.subject });
  const rows = await q;
  return rows.map(
    (r: {
      id: number;
      tenant_id: string;
      actor: string;
      action: string;
      subject: string;
      data: string;
      address: string | null;
      at: string;
    }) => ({
      id: Number(r.id),
      tenant: r.tenant_id,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      data: JSON.parse(r.data) as Record<string, unknown>,
      address: r.address,
      at: r.at,
    }),
  );
}

import type { Knex } from 'knex';
import { revokeTokens } from '../auth/index.js';
import { Group, insertMissing, Membership, Tenant, User } from './models.js';

// Rows a start writes when they are missing: the root tenant and the administrator, the examples'
// tenants, departments and demo accounts. Nobody changed the directory, so no account event is
// recorded, and a row that exists already is left as it is (a second start changes nothing).

export async function seedTenant(
  db: Knex,
  tenant: { id: string; name: string; parentId: string | null },
  now: string,
): Promise<void> {
  await insertMissing(db, Tenant, { id: tenant.id, name: tenant.name, parent_id: tenant.parentId, created_at: now });
}

export async function seedGroup(db: Knex, group: { id: string; name: string; tenantId: string }): Promise<void> {
  await insertMissing(db, Group, { id: group.id, name: group.name, tenant_id: group.tenantId });
}

export interface SeedAccount {
  username: string;
  passwordHash: string;
  displayName: string;
  tenantId: string;
  roles: string[];
  /** An account of the examples, holding the published demo password. */
  demo?: boolean;
  groups?: string[];
  /** The groups whose leader the account is. */
  leads?: string[];
}

/** An account with its memberships, when no account of that name exists. */
export async function seedAccount(db: Knex, account: SeedAccount, now: string): Promise<void> {
  const inserted = await insertMissing(db, User, {
    username: account.username,
    password_hash: account.passwordHash,
    display_name: account.displayName,
    tenant_id: account.tenantId,
    roles: account.roles,
    created_at: now,
    ...(account.demo ? { demo: true } : {}),
  });
  const leads = new Set(account.leads ?? []);
  if (inserted)
    for (const group of account.groups ?? [])
      await insertMissing(db, Membership, { username: account.username, group_id: group, leader: leads.has(group) });
}

/** The demo accounts, and whether each is disabled. */
export async function demoAccounts(db: Knex): Promise<Array<{ username: string; disabled: boolean }>> {
  const rows = await User.query(db).where({ demo: true }).orderBy('username').select('username', 'disabled');
  return rows.map((u) => ({ username: u.username, disabled: Boolean(u.disabled) }));
}

/** Enables or disables accounts at a start (disabling ends their tokens in the same transaction). */
export async function setAccountsDisabled(db: Knex, usernames: string[], disabled: boolean): Promise<void> {
  if (usernames.length === 0) return;
  await db.transaction(async (trx) => {
    await User.query(trx).whereIn('username', usernames).patch({ disabled });
    if (disabled) for (const username of usernames) await revokeTokens(trx, username);
  });
}

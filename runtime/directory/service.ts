import type { Knex } from 'knex';
import { recordAccountEvent } from '../auth/index.js';
import { requireDisplayName } from './account-service.js';
import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import { Group, insertMany, Membership, Tenant, User } from './models.js';

/**
 * The directory's reads and writes: tenants, groups (departments), the accounts created here and
 * group memberships. Each change is one transaction with its account event.
 */

/** Who changes the directory, from where and when (for the account events). */
export interface Change {
  actor: string;
  address: string;
  at: string;
}

export const changeBy = (actor: string, address: string, at: string): Change => ({ actor, address, at });

/** The tenant an id is taken in, when a group or account with it exists. */
export async function takenIn(db: Knex, kind: 'group' | 'user', id: string): Promise<string | undefined> {
  const row =
    kind === 'group'
      ? await Group.query(db).findById(id).select('tenant_id')
      : await User.query(db).findById(id).select('tenant_id');
  return row?.tenant_id;
}

export async function createTenant(
  db: Knex,
  values: { id: string; name: string; parentId: string | null },
  change: Change,
): Promise<void> {
  await db.transaction(async (trx) => {
    await Tenant.query(trx).insert({
      id: values.id,
      name: values.name,
      parent_id: values.parentId,
      created_at: change.at,
    });
    await recordAccountEvent(trx, {
      tenant: values.id,
      actor: change.actor,
      action: 'tenant.created',
      subject: `tenant:${values.id}`,
      data: { name: values.name, parentId: values.parentId },
      address: change.address,
      at: change.at,
    });
  });
}

/** Renames and/or moves a tenant (only what differs), each recorded. */
export async function updateTenant(
  db: Knex,
  tenant: { id: string; name: string; parent_id: string | null },
  values: { name?: string; parentId?: string },
  change: Change,
): Promise<void> {
  await db.transaction(async (trx) => {
    const event = { tenant: tenant.id, actor: change.actor, subject: `tenant:${tenant.id}`, address: change.address };
    if (values.name !== undefined && values.name !== tenant.name) {
      await Tenant.query(trx).findById(tenant.id).patch({ name: values.name });
      await recordAccountEvent(trx, {
        ...event,
        action: 'tenant.renamed',
        data: { before: tenant.name, after: values.name },
        at: change.at,
      });
    }
    if (values.parentId !== undefined && values.parentId !== tenant.parent_id) {
      await Tenant.query(trx).findById(tenant.id).patch({ parent_id: values.parentId });
      await recordAccountEvent(trx, {
        ...event,
        action: 'tenant.moved',
        data: { before: tenant.parent_id, after: values.parentId },
        at: change.at,
      });
    }
  });
}

export async function findGroup(db: Knex, id: string): Promise<Group | undefined> {
  return Group.query(db).findById(id);
}

/** Groups of these tenants, by id. */
export async function groupsOf(db: Knex, tenants: Iterable<string>): Promise<Group[]> {
  return Group.query(db)
    .whereIn('tenant_id', [...tenants])
    .orderBy('id');
}

/** Writes a new group with its event, inside the caller's transaction (also used by the import). */
export async function insertGroup(
  trx: Knex.Transaction,
  values: { id: string; name: string; tenantId: string },
  change: Change,
  note: Record<string, unknown> = {},
): Promise<void> {
  await Group.query(trx).insert({ id: values.id, name: values.name, tenant_id: values.tenantId });
  await recordAccountEvent(trx, {
    tenant: values.tenantId,
    actor: change.actor,
    action: 'group.created',
    subject: `group:${values.id}`,
    data: { name: values.name, ...note },
    address: change.address,
    at: change.at,
  });
}

export async function createGroup(
  db: Knex,
  values: { id: string; name: string; tenantId: string },
  change: Change,
): Promise<void> {
  await db.transaction((trx) => insertGroup(trx, values, change));
}

export async function renameGroup(db: Knex, group: Group, name: string, change: Change): Promise<void> {
  await db.transaction(async (trx) => {
    await Group.query(trx).findById(group.id).patch({ name });
    await recordAccountEvent(trx, {
      tenant: group.tenant_id,
      actor: change.actor,
      action: 'group.renamed',
      subject: `group:${group.id}`,
      data: { before: group.name, after: name },
      address: change.address,
      at: change.at,
    });
  });
}

/** A group's members by user name, with their display names and leader flags. */
export async function membersOf(db: Knex, groupId: string): Promise<User[]> {
  return Group.relatedQuery('members', db)
    .for(groupId)
    .select('users.username', 'users.display_name', 'memberships.leader')
    .orderBy('users.username') as unknown as Promise<User[]>;
}

/** Accounts among `usernames`, with the tenant each belongs to. */
export async function accountsNamed(
  db: Knex,
  usernames: string[],
): Promise<Array<Pick<User, 'username' | 'tenant_id'>>> {
  return User.query(db).whereIn('username', usernames).select('username', 'tenant_id');
}

/** Makes `wanted` the group's members: those who stay keep their leader flag; the change recorded. */
export async function replaceMembers(db: Knex, group: Group, wanted: string[], change: Change): Promise<void> {
  await db.transaction(async (trx) => {
    const before = (await Membership.query(trx).where({ group_id: group.id }).select('username'))
      .map((m) => m.username)
      .sort();
    await Membership.query(trx).where({ group_id: group.id }).whereNotIn('username', wanted).delete();
    const added = wanted.filter((u) => !before.includes(u));
    await insertMany(
      trx,
      Membership,
      added.map((username) => ({ username, group_id: group.id })),
    );
    await recordAccountEvent(trx, {
      tenant: group.tenant_id,
      actor: change.actor,
      action: 'group.members',
      subject: `group:${group.id}`,
      data: { before, after: wanted },
      address: change.address,
      at: change.at,
    });
  });
}

export interface NewAccount {
  username: string;
  passwordHash: string;
  displayName: string;
  tenantId: string;
  roles: string[];
  groups: string[];
  mustChangePassword: boolean;
}

/** Writes a new account, its memberships and its event, inside the caller's transaction (also used by the import). */
export async function insertAccount(
  trx: Knex.Transaction,
  account: NewAccount,
  change: Change,
  note: Record<string, unknown> = {},
): Promise<void> {
  await User.query(trx).insert({
    username: account.username,
    password_hash: account.passwordHash,
    display_name: account.displayName,
    tenant_id: account.tenantId,
    roles: account.roles,
    created_at: change.at,
    must_change_password: account.mustChangePassword,
  });
  await insertMany(
    trx,
    Membership,
    account.groups.map((g) => ({ username: account.username, group_id: g })),
  );
  await recordAccountEvent(trx, {
    tenant: account.tenantId,
    actor: change.actor,
    action: 'account.created',
    subject: `user:${account.username}`,
    data: { displayName: account.displayName, roles: account.roles, groups: account.groups, ...note },
    address: change.address,
    at: change.at,
  });
}

/** A new account whose display name must be unique in its tenant (checked in the same transaction). */
export async function createAccount(db: Knex, account: NewAccount, change: Change, locale: Locale): Promise<void> {
  await db.transaction(async (trx) => {
    await requireDisplayName(trx, account.tenantId, account.displayName, locale);
    await insertAccount(trx, account, change);
  });
}

/** Accounts of these tenants by user name; with `groups`, each with its group ids in order. */
export async function accountsOf(db: Knex, tenants: Iterable<string>, groups: boolean): Promise<User[]> {
  const query = User.query(db)
    .whereIn('tenant_id', [...tenants])
    .orderBy('username');
  if (!groups) return query;
  return query.withGraphFetched('groups(byId)').modifiers({
    byId: (q) => q.select('groups.id').orderBy('groups.id'),
  });
}

/**
 * Makes `usernames` the group's leaders (who receive its overdue notices); its other members stop
 * being leaders. Each must already be a member (400 NOT_A_MEMBER).
 */
export async function setGroupLeaders(db: Knex, groupId: string, usernames: string[]): Promise<void> {
  await db.transaction(async (trx) => {
    const members = (
      await Membership.query(trx).where({ group_id: groupId }).whereIn('username', usernames).select('username')
    ).map((m) => m.username);
    const strangers = usernames.filter((u) => !members.includes(u));
    if (strangers.length > 0)
      throw new ApiError(400, 'NOT_A_MEMBER', `not members of group ${groupId}: ${strangers.join(', ')}`);
    await Membership.query(trx).where({ group_id: groupId }).patch({ leader: false });
    if (usernames.length > 0)
      await Membership.query(trx).where({ group_id: groupId }).whereIn('username', usernames).patch({ leader: true });
  });
}

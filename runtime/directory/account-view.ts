import type { Knex } from 'knex';
import { booleanType, objectOf, stringList, stringOrNull, stringType } from '../platform/http/schemas.js';
import type { Role, UserRow } from '../auth/index.js';

export interface AccountView {
  username: string;
  displayName: string;
  tenantId: string;
  roles: Role[];
  groups: string[];
  leads: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  demo: boolean;
  signInBlockedUntil: string | null;
}

/** One account as its administrator sees it: roles, groups (and those it leads), state, a sign-in wait. */
export async function accountView(db: Knex, user: UserRow, now: string): Promise<AccountView> {
  const groups = (await db('memberships').where({ username: user.username }).orderBy('group_id')) as Array<{
    group_id: string;
    leader: boolean | number;
  }>;
  const waiting = await db('login_throttles')
    .where({ key: `user:${user.username}` })
    .where('blocked_until', '>', now)
    .first();
  return {
    username: user.username,
    displayName: user.display_name,
    tenantId: user.tenant_id,
    roles: JSON.parse(user.roles) as Role[],
    groups: groups.map((g) => g.group_id),
    leads: groups.filter((g) => Boolean(g.leader)).map((g) => g.group_id),
    disabled: Boolean(user.disabled),
    mustChangePassword: Boolean(user.must_change_password),
    demo: Boolean(user.demo),
    signInBlockedUntil: waiting?.blocked_until ?? null,
  };
}

/** What `accountView` answers. */
export const ACCOUNT_SCHEMA = objectOf({
  username: stringType,
  displayName: stringType,
  tenantId: stringType,
  roles: stringList,
  groups: stringList,
  leads: stringList,
  disabled: booleanType,
  mustChangePassword: booleanType,
  demo: booleanType,
  signInBlockedUntil: stringOrNull,
});

import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { checkPassword, displayNameKey, displayNameProblem, explainPassword } from '../../definitions/index.js';
import {
  checkCredentials,
  forgetPrincipals,
  hasRole,
  hashPassword,
  issueToken,
  recordAccountEvent,
  requireRole,
  revokeTokens,
  ROLES,
  unlockAccount,
  type AccountAction,
  type Principal,
  type Role,
  type UserRow,
} from '../auth/index.js';
import { ApiError, conflict, forbidden, notFound } from '../platform/http/errors.js';
import { Membership, User, insertMany } from './models.js';

type Locale = 'zh-CN' | 'en';

/** Who changes an account, from where, when. */
export interface Actor {
  principal: Principal;
  address: string;
  now: string;
  locale: Locale;
}

/** Refuses a weak password with a plain explanation of what to change (400 PASSWORD_WEAK). */
export async function requireStrongPassword(
  password: string,
  userInputs: string[],
  locale: Locale,
  field = 'password',
): Promise<void> {
  const verdict = await checkPassword(password, userInputs);
  if (verdict.ok) return;
  const message = explainPassword(verdict.reasons, locale);
  throw new ApiError(400, 'PASSWORD_WEAK', message, [
    { path: `body/${field}`, keyword: 'passwordPolicy', message, reasons: verdict.reasons },
  ]);
}

/**
 * A display name others can trust: no bidirectional overrides, zero-width or control characters,
 * and no other account of the same tenant reads the same (width, case and spacing aside).
 */
export async function requireDisplayName(
  db: Knex | Knex.Transaction,
  tenant: string,
  name: string,
  locale: Locale,
  except?: string,
): Promise<void> {
  const problem = displayNameProblem(name);
  if (problem) {
    const zh = {
      empty: '姓名不能为空',
      tooLong: '姓名太长（最多 100 个字）',
      invisible: '姓名里有看不见的字符或改变文字方向的字符，请重新输入',
      control: '姓名里有控制字符，请重新输入',
    }[problem];
    const en = {
      empty: 'the display name is empty',
      tooLong: 'the display name is too long (at most 100 characters)',
      invisible: 'the display name contains invisible or direction-changing characters; type it again',
      control: 'the display name contains control characters; type it again',
    }[problem];
    const message = locale === 'en' ? en : zh;
    throw new ApiError(400, 'DISPLAY_NAME_INVALID', message, [{ path: 'body/displayName', keyword: problem, message }]);
  }
  const key = displayNameKey(name);
  const others = (await db('users').where({ tenant_id: tenant }).select('username', 'display_name')) as Array<{
    username: string;
    display_name: string;
  }>;
  const same = others.find((u) => u.username !== except && displayNameKey(u.display_name) === key);
  if (same)
    throw conflict(
      'DISPLAY_NAME_TAKEN',
      locale === 'en'
        ? `another account of this unit is already called "${name}"; add something that tells them apart`
        : `本单位已有账号叫“${name}”，请加上能区分的内容（如部门）`,
    );
}

/** A user the caller administers: in its subtree (else 404), and an administrator's account only for an administrator. */
export async function managedUser(db: Knex | Knex.Transaction, p: Principal, username: string): Promise<UserRow> {
  requireRole(p, 'tenant-admin');
  const user = (await db('users').where({ username }).first()) as UserRow | undefined;
  if (!user || !p.subtree.has(user.tenant_id)) throw notFound('user', username);
  if ((JSON.parse(user.roles) as string[]).includes('admin') && !hasRole(p))
    throw forbidden('only an administrator may change an administrator account');
  return user;
}

const event = (
  actor: Actor,
  user: { username: string; tenant_id: string },
  action: AccountAction,
  data?: Record<string, unknown>,
) => ({
  tenant: user.tenant_id,
  actor: actor.principal.username,
  action,
  subject: `user:${user.username}`,
  address: actor.address,
  at: actor.now,
  ...(data ? { data } : {}),
});

export class AccountService {
  constructor(private readonly knex: Knex) {}

  /** With the current password (also when a reset made it due): a new password, every old token ends, a new one comes. */
  async changePassword(
    username: string,
    password: string,
    newPassword: string,
    address: string,
    now: string,
    locale: Locale,
  ): Promise<{ token: string; expiresAt: string }> {
    const user = await checkCredentials(this.knex, username, password, address, now);
    await requireStrongPassword(newPassword, [user.username, user.display_name], locale, 'newPassword');
    if (newPassword === password)
      throw new ApiError(
        400,
        'PASSWORD_UNCHANGED',
        locale === 'en' ? 'the new password must differ from the current one' : '新密码不能和原密码相同',
      );
    const hash = await hashPassword(newPassword);
    await this.knex.transaction(async (trx) => {
      await User.query(trx).findById(username).patch({ password_hash: hash, must_change_password: false, demo: false });
      await revokeTokens(trx, username);
      await recordAccountEvent(trx, {
        tenant: user.tenant_id,
        actor: username,
        action: 'password.changed',
        subject: `user:${username}`,
        address,
        at: now,
      });
    });
    forgetPrincipals(this.knex);
    return issueToken(this.knex, username, now);
  }

  /** An administrator sets a temporary password (or has one generated): the user must replace it at the next sign-in. */
  async resetPassword(actor: Actor, username: string, temporary?: string): Promise<{ temporaryPassword?: string }> {
    const user = await managedUser(this.knex, actor.principal, username);
    const generated = temporary ? undefined : randomBytes(9).toString('base64url');
    const password = temporary ?? generated!;
    if (temporary) await requireStrongPassword(temporary, [user.username, user.display_name], actor.locale);
    const hash = await hashPassword(password);
    await this.knex.transaction(async (trx) => {
      await User.query(trx).findById(username).patch({ password_hash: hash, must_change_password: true, demo: false });
      await revokeTokens(trx, username);
      await recordAccountEvent(trx, event(actor, user, 'password.reset', { generated: Boolean(generated) }));
    });
    await unlockAccount(this.knex, username);
    forgetPrincipals(this.knex);
    return generated ? { temporaryPassword: generated } : {};
  }

  /** A disabled account cannot sign in, and its tokens stop working at once. */
  async setDisabled(actor: Actor, username: string, disabled: boolean): Promise<void> {
    const user = await managedUser(this.knex, actor.principal, username);
    if (username === actor.principal.username)
      throw new ApiError(409, 'OWN_ACCOUNT', 'you cannot disable your own account');
    if (Boolean(user.disabled) === disabled) return;
    await this.knex.transaction(async (trx) => {
      await User.query(trx).findById(username).patch({ disabled });
      if (disabled) await revokeTokens(trx, username);
      await recordAccountEvent(trx, event(actor, user, disabled ? 'account.disabled' : 'account.enabled'));
    });
    forgetPrincipals(this.knex);
  }

  async unlock(actor: Actor, username: string): Promise<void> {
    const user = await managedUser(this.knex, actor.principal, username);
    await this.knex.transaction(async (trx) => {
      await unlockAccount(trx, username);
      await recordAccountEvent(trx, event(actor, user, 'account.unlocked'));
    });
  }

  async setRoles(actor: Actor, username: string, roles: Role[]): Promise<Role[]> {
    const user = await managedUser(this.knex, actor.principal, username);
    if (username === actor.principal.username)
      throw new ApiError(409, 'OWN_ACCOUNT', 'you cannot change your own roles; ask another administrator');
    if (roles.includes('admin') && !hasRole(actor.principal))
      throw forbidden('only an administrator may grant the admin role');
    const unique = ROLES.filter((r) => roles.includes(r));
    const before = JSON.parse(user.roles) as Role[];
    await this.knex.transaction(async (trx) => {
      await User.query(trx).findById(username).patch({ roles: unique });
      await recordAccountEvent(trx, event(actor, user, 'account.roles', { before, after: unique }));
    });
    forgetPrincipals(this.knex);
    return unique;
  }

  async setGroups(actor: Actor, username: string, groups: string[]): Promise<string[]> {
    const user = await managedUser(this.knex, actor.principal, username);
    const wanted = [...new Set(groups)].sort();
    await requireGroupsVisible(this.knex, actor.principal, wanted);
    await this.knex.transaction(async (trx) => {
      const before = (await Membership.query(trx).where({ username }).select('group_id')).map((m) => m.group_id).sort();
      await Membership.query(trx).where({ username }).whereNotIn('group_id', wanted).delete();
      await insertMany(
        trx,
        Membership,
        wanted.filter((g) => !before.includes(g)).map((g) => ({ username, group_id: g })),
      );
      await recordAccountEvent(trx, event(actor, user, 'account.groups', { before, after: wanted }));
    });
    forgetPrincipals(this.knex);
    return wanted;
  }

  async setDisplayName(actor: Actor, username: string, displayName: string): Promise<void> {
    const user = await managedUser(this.knex, actor.principal, username);
    await this.knex.transaction(async (trx) => {
      await requireDisplayName(trx, user.tenant_id, displayName, actor.locale, username);
      await User.query(trx).findById(username).patch({ display_name: displayName });
      await recordAccountEvent(
        trx,
        event(actor, user, 'account.displayName', { before: user.display_name, after: displayName }),
      );
    });
    forgetPrincipals(this.knex);
  }
}

/** Groups the caller may hand out: those of its subtree (404-like 400 for the rest, as for unknown ones). */
export async function requireGroupsVisible(db: Knex | Knex.Transaction, p: Principal, groups: string[]): Promise<void> {
  const known = (await db('groups').whereIn('id', groups).select('id', 'tenant_id')) as Array<{
    id: string;
    tenant_id: string;
  }>;
  for (const g of groups) {
    const row = known.find((k) => k.id === g);
    if (!row || !p.subtree.has(row.tenant_id))
      throw new ApiError(400, 'GROUP_UNKNOWN', `group "${g}" does not exist or is not visible to you`);
  }
}

import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ApiError } from '../platform/http/errors.js';
import { objectOf, stringType } from '../platform/http/schemas.js';
import { select } from '../platform/db/tx.js';
import type { TenantDirectory } from '../store/tenants.js';
import { ROLES, type Principal, type Role } from '../platform/http/principal.js';
import { beginAttempt } from './throttle.js';

export { ROLES, type Principal, type Role };

const TOKEN_HOURS = 12;
const BCRYPT_ROUNDS = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export { MAX_PASSWORD_BYTES } from '../../definitions/index.js';

const DUMMY_HASH = '$2b$10$kmEfWEUVrODJBtesEqYj8eHY5amH6J77265xvhtKob6EKGGmIRriG';

export interface UserRow {
  username: string;
  password_hash: string;
  display_name: string;
  tenant_id: string;
  roles: string;
  disabled: boolean | number;
  must_change_password: boolean | number;
  demo: boolean | number;
}

/**
 * Checks a user name and password under the sign-in throttle (per account and per client
 * address, see `beginAttempt`). A wrong user name and a wrong password cost the same and give the
 * same answer; unknown names are throttled exactly like real ones, so waiting reveals nothing. A
 * disabled account is named only to whoever knows its password.
 */
export async function checkCredentials(
  knex: Knex,
  username: string,
  password: string,
  address: string,
  now: string,
): Promise<UserRow> {
  const attempt = await beginAttempt(knex, username, address, now);
  const user = (await knex('users').where({ username }).first()) as UserRow | undefined;
  const ok = await bcrypt.compare(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    await attempt.failed();
    throw new ApiError(401, 'INVALID_CREDENTIALS', 'user name or password is wrong');
  }
  await attempt.succeeded();
  if (user.disabled) throw new ApiError(403, 'ACCOUNT_DISABLED', 'this account is disabled; ask your administrator');
  return user;
}

/** What `issueToken` answers (a sign-in, a password change). */
export const TOKEN_SCHEMA = objectOf({ token: stringType, expiresAt: stringType });

export async function issueToken(
  knex: Knex,
  username: string,
  now: string,
): Promise<{ token: string; expiresAt: string }> {
  // Expired tokens of this user go as a new one comes.
  await knex('auth_tokens').where({ username }).where('expires_at', '<=', now).delete();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = DateTime.fromISO(now).plus({ hours: TOKEN_HOURS }).toUTC().toISO()!;
  await knex('auth_tokens').insert({ token_hash: sha256(token), username, expires_at: expiresAt });
  return { token, expiresAt };
}

/** Signs in. A password an administrator reset must be replaced first (403 PASSWORD_CHANGE_REQUIRED, no token). */
export async function login(
  knex: Knex,
  username: string,
  password: string,
  address: string,
  now: string,
): Promise<{ token: string; expiresAt: string }> {
  const user = await checkCredentials(knex, username, password, address, now);
  if (user.must_change_password) {
    throw new ApiError(
      403,
      'PASSWORD_CHANGE_REQUIRED',
      'your password was reset: choose a new one (POST /api/auth/password with the current password and a new one)',
    );
  }
  return issueToken(knex, username, now);
}

/** Every token of an account ends at once (disabled, password changed or reset). */
export async function revokeTokens(knex: Knex | Knex.Transaction, username: string): Promise<void> {
  await knex('auth_tokens').where({ username }).delete();
}

/**
 * The principal behind a bearer token: one query (token, user and groups together), and kept for
 * two seconds per token in this process (all but its tenant subtree, which the tenant directory
 * answers fresh), so a burst of requests costs one lookup. Logging out
 * here forgets it at once; elsewhere within those two seconds (the same holds for a changed
 * account, see `forgetPrincipals`).
 */
export async function authenticate(
  knex: Knex,
  tenants: TenantDirectory,
  token: string,
  now: string,
): Promise<Principal> {
  const hash = sha256(token);
  const cache = principalsOf(knex);
  const hit = cache.get(hash);
  // The subtree comes from the tenant directory on every request: a tenant created a moment ago is reachable at once.
  if (hit && Date.now() - hit.cachedAt < PRINCIPAL_TTL_MS && hit.expiresAt > now)
    return {
      ...hit.principal,
      subtree: await reachOf(tenants, hit.principal.tenant, hit.principal.roles),
      above: await aboveOf(tenants, hit.principal.tenant),
    };
  const pg = knex.client.config.client === 'pg';
  const [row] = await select<{
    expires_at: string;
    username: string;
    display_name: string;
    tenant_id: string;
    roles: string;
    groups: string | null;
  }>(
    knex,
    `select a.expires_at, u.username, u.display_name, u.tenant_id, u.roles, ${pg ? 'string_agg(m.group_id, chr(31))' : 'group_concat(m.group_id, char(31))'} as groups
       from auth_tokens a join users u on u.username = a.username left join memberships m on m.username = u.username
      where a.token_hash = ? and not u.disabled group by a.expires_at, u.username, u.display_name, u.tenant_id, u.roles`,
    [hash],
  );
  if (!row || row.expires_at <= now)
    throw new ApiError(401, 'UNAUTHENTICATED', 'the token is missing, unknown or expired; log in again');
  const principal: Principal = {
    username: row.username,
    displayName: row.display_name,
    tenant: row.tenant_id,
    roles: JSON.parse(row.roles) as Role[],
    groups: row.groups ? row.groups.split('\u001f').sort() : [],
    subtree: new Set(),
  };
  principal.subtree = await reachOf(tenants, row.tenant_id, principal.roles);
  principal.above = await aboveOf(tenants, row.tenant_id);
  if (cache.size >= PRINCIPAL_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(hash, { principal, expiresAt: row.expires_at, cachedAt: Date.now() });
  return principal;
}

/**
 * The tenants a user reaches: their tenant's subtree; a system administrator every tenant, the
 * roots beside their own included (a root tenant they create must not vanish from their view).
 */
async function reachOf(tenants: TenantDirectory, tenant: string, roles: readonly Role[]): Promise<Set<string>> {
  if (roles.includes('admin'))
    return new Set([...(await tenants.all()).map((t) => t.id), ...(await tenants.subtree(tenant))]);
  return tenants.subtree(tenant);
}

/** The tenants above a user's own, nearest first (see `Principal.above`). */
async function aboveOf(tenants: TenantDirectory, tenant: string): Promise<Set<string>> {
  return new Set((await tenants.chain(tenant)).slice(1));
}

const PRINCIPAL_TTL_MS = 2_000;
const PRINCIPAL_CACHE_LIMIT = 10_000;
const principalCaches = new WeakMap<Knex, Map<string, { principal: Principal; expiresAt: string; cachedAt: number }>>();
function principalsOf(knex: Knex) {
  let cache = principalCaches.get(knex);
  if (!cache) principalCaches.set(knex, (cache = new Map()));
  return cache;
}

/** Forget every cached principal of this database (after an account's roles or groups changed). */
export function forgetPrincipals(knex: Knex): void {
  principalsOf(knex).clear();
}

export async function logout(knex: Knex, token: string): Promise<void> {
  const hash = sha256(token);
  principalsOf(knex).delete(hash);
  await knex('auth_tokens').where({ token_hash: hash }).delete();
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.includes('admin') || roles.some((r) => p.roles.includes(r));
}

/** Throws 404 (not 403) for tenants outside the caller's subtree: other townships' data does not exist for them. */
export function requireTenantAccess(p: Principal, tenant: string, what = 'tenant'): void {
  if (!p.subtree.has(tenant))
    throw new ApiError(404, 'NOT_FOUND', `${what} "${tenant}" does not exist or is not visible to you`);
}

/**
 * The tenant must exist and lie in the caller's subtree. Both failures give the same 404, so a
 * township cannot learn which other tenants exist. (A tenant created by another server process
 * after the caller's subtree was computed is found by recomputing it once.)
 */
export async function requireVisibleTenant(p: Principal, tenants: TenantDirectory, id: string): Promise<void> {
  const exists = (await tenants.get(id)) !== undefined;
  const visible = exists && (p.subtree.has(id) || (await reachOf(tenants, p.tenant, p.roles)).has(id));
  if (!visible) requireTenantAccess({ ...p, subtree: new Set() }, id);
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!hasRole(p, ...roles))
    throw new ApiError(403, 'FORBIDDEN', `this needs one of the roles: ${['admin', ...roles].join(', ')}`);
}

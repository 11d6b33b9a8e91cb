import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ApiError } from '../platform/http/errors.js';
import { select } from '../platform/db/tx.js';
import type { TenantDirectory } from '../store/tenants.js';
import { ROLES, type Principal, type Role } from '../platform/http/principal.js';

export { ROLES, type Principal, type Role };

const TOKEN_HOURS = 12;
const MAX_FAILURES = 5;
const LOCK_SECONDS = 60;
const BCRYPT_ROUNDS = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** bcrypt reads at most 72 bytes of a password and silently ignores the rest. */
export const MAX_PASSWORD_BYTES = 72;

/** Why a new password is unacceptable, or undefined when it is fine. */
export function passwordProblem(password: string): string | undefined {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `must NOT be longer than ${MAX_PASSWORD_BYTES} bytes (UTF-8)`;
  return undefined;
}

/** Failed logins for user names that do not exist, per database, so they lock exactly like real ones. */
const unknownUsers = new WeakMap<Knex, Map<string, { failures: number; lockedUntil: string | null }>>();
const MAX_TRACKED_UNKNOWN = 10_000;
const DUMMY_HASH = '$2b$10$kmEfWEUVrODJBtesEqYj8eHY5amH6J77265xvhtKob6EKGGmIRriG';

const lockUntil = (now: string) => DateTime.fromISO(now).plus({ seconds: LOCK_SECONDS }).toUTC().toISO()!;

/**
 * Checks a password and issues a bearer token. A wrong user name and a wrong password give the
 * same answer; after 5 failures the account is locked for a minute (429), and a user name that
 * does not exist is throttled the same way, so locking reveals nothing. Each attempt is counted
 * atomically *before* the password is checked, so concurrent guesses cannot slip past the limit.
 */
export async function login(knex: Knex, username: string, password: string, now: string): Promise<{ token: string; expiresAt: string }> {
  const invalid = new ApiError(401, 'INVALID_CREDENTIALS', 'user name or password is wrong');
  const tooMany = new ApiError(429, 'TOO_MANY_ATTEMPTS', 'too many failed logins; try again in a minute');
  const user = await knex('users').where({ username }).first();
  if (!user) {
    let byName = unknownUsers.get(knex);
    if (!byName) unknownUsers.set(knex, (byName = new Map()));
    const entry = byName.get(username) ?? { failures: 0, lockedUntil: null };
    if (entry.lockedUntil && entry.lockedUntil > now) throw tooMany;
    if (entry.lockedUntil) Object.assign(entry, { failures: 0, lockedUntil: null });
    entry.failures++;
    if (entry.failures >= MAX_FAILURES) Object.assign(entry, { failures: 0, lockedUntil: lockUntil(now) });
    byName.delete(username);
    byName.set(username, entry);
    if (byName.size > MAX_TRACKED_UNKNOWN) byName.delete(byName.keys().next().value!);
    await bcrypt.compare(password, DUMMY_HASH); // same cost either way
    throw invalid;
  }
  // Count this attempt unless the account is locked; a lock that has run out starts a fresh count.
  const notLocked = (q: Knex.QueryBuilder) => q.whereNull('locked_until').orWhere('locked_until', '<=', now);
  await knex('users').where({ username }).whereNotNull('locked_until').where('locked_until', '<=', now).update({ failed_logins: 0, locked_until: null });
  const counted = (await knex('users').where({ username }).where(notLocked).increment('failed_logins', 1).returning('failed_logins')) as Array<{ failed_logins: number }>;
  if (counted.length !== 1) throw tooMany;
  const attempt = Number(counted[0]!.failed_logins);
  const lock = () => knex('users').where({ username }).where(notLocked).update({ failed_logins: 0, locked_until: lockUntil(now) });
  if (attempt > MAX_FAILURES) {
    await lock();
    throw tooMany;
  }
  if (!(await bcrypt.compare(password, user.password_hash))) {
    if (attempt >= MAX_FAILURES) await lock();
    throw invalid;
  }
  await knex('users').where({ username }).update({ failed_logins: 0 });
  // Expired tokens of this user go as a new one comes.
  await knex('auth_tokens').where({ username }).where('expires_at', '<=', now).delete();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = DateTime.fromISO(now).plus({ hours: TOKEN_HOURS }).toUTC().toISO()!;
  await knex('auth_tokens').insert({ token_hash: sha256(token), username, expires_at: expiresAt });
  return { token, expiresAt };
}

/**
 * The principal behind a bearer token: one query (token, user and groups together), and kept for
 * two seconds per token in this process (all but its tenant subtree, which the tenant directory
 * answers fresh), so a burst of requests costs one lookup. Logging out
 * here forgets it at once; elsewhere within those two seconds (the same holds for a changed
 * account, see `forgetPrincipals`).
 */
export async function authenticate(knex: Knex, tenants: TenantDirectory, token: string, now: string): Promise<Principal> {
  const hash = sha256(token);
  const cache = principalsOf(knex);
  const hit = cache.get(hash);
  // The subtree comes from the tenant directory on every request: a tenant created a moment ago is reachable at once.
  if (hit && Date.now() - hit.cachedAt < PRINCIPAL_TTL_MS && hit.expiresAt > now) return { ...hit.principal, subtree: await reachOf(tenants, hit.principal.tenant, hit.principal.roles) };
  const pg = knex.client.config.client === 'pg';
  const [row] = await select<{ expires_at: string; username: string; display_name: string; tenant_id: string; roles: string; groups: string | null }>(
    knex,
    `select a.expires_at, u.username, u.display_name, u.tenant_id, u.roles, ${pg ? 'string_agg(m.group_id, chr(31))' : 'group_concat(m.group_id, char(31))'} as groups
       from auth_tokens a join users u on u.username = a.username left join memberships m on m.username = u.username
      where a.token_hash = ? group by a.expires_at, u.username, u.display_name, u.tenant_id, u.roles`,
    [hash],
  );
  if (!row || row.expires_at <= now) throw new ApiError(401, 'UNAUTHENTICATED', 'the token is missing, unknown or expired; log in again');
  const principal: Principal = {
    username: row.username,
    displayName: row.display_name,
    tenant: row.tenant_id,
    roles: JSON.parse(row.roles) as Role[],
    groups: row.groups ? row.groups.split('\u001f').sort() : [],
    subtree: new Set(),
  };
  principal.subtree = await reachOf(tenants, row.tenant_id, principal.roles);
  if (cache.size >= PRINCIPAL_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(hash, { principal, expiresAt: row.expires_at, cachedAt: Date.now() });
  return principal;
}

/**
 * The tenants a user reaches: their tenant's subtree; a system administrator every tenant, the
 * roots beside their own included (a root tenant they create must not vanish from their view).
 */
async function reachOf(tenants: TenantDirectory, tenant: string, roles: readonly Role[]): Promise<Set<string>> {
  if (roles.includes('admin')) return new Set([...(await tenants.all()).map((t) => t.id), ...(await tenants.subtree(tenant))]);
  return tenants.subtree(tenant);
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
  if (!p.subtree.has(tenant)) throw new ApiError(404, 'NOT_FOUND', `${what} "${tenant}" does not exist or is not visible to you`);
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
  if (!hasRole(p, ...roles)) throw new ApiError(403, 'FORBIDDEN', `this needs one of the roles: ${['admin', ...roles].join(', ')}`);
}

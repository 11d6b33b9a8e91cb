import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ApiError } from '../errors.js';
import type { TenantDirectory } from '../store/tenants.js';

export const ROLES = ['admin', 'tenant-admin', 'staff', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, with what they may reach. */
export interface Principal {
  username: string;
  displayName: string;
  tenant: string;
  roles: Role[];
  groups: string[];
  /** The caller's tenant and everything below it. */
  subtree: Set<string>;
}

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
  const token = randomBytes(32).toString('base64url');
  const expiresAt = DateTime.fromISO(now).plus({ hours: TOKEN_HOURS }).toUTC().toISO()!;
  await knex('auth_tokens').insert({ token_hash: sha256(token), username, expires_at: expiresAt });
  return { token, expiresAt };
}

export async function authenticate(knex: Knex, tenants: TenantDirectory, token: string, now: string): Promise<Principal> {
  const row = await knex('auth_tokens').where({ token_hash: sha256(token) }).first();
  if (!row || row.expires_at <= now) throw new ApiError(401, 'UNAUTHENTICATED', 'the token is missing, unknown or expired; log in again');
  return loadPrincipal(knex, tenants, row.username as string);
}

export async function loadPrincipal(knex: Knex, tenants: TenantDirectory, username: string): Promise<Principal> {
  const user = await knex('users').where({ username }).first();
  if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'the account no longer exists');
  const groups = (await knex('memberships').where({ username }).select('group_id')).map((r: { group_id: string }) => r.group_id);
  return {
    username,
    displayName: user.display_name,
    tenant: user.tenant_id,
    roles: JSON.parse(user.roles) as Role[],
    groups,
    subtree: await tenants.subtree(user.tenant_id),
  };
}

export async function logout(knex: Knex, token: string): Promise<void> {
  await knex('auth_tokens').where({ token_hash: sha256(token) }).delete();
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
  const visible = exists && (p.subtree.has(id) || (await tenants.subtree(p.tenant)).has(id));
  if (!visible) requireTenantAccess({ ...p, subtree: new Set() }, id);
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!hasRole(p, ...roles)) throw new ApiError(403, 'FORBIDDEN', `this needs one of the roles: ${['admin', ...roles].join(', ')}`);
}

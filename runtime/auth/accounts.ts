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

/**
 * Checks a password and issues a bearer token. A wrong user name and a wrong password give the
 * same answer; after repeated failures the account is locked for a minute.
 */
export async function login(knex: Knex, username: string, password: string, now: string): Promise<{ token: string; expiresAt: string }> {
  const invalid = new ApiError(401, 'INVALID_CREDENTIALS', 'user name or password is wrong');
  const user = await knex('users').where({ username }).first();
  if (!user) {
    await bcrypt.compare(password, '$2b$10$kmEfWEUVrODJBtesEqYj8eHY5amH6J77265xvhtKob6EKGGmIRriG'); // same cost either way
    throw invalid;
  }
  if (user.locked_until && user.locked_until > now) {
    throw new ApiError(429, 'TOO_MANY_ATTEMPTS', 'too many failed logins; try again in a minute');
  }
  if (!(await bcrypt.compare(password, user.password_hash))) {
    const failures = (user.failed_logins as number) + 1;
    const lockedUntil = failures >= MAX_FAILURES ? DateTime.fromISO(now).plus({ seconds: LOCK_SECONDS }).toUTC().toISO() : null;
    await knex('users').where({ username }).update({ failed_logins: failures >= MAX_FAILURES ? 0 : failures, locked_until: lockedUntil });
    throw invalid;
  }
  await knex('users').where({ username }).update({ failed_logins: 0, locked_until: null });
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

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!hasRole(p, ...roles)) throw new ApiError(403, 'FORBIDDEN', `this needs one of the roles: ${['admin', ...roles].join(', ')}`);
}

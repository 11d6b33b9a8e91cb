import type { Knex } from 'knex';
import { ApiError } from '../platform/http/errors.js';

export interface ThrottleSettings {
  /** Failed sign-ins an account may have before it waits. */
  accountFree: number;
  /** Failed sign-ins one client address may have (across user names) before it waits. */
  addressFree: number;
  /** The first wait; each further failure doubles it, up to `maxSeconds`. */
  baseSeconds: number;
  maxSeconds: number;
  /** A key with no failure for this long starts again from zero. */
  forgetSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountFree: 5,
  addressFree: 30,
  baseSeconds: 30,
  maxSeconds: 900,
  forgetSeconds: 3600,
};

const settingsByDb = new WeakMap<Knex, ThrottleSettings>();
const prunedAt = new WeakMap<Knex, number>();

export function configureThrottle(knex: Knex, settings: Partial<ThrottleSettings> = {}): void {
  settingsByDb.set(knex, { ...DEFAULT_THROTTLE, ...settings });
}
const settingsOf = (knex: Knex) => settingsByDb.get(knex) ?? DEFAULT_THROTTLE;

export class LoginThrottled extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'LOGIN_THROTTLED', `too many failed sign-ins; try again in ${retryAfter} seconds`, undefined, {
      retryAfter,
    });
  }
}

const plusSeconds = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();
const secondsUntil = (iso: string, now: string) => Math.max(1, Math.ceil((Date.parse(iso) - Date.parse(now)) / 1000));

interface Counted {
  key: string;
  free: number;
  failures: number;
  allowed: number;
}

/** One sign-in attempt holding its place in the counters of the account and of the client address. */
export interface Attempt {
  /** The password was right: the account starts from zero, the address forgets this attempt. */
  succeeded(): Promise<void>;
  /** The password was wrong: the failure stays counted, and the last allowed one starts a wait (doubling each time). */
  failed(): Promise<void>;
}

/**
 * Counts a sign-in attempt *before* its password is checked, atomically and only while the key
 * may still try (`failures < allowed` and no wait running), so concurrent guesses cannot slip past
 * the limit. Waits grow exponentially but always end; nothing locks an account for good.
 */
export async function beginAttempt(knex: Knex, username: string, address: string, now: string): Promise<Attempt> {
  const s = settingsOf(knex);
  await prune(knex, s, now);
  const counted: Counted[] = [];
  try {
    for (const [key, free] of [
      [`user:${username}`, s.accountFree],
      [`addr:${address}`, s.addressFree],
    ] as const)
      counted.push(await count(knex, key, free, s, now));
  } catch (err) {
    for (const c of counted) await uncount(knex, c.key);
    throw err;
  }
  const [account, client] = counted as [Counted, Counted];
  return {
    async succeeded() {
      await knex('login_throttles')
        .where({ key: account.key })
        .update({ failures: 0, allowed: account.free, blocked_until: null });
      await uncount(knex, client.key);
    },
    async failed() {
      for (const c of counted) {
        if (c.failures < c.allowed) continue;
        const wait = Math.min(s.baseSeconds * 2 ** Math.min(c.failures - c.free, 30), s.maxSeconds);
        await knex('login_throttles')
          .where({ key: c.key })
          .update({ blocked_until: plusSeconds(now, wait), allowed: c.failures + 1 });
      }
    },
  };
}

async function count(knex: Knex, key: string, free: number, s: ThrottleSettings, now: string): Promise<Counted> {
  await knex('login_throttles')
    .insert({ key, failures: 0, allowed: free, blocked_until: null, last_at: now })
    .onConflict('key')
    .ignore();
  const notWaiting = (q: Knex.QueryBuilder) => q.whereNull('blocked_until').orWhere('blocked_until', '<=', now);
  await knex('login_throttles')
    .where({ key })
    .where('last_at', '<=', plusSeconds(now, -s.forgetSeconds))
    .where(notWaiting)
    .update({ failures: 0, allowed: free, blocked_until: null });
  const rows = (await knex('login_throttles')
    .where({ key })
    .where('failures', '<', knex.ref('allowed'))
    .where(notWaiting)
    .update({ failures: knex.raw('failures + 1'), last_at: now }, ['failures', 'allowed'])) as Array<{
    failures: number;
    allowed: number;
  }>;
  if (rows.length === 1) return { key, free, failures: Number(rows[0]!.failures), allowed: Number(rows[0]!.allowed) };
  const row = await knex('login_throttles').where({ key }).first();
  // No wait set yet means the last allowed attempt is being checked right now.
  throw new LoginThrottled(row?.blocked_until && row.blocked_until > now ? secondsUntil(row.blocked_until, now) : 1);
}

async function uncount(knex: Knex, key: string): Promise<void> {
  await knex('login_throttles').where({ key }).where('failures', '>', 0).decrement('failures', 1);
}

/** An administrator lifts an account's wait and its count at once. */
export async function unlockAccount(knex: Knex | Knex.Transaction, username: string): Promise<void> {
  await knex('login_throttles')
    .where({ key: `user:${username}` })
    .delete();
}

/** The wait an account is in, if any (for the administration screen). */
export async function accountWait(knex: Knex, username: string, now: string): Promise<number | undefined> {
  const row = await knex('login_throttles')
    .where({ key: `user:${username}` })
    .first();
  return row?.blocked_until && row.blocked_until > now ? secondsUntil(row.blocked_until, now) : undefined;
}

/** Keys idle for twice the forgetting time are dropped, at most once a minute per process: a spray of names cannot grow the table forever. */
async function prune(knex: Knex, s: ThrottleSettings, now: string): Promise<void> {
  const last = prunedAt.get(knex) ?? 0;
  if (Date.now() - last < 60_000) return;
  prunedAt.set(knex, Date.now());
  const before = plusSeconds(now, -2 * Math.max(s.forgetSeconds, s.maxSeconds));
  await knex('login_throttles')
    .where('last_at', '<', before)
    .where((q) => q.whereNull('blocked_until').orWhere('blocked_until', '<', now))
    .delete();
}

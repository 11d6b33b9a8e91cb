import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import { actorNames, hasRole, type Principal } from '../auth/index.js';
import { notify } from '../deadlines/index.js';
import type { Deps } from '../platform/http/deps.js';
import { beijingDay, type LeaveProxyRow } from '../store/leave-proxies.js';
import type { TaskRow } from '../store/task-row.js';
import { delegationOf, handOverTask } from '../tasks/index.js';
import { leaveProxyRefused } from './errors.js';
import { isDay, overlaps, periodWords, stateOf } from './period.js';

export interface Caller {
  deps: Deps;
  principal: Principal;
  locale: Locale;
}

export interface LeaveProxyInput {
  /** The person away (default: the caller); another person only for an administrator of their unit. */
  user?: string;
  proxy: string;
  startsOn: string;
  endsOn?: string | null;
  reason?: string;
  /** Hand over the person's open personal tasks when the period starts (default true). */
  handover?: boolean;
}

/** The actor of hand-overs no person started (a period that began on a later day). */
export const HANDOVER_ACTOR = 'system:leave-proxy';

interface UserRow {
  username: string;
  display_name: string;
  tenant_id: string;
  disabled: boolean | number;
}

/** Sets a period: checked (no self, same unit, one at a time, no chains), stored, and handed over at once when it starts today. */
export async function setLeaveProxy(c: Caller, input: LeaveProxyInput) {
  const { deps, principal, locale } = c;
  const knex = deps.db.knex;
  const now = deps.clock.now();
  const today = beijingDay(now);
  const user = await personFor(c, input.user ?? principal.username);
  if (input.proxy === user.username) throw leaveProxyRefused('PROXY_SELF', locale);
  const proxy = (await knex('users').where({ username: input.proxy }).first()) as UserRow | undefined;
  if (!proxy) throw leaveProxyRefused('PROXY_NOT_FOUND', locale);
  if (proxy.disabled) throw leaveProxyRefused('PROXY_DISABLED', locale, proxy.display_name);
  if (proxy.tenant_id !== user.tenant_id) {
    const unit = (await deps.tenants.get(user.tenant_id))?.name ?? user.tenant_id;
    throw leaveProxyRefused('PROXY_OTHER_UNIT', locale, proxy.display_name, unit);
  }
  const period = { starts_on: input.startsOn, ends_on: input.endsOn ?? null };
  if (!isDay(period.starts_on) || (period.ends_on !== null && !isDay(period.ends_on)))
    throw leaveProxyRefused('PERIOD_INVALID', locale);
  if (period.ends_on !== null && period.ends_on < period.starts_on) throw leaveProxyRefused('PERIOD_INVALID', locale);
  if (period.starts_on < today) throw leaveProxyRefused('PERIOD_IN_PAST', locale);

  const reason = input.reason?.trim() || null;
  const id = await knex.transaction(async (trx) => {
    // Two periods set at once that involve one person must not both pass the checks (PostgreSQL; SQLite has one writer).
    if (deps.db.dialect === 'postgres')
      await trx('users').whereIn('username', [user.username, proxy.username]).orderBy('username').forUpdate();
    await refuseClashes(trx, c, user, proxy, period);
    const [inserted] = await trx('leave_proxies')
      .insert({
        tenant_id: user.tenant_id,
        username: user.username,
        proxy: proxy.username,
        starts_on: period.starts_on,
        ends_on: period.ends_on,
        reason,
        handover: input.handover !== false,
        created_by: principal.username,
        created_at: now,
      })
      .returning('id');
    // The proxy learns of it at once, not only when a first task arrives; the notice commits with the period.
    await notify(
      trx,
      {
        tenant: user.tenant_id,
        instanceId: null,
        kind: 'leave-proxy',
        subject: `离岗代理：${user.display_name}（${periodWords(period, 'zh-CN', now)}）的个人待办将转给您`,
        ...(reason ? { body: reason } : {}),
        recipients: [{ kind: 'user', id: proxy.username }],
      },
      [],
      now,
    );
    return Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  });
  forget(deps);
  const handedOver = period.starts_on <= today ? await handOverIfDue(deps, id, principal.username) : 0;
  const row = (await knex('leave_proxies').where({ id }).first()) as LeaveProxyRow;
  return { ...(await views(deps, [row], locale))[0]!, handedOver };
}

/** One period at a time per person, and no chains: the proxy is not away then, the person stands in for nobody then. */
async function refuseClashes(
  trx: Knex.Transaction,
  c: Caller,
  user: UserRow,
  proxy: UserRow,
  period: { starts_on: string; ends_on: string | null },
): Promise<void> {
  const now = c.deps.clock.now();
  const live = (await trx('leave_proxies')
    .whereNull('cancelled_at')
    .andWhere((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', beijingDay(now)))
    .andWhere((w) =>
      w.whereIn('username', [user.username, proxy.username]).orWhere('proxy', user.username),
    )) as LeaveProxyRow[];
  const clash = live.filter((p) => overlaps(p, period));
  if (clash.length === 0) return;
  const names = await actorNames(
    trx,
    clash.flatMap((p) => [p.username, p.proxy]),
    c.locale,
  );
  const words = (p: LeaveProxyRow) => periodWords(p, c.locale, now);
  const own = clash.find((p) => p.username === user.username);
  if (own) throw leaveProxyRefused('PERIOD_OVERLAPS', c.locale, user.display_name, words(own), names(own.proxy)!);
  const proxyAway = clash.find((p) => p.username === proxy.username);
  if (proxyAway) throw leaveProxyRefused('PROXY_AWAY', c.locale, proxy.display_name, words(proxyAway));
  const standsIn = clash.find((p) => p.proxy === user.username)!;
  throw leaveProxyRefused('USER_IS_PROXY', c.locale, user.display_name, words(standsIn), names(standsIn.username)!);
}

/** Cancels a period (its owner, whoever set it, or an administrator of the unit). Tasks that went to the proxy stay. */
export async function cancelLeaveProxy(c: Caller, rawId: string) {
  const { deps, principal, locale } = c;
  const row = await visibleRow(c, rawId);
  const id = row.id;
  const now = deps.clock.now();
  if (stateOf(row, beijingDay(now)) === 'cancelled' || stateOf(row, beijingDay(now)) === 'ended')
    throw leaveProxyRefused('LEAVE_PROXY_CLOSED', locale);
  const changed = await deps.db
    .knex('leave_proxies')
    .where({ id })
    .whereNull('cancelled_at')
    .update({ cancelled_at: now, cancelled_by: principal.username });
  if (changed !== 1) throw leaveProxyRefused('LEAVE_PROXY_CLOSED', locale);
  forget(deps);
  return (
    await views(deps, [(await deps.db.knex('leave_proxies').where({ id }).first()) as LeaveProxyRow], locale)
  )[0]!;
}

/**
 * The periods the caller may see, newest first: their own and those they stand in for; an
 * administrator also every period of their units.
 */
export async function listLeaveProxies(c: Caller) {
  const { deps, principal, locale } = c;
  const q = deps.db.knex('leave_proxies').where((w) => {
    w.where('username', principal.username).orWhere('proxy', principal.username);
    if (hasRole(principal, 'tenant-admin')) w.orWhereIn('tenant_id', [...principal.subtree]);
  });
  const rows = (await q.orderBy('id', 'desc').limit(200)) as LeaveProxyRow[];
  return views(deps, rows, locale);
}

/** For the inbox banner and the dialog: a person's current or coming period and their open personal tasks. */
export async function leaveProxyStatus(c: Caller, username?: string) {
  const { deps, locale } = c;
  const user = await personFor(c, username ?? c.principal.username);
  const today = beijingDay(deps.clock.now());
  const rows = (await deps.db
    .knex('leave_proxies')
    .where({ username: user.username })
    .whereNull('cancelled_at')
    .andWhere((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', today))
    .orderBy('starts_on')
    .limit(1)) as LeaveProxyRow[];
  // Whom the person stands in for today: the proxy reads it above their inbox too.
  const standing = (await deps.db
    .knex('leave_proxies')
    .where({ proxy: user.username })
    .whereNull('cancelled_at')
    .andWhere('starts_on', '<=', today)
    .andWhere((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', today))
    .orderBy('starts_on')
    .limit(20)) as LeaveProxyRow[];
  return {
    today,
    user: user.username,
    userName: user.display_name,
    current: rows.length > 0 ? (await views(deps, rows, locale))[0]! : null,
    standingInFor: standing.length > 0 ? await views(deps, standing, locale) : [],
    openTasks: (await openPersonalTasks(deps.db.knex, user.username)).length,
  };
}

/** Hands over the periods that began and still owe their hand-over (a period set ahead starts on a later day). */
export async function handOverDue(deps: Deps): Promise<number> {
  const today = beijingDay(deps.clock.now());
  const due = (await deps.db
    .knex('leave_proxies')
    .whereNull('cancelled_at')
    .whereNull('handed_over_at')
    .where('handover', true)
    .where('starts_on', '<=', today)
    .andWhere((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', today))
    .select('id')) as Array<{ id: number }>;
  let tasks = 0;
  for (const { id } of due) tasks += await handOverIfDue(deps, id, HANDOVER_ACTOR);
  return tasks;
}

/**
 * The hand-over of one period, once: whoever marks it handed over (one node, one request) moves the
 * tasks, each by 转办's guarded path; a task changed meanwhile, or in a 委派, stays where it is.
 */
async function handOverIfDue(deps: Deps, id: number, actor: string): Promise<number> {
  const knex = deps.db.knex;
  const now = deps.clock.now();
  const claimed = await knex('leave_proxies')
    .where({ id, handover: true })
    .whereNull('cancelled_at')
    .whereNull('handed_over_at')
    .update({ handed_over_at: now });
  if (claimed !== 1) return 0;
  const row = (await knex('leave_proxies').where({ id }).first()) as LeaveProxyRow;
  const reason = row.reason ?? '';
  let moved = 0;
  for (const task of await openPersonalTasks(knex, row.username)) {
    if (delegationOf(task)) continue;
    if (await handOverTask(deps, actor, task, { toUser: row.proxy, leaveProxyId: row.id, reason })) moved++;
  }
  return moved;
}

async function openPersonalTasks(knex: Knex, username: string): Promise<TaskRow[]> {
  return (await knex('tasks').where({ assignee: username, status: 'open' }).orderBy('created_at')) as TaskRow[];
}

/** The person a caller acts for: themselves, or (administrators) a person of their units; others are not found. */
async function personFor(c: Caller, username: string): Promise<UserRow> {
  const { deps, principal, locale } = c;
  const user = (await deps.db.knex('users').where({ username }).first()) as UserRow | undefined;
  if (username === principal.username && user) return user;
  if (!user || !principal.subtree.has(user.tenant_id)) throw leaveProxyRefused('USER_NOT_FOUND', locale);
  if (!hasRole(principal, 'tenant-admin')) throw leaveProxyRefused('LEAVE_PROXY_FORBIDDEN', locale);
  return user;
}

async function visibleRow(c: Caller, rawId: string): Promise<LeaveProxyRow> {
  const { deps, principal, locale } = c;
  const id = /^[0-9]{1,12}$/.test(rawId) ? Number(rawId) : null;
  const row =
    id === null
      ? undefined
      : ((await deps.db.knex('leave_proxies').where({ id }).first()) as LeaveProxyRow | undefined);
  const mine = row && (row.username === principal.username || row.created_by === principal.username);
  const administered = row && hasRole(principal, 'tenant-admin') && principal.subtree.has(row.tenant_id);
  if (!row || !(mine || administered)) throw leaveProxyRefused('LEAVE_PROXY_NOT_FOUND', locale);
  return row;
}

function forget(deps: Deps): void {
  deps.commands.services.leaveProxies?.forget();
}

async function views(deps: Deps, rows: LeaveProxyRow[], locale: Locale) {
  const now = deps.clock.now();
  const today = beijingDay(now);
  const name = await actorNames(
    deps.db.knex,
    rows.flatMap((r) => [r.username, r.proxy, r.created_by, r.cancelled_by]),
    locale,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    user: r.username,
    userName: name(r.username)!,
    proxy: r.proxy,
    proxyName: name(r.proxy)!,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    period: periodWords(r, locale, now),
    reason: r.reason,
    handover: Boolean(r.handover),
    handedOverAt: r.handed_over_at,
    state: stateOf(r, today),
    createdBy: name(r.created_by)!,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
    cancelledBy: name(r.cancelled_by),
  }));
}

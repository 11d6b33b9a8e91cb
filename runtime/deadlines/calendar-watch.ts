/**
 * Say it early: from 1 November (Asia/Shanghai), while next year's State Council schedule is
 * not loaded, administrators see a banner, get an in-app notice every week, and `/api/health`
 * warns `calendar: next year missing`. A tenant has next year when the official data has it or a
 * tenant of its chain loaded it (`calendar_years`), so one query answers for the whole tree.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createBusinessCalendar } from '../../engine/index.js';
import type { TenantDirectory } from '../store/tenants.js';
import type { DeadlineKit } from './kit.js';
import { notify } from './notifications.js';

const ZONE = 'Asia/Shanghai';
/** The month from which next year's missing schedule is announced. */
const WATCH_MONTH = 11;
const official = createBusinessCalendar({ id: 'official' });

export interface NextYearStatus {
  /** Today in Asia/Shanghai. */
  today: string;
  nextYear: number;
  /** The first day of the announcement period, `YYYY-11-01`. */
  watchFrom: string;
  /** The tenant's calendar has no schedule for next year. */
  missing: boolean;
  /** Missing and inside the announcement period: show the banner, send the notices. */
  warn: boolean;
}

export const HEALTH_WARNING = 'calendar: next year missing';

function when(now: string): { today: DateTime; nextYear: number; watchFrom: string; watching: boolean } {
  const today = DateTime.fromISO(now, { zone: ZONE });
  return {
    today,
    nextYear: today.year + 1,
    watchFrom: `${today.year}-${String(WATCH_MONTH).padStart(2, '0')}-01`,
    watching: today.month >= WATCH_MONTH,
  };
}

/** The tenants whose calendar lacks next year's schedule (empty when the official data has it). */
export async function tenantsMissing(knex: Knex, tenants: TenantDirectory, year: number): Promise<string[]> {
  if (official.knownYears().includes(year)) return [];
  const loaders = (await knex('calendar_years').where({ year }).select('tenant_id')).map(
    (r: { tenant_id: string }) => r.tenant_id,
  );
  const covered = new Set<string>();
  for (const t of loaders) for (const s of await tenants.subtree(t, knex)) covered.add(s);
  return (await tenants.all(knex)).map((t) => t.id).filter((t) => !covered.has(t));
}

export async function nextYearStatus(
  knex: Knex,
  tenants: TenantDirectory,
  tenant: string,
  now: string,
): Promise<NextYearStatus> {
  const w = when(now);
  const missing = (await tenantsMissing(knex, tenants, w.nextYear)).includes(tenant);
  return {
    today: w.today.toISODate()!,
    nextYear: w.nextYear,
    watchFrom: w.watchFrom,
    missing,
    warn: missing && w.watching,
  };
}

/** `/api/health` warnings: next year missing for a top-level tenant (the city) inside the announcement period. */
export async function calendarHealthWarnings(knex: Knex, tenants: TenantDirectory, now: string): Promise<string[]> {
  const w = when(now);
  if (!w.watching) return [];
  const missing = new Set(await tenantsMissing(knex, tenants, w.nextYear));
  const roots = (await tenants.all(knex)).filter((t) => t.parent_id === null);
  return roots.some((t) => missing.has(t.id)) ? [HEALTH_WARNING] : [];
}

/**
 * The weekly notice to the administrators (roles admin, tenant-admin) of each tenant whose
 * calendar lacks next year, once per ISO week (the notification's dedupe key). Returns how many
 * notices were written.
 */
export async function noticeMissingYear(knex: Knex, kit: DeadlineKit, now: string): Promise<number> {
  const w = when(now);
  if (!w.watching) return 0;
  const missing = await tenantsMissing(knex, kit.tenants, w.nextYear);
  if (missing.length === 0) return 0;
  const week = `${w.today.weekYear}-W${String(w.today.weekNumber).padStart(2, '0')}`;
  const admins = (await knex('users').whereIn('tenant_id', missing).select('username', 'tenant_id', 'roles')) as Array<{
    username: string;
    tenant_id: string;
    roles: string;
  }>;
  let written = 0;
  for (const tenant of missing) {
    const recipients = admins
      .filter(
        (u) =>
          u.tenant_id === tenant &&
          (JSON.parse(u.roles) as string[]).some((r) => r === 'admin' || r === 'tenant-admin'),
      )
      .map((u) => ({ kind: 'user' as const, id: u.username }));
    if (recipients.length === 0) continue;
    const rows = await knex.transaction((trx) =>
      notify(
        trx,
        {
          tenant,
          instanceId: null,
          kind: 'calendar-missing',
          dedupeKey: `calendar-missing:${w.nextYear}:${week}`,
          subject: `尚未载入${w.nextYear}年节假日安排`,
          body: `${w.nextYear}年的放假调休安排尚未载入，跨入${w.nextYear}年的办结期限暂按法定节假日推算。国务院办公厅通知发布后，请在“日历”页粘贴通知全文载入。`,
          data: { year: w.nextYear, week },
          recipients,
        },
        [],
        now,
      ),
    );
    written += rows.length;
  }
  return written;
}

/**
 * Deadlines counted across a year whose State Council holiday schedule is not loaded: the
 * calendar counts such a year on the statutory holidays and Monday–Friday (engine/calendar,
 * `missingYears: 'provisional'`). Here: which deadlines are provisional, and the tenant policy
 * `missingCalendar: 'refuse'`, which turns such a deadline into an incident or a deadline error.
 */
import type { Knex } from 'knex';
import { CalendarError, type BusinessCalendar, type Env } from '../../engine/index.js';
import type { ExecutableProcess } from '../../definitions/index.js';
import { knexOf, type Queryable } from '../platform/db/tx.js';
import type { DeadlineKit } from './kit.js';
import { dueAndWarn, parseDuration } from './rules.js';

/** The provisional years of a deadline counted from `fromIso` to `dueAt`, as stored ("2027"), or null. */
export function provisionalOf(cal: BusinessCalendar, fromIso: string, dueAt: string | null): string | null {
  if (!dueAt) return null;
  const years = cal.provisionalYearsBetween(fromIso, dueAt);
  return years.length > 0 ? years.join(',') : null;
}

/** Does the tenant's deadline policy refuse provisional deadlines? */
export async function refusesProvisional(
  db: Queryable,
  kit: Pick<DeadlineKit, 'policies'>,
  tenant: string,
): Promise<boolean> {
  return (await kit.policies.forCommand(db, tenant)).missingCalendar === 'refuse';
}

/** The error of a deadline refused because `years` have no loaded schedule. */
export function refusedError(years: string): CalendarError {
  const year = Number(years.split(',')[0]);
  return new CalendarError(
    'CALENDAR_DATA_MISSING',
    `${year} calendar data missing: the holiday schedule for ${year} is not loaded and the deadline policy refuses provisional deadlines (missingCalendar: refuse); load the State Council notice for ${year}`,
    `缺少${year}年节假日数据：尚未载入${year}年放假调休安排，本单位的期限策略不允许暂按法定节假日推算；请先载入国务院办公厅${year}年节假日安排通知`,
    { year, refused: true },
  );
}

/**
 * `Env.checkDeadline` for a command of a tenant whose policy refuses provisional deadlines: a
 * user task whose deadline would lean on a year without a schedule becomes an incident. Undefined
 * (nothing to check) for other tenants or processes without civic deadlines on user tasks.
 */
export async function deadlineCheck(
  db: Queryable,
  kit: DeadlineKit | undefined,
  tenant: string,
  def: ExecutableProcess,
): Promise<Env['checkDeadline'] | undefined> {
  if (!kit || !Object.values(def.nodes).some((n) => n.kind === 'userTask' && n.task.deadline !== undefined))
    return undefined;
  if (!(await refusesProvisional(db, kit, tenant))) return undefined;
  const knex: Knex = await knexOf(db);
  const chain = await kit.tenants.chain(tenant, knex);
  const calendars = new Map<string, BusinessCalendar>();
  for (const t of chain) calendars.set(t, (await kit.calendars.forTenant(knex, t)).calendar);
  return (start, duration, calendarId) => {
    const cal = calendars.get(calendarId ?? tenant) ?? calendars.get(tenant)!;
    const parsed = parseDuration(duration);
    const { dueAt } = dueAndWarn(cal, start, parsed, { amount: 0, unit: parsed.unit });
    const years = provisionalOf(cal, start, dueAt);
    if (years) {
      const err = refusedError(years);
      throw new Error(`${err.messageZh} (${err.message})`);
    }
  };
}

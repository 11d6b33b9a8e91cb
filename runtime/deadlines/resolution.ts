import type { ExecutableProcess } from '../../definitions/index.js';
import {
  CalendarError,
  createBusinessCalendar,
  parseWorkDuration,
  type BusinessCalendar,
  type CreateTaskEffect,
  type Env,
  type Effect,
  type WorkDuration,
} from '../../engine/index.js';
import type { CalendarStore } from './calendars.js';
import { knexOf, type Queryable, type Tx } from '../platform/db/tx.js';
import type { DeadlineState } from './deadline-columns.js';
import type { TimerDeadline } from './model.js';
import { changeTimers, dependentTimers, pause } from './timers.js';
import { dueAndWarn, durationText, parseDuration, warnBefore, warningThreshold } from './rules.js';
import type { TenantDirectory } from '../store/tenants.js';
import { provisionalOf } from './provisional.js';
import type { PolicyStore } from './policy.js';

const defaultCalendar: BusinessCalendar = createBusinessCalendar({ id: 'default', missingYears: 'provisional' });

export interface TaskDeadline {
  dueAt: string | null;
  warnAt: string | null;
  details: Record<string, unknown>;
  /** The deadline state the task's row starts with, when the task has a deadline. */
  state?: DeadlineState;
}

/** What resolving a deadline needs from the runtime; absent pieces fall back to the official calendar. */
export interface DeadlineServices {
  calendars: CalendarStore;
  tenants: TenantDirectory;
  /** The tenant's deadline policy gives the warning threshold of steps that do not set their own. */
  policies?: PolicyStore;
}

/**
 * Resolves a task's deadline on the tenant's calendar (or on the ancestor tenant named by
 * `civic:deadline calendar="…"`): an explicit `dueAt` (zeebe:taskSchedule) wins and counts
 * round the clock; a civic working-unit deadline is counted on the business calendar from now,
 * or waits for the claim (`deadlineStart="claimed"`). Missing calendar data is recorded on the
 * task, never guessed; the deadline state is kept so that a calendar correction can fill it in.
 */
export async function resolveTaskDeadline(
  db: Queryable,
  services: DeadlineServices | undefined,
  tenant: string,
  effect: CreateTaskEffect,
  now: string,
): Promise<TaskDeadline> {
  if (!effect.dueAt && !effect.deadline) return taskDeadline(effect, now, defaultCalendar, tenant);
  if (!services) return taskDeadline(effect, now, defaultCalendar, tenant);
  let calendarTenant = tenant;
  let note: string | undefined;
  if (effect.calendar) {
    const chain = await services.tenants.chain(tenant, db);
    if (chain.includes(effect.calendar)) calendarTenant = effect.calendar;
    else note = `calendar "${effect.calendar}" is not ${tenant} or one of its parents; ${tenant}'s calendar was used`;
  }
  const { calendar } = await services.calendars.forTenant(db, calendarTenant);
  // A step without its own warning threshold takes the case tenant's policy (inherited down the tree).
  const policyWarning =
    effect.warning === undefined && services.policies ? (await services.policies.forCommand(db, tenant)).warning : null;
  const result = taskDeadline(effect, now, calendar, calendarTenant, policyWarning ?? undefined);
  if (note) result.details.calendarNote = note;
  return result;
}

/**
 * The task row's `details`: what its deadline columns do not already say. With deadline state,
 * the columns carry the spec (`deadline_spec`), the warning (`warn_left`), the calendar and the
 * start mode, so only notes and errors remain (closed tasks get `deadline` back in task_history).
 */
export function storedDetails(d: TaskDeadline): string | null {
  let kept: Record<string, unknown> = d.details;
  if (d.state) {
    const { deadline, warning: _w, calendar: _c, deadlineStart: _s, ...rest } = d.details;
    kept = deadline !== undefined && deadline !== d.state.spec ? { deadline, ...rest } : rest;
  }
  return Object.keys(kept).length > 0 ? JSON.stringify(kept) : null;
}

/** The pure part of `resolveTaskDeadline`, on a given calendar; `policyWarning` stands in for a step without `warning`. */
export function taskDeadline(
  effect: CreateTaskEffect,
  now: string,
  calendar: BusinessCalendar = defaultCalendar,
  calendarTenant = 'default',
  policyWarning?: string,
): TaskDeadline {
  const details: Record<string, unknown> = {};
  for (const key of ['deadline', 'warning', 'calendar', 'deadlineStart'] as const)
    if (effect[key] !== undefined) details[key] = effect[key];
  const result: TaskDeadline = { dueAt: null, warnAt: null, details };

  let duration: WorkDuration;
  let spec: string | null = null;
  if (effect.dueAt) {
    // An explicit due date counts round the clock from creation (pause keeps the minutes left).
    duration = { amount: Math.max(0, (Date.parse(effect.dueAt) - Date.parse(now)) / 60_000), unit: 'minute' };
  } else if (effect.deadline) {
    try {
      duration = parseDuration(effect.deadline);
      spec = effect.deadline;
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      details.deadlineError = errorJson(err);
      return result;
    }
  } else {
    return result;
  }

  let left: WorkDuration;
  try {
    left = warningThreshold(effect.warning ?? policyWarning, duration);
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    details.warningError = errorJson(err);
    left = warningThreshold(undefined, duration);
  }

  const claimed = !effect.dueAt && effect.deadlineStart === 'claimed';
  const state: NonNullable<TaskDeadline['state']> = {
    calendar_tenant: calendarTenant,
    spec,
    unit: duration.unit,
    amount: duration.amount,
    warn_left: durationText(left),
    start_mode: claimed ? 'claimed' : 'created',
    started_at: claimed ? null : now,
    seg_start: claimed ? null : now,
    seg_amount: claimed ? null : duration.amount,
    paused_at: null,
    pause_reason: null,
    cycle: 0,
    stage: 'green',
    next_check_at: null,
    yellow_at: null,
    red_at: null,
    escalate_at: null,
    supervised_at: null,
    error: null,
    provisional: null,
  };
  result.state = state;
  if (claimed) return result;
  try {
    if (effect.dueAt) {
      result.dueAt = new Date(effect.dueAt).toISOString();
      result.warnAt = warnBefore(calendar, result.dueAt, left);
    } else {
      ({ dueAt: result.dueAt, warnAt: result.warnAt } = dueAndWarn(calendar, now, duration, left));
    }
    state.next_check_at = result.warnAt;
    if (!effect.dueAt) state.provisional = provisionalOf(calendar, now, result.dueAt);
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    details.deadlineError = errorJson(err);
    state.error = JSON.stringify(details.deadlineError);
    result.dueAt = effect.dueAt ? new Date(effect.dueAt).toISOString() : null;
    result.warnAt = null;
    state.next_check_at = result.dueAt;
  }
  return result;
}

/**
 * After a task with its deadline is written: when its clock starts at the claim, the
 * working-unit timers of its activity (armed just before the task: the kernel opens boundary
 * waits first) are held until then.
 */
export async function holdTimersUntilClaim(
  tx: Tx,
  services: DeadlineServices | undefined,
  taskId: string,
  deadline: TaskDeadline,
  now: string,
): Promise<void> {
  if (deadline.state?.start_mode !== 'claimed' || !services) return;
  const db = await knexOf(tx);
  await changeTimers(db, services, await dependentTimers(db, taskId), now, pause(now));
}

/** The `headers` of a timer job counted in working units: its counting segment, so that it can pause, resume and move. */
export async function timerHeaders(
  db: Queryable,
  services: DeadlineServices | undefined,
  tenant: string,
  effect: Extract<Effect, { type: 'scheduleTimer' }>,
  now: string,
): Promise<string | null> {
  if (!effect.deadline) return null;
  let unit: TimerDeadline['unit'];
  let amount: number;
  try {
    ({ unit, amount } = parseWorkDuration(effect.deadline));
  } catch {
    return null;
  }
  const calendarTenant =
    effect.calendar && services && (await services.tenants.chain(tenant, db)).includes(effect.calendar)
      ? effect.calendar
      : tenant;
  const deadline: TimerDeadline = { duration: effect.deadline, calendarTenant, segStart: now, segAmount: amount, unit };
  if (services) {
    const years = (await services.calendars.forTenant(db, calendarTenant)).calendar.provisionalYearsBetween(
      now,
      effect.dueAt,
    );
    if (years.length > 0) deadline.provisional = years;
  }
  return JSON.stringify({ deadline });
}

const NOTHING_LEFT: WorkDuration = { amount: 0, unit: 'workDay' };

/**
 * `Env.calendar` for a command: the due instant of a working-unit duration on the instance
 * tenant's calendar (or an ancestor's, when a timer names one). Undefined when the process has
 * no working-unit timers (nothing to load) or the runtime has no tenant calendars.
 */
export async function businessCalendar(
  db: Queryable,
  services: DeadlineServices | undefined,
  tenant: string,
  def: ExecutableProcess,
): Promise<Env['calendar'] | undefined> {
  if (
    !services ||
    !Object.values(def.nodes).some(
      (n) =>
        n.kind === 'boundaryEvent' &&
        n.event.type === 'timer' &&
        n.event.timer.kind === 'duration' &&
        n.event.timer.businessTime,
    )
  )
    return undefined;
  const chain = await services.tenants.chain(tenant, db);
  const calendars = new Map<string, BusinessCalendar>();
  for (const t of chain) calendars.set(t, (await services.calendars.forTenant(db, t)).calendar);
  return (start, duration, id) =>
    dueAndWarn(calendars.get(id ?? tenant) ?? calendars.get(tenant)!, start, parseDuration(duration), NOTHING_LEFT)
      .dueAt;
}

export function errorJson(err: CalendarError): Record<string, unknown> {
  return {
    code: err.code,
    message: err.message,
    messageZh: err.messageZh,
    ...(err.details.year !== undefined ? { year: err.details.year } : {}),
  };
}

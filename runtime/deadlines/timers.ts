import type { Knex } from 'knex';
import { CalendarError, type BusinessCalendar, type WorkDuration } from '../../engine/index.js';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import { childId, parseChildId } from '../platform/ids.js';
import { rescheduleTimer, type JobRow } from '../jobs/acquire.js';
import type { DeadlineKit } from './kit.js';
import { PAUSED_DUE_AT, type TimerDeadline } from './model.js';
import { addTo, workingTimeAdded } from './rules.js';

/**
 * Working-unit timers that depend on a task's deadline clock: the boundary timers of the
 * task's activity that carry `civic:deadline` (their job row keeps the counting segment in
 * `headers.deadline`). They start, pause, resume, move with an extension and follow calendar
 * corrections together with the task. The job row's `due_at` is what the executor fires on;
 * the engine state keeps the instant first computed (only cycles read it, and a working-unit
 * timer is never a cycle).
 */
export interface DependentTimer {
  job: JobRow;
  meta: TimerDeadline;
}

export function timerMeta(job: Pick<JobRow, 'headers'>): TimerDeadline | undefined {
  if (!job.headers) return undefined;
  const h = JSON.parse(job.headers) as { deadline?: TimerDeadline };
  return h.deadline;
}

/** The working-unit boundary timers armed on the activity of `taskId`. */
export async function dependentTimers(db: Knex, taskId: string): Promise<DependentTimer[]> {
  const ref = parseChildId(taskId);
  if (!ref) return [];
  const instance = (await db('instances').where({ id: ref.instanceId }).first()) as InstanceRow | undefined;
  if (!instance) return [];
  const state = parseState(instance);
  const wait = state.waits[ref.localId];
  if (!wait || wait.token === undefined) return [];
  const ids = Object.values(state.waits)
    .filter((w) => w.kind === 'timer' && w.role === 'boundary' && w.token === wait.token)
    .map((w) => childId(instance.id, w.id));
  if (ids.length === 0) return [];
  const jobs = (await db('jobs').whereIn('id', ids).where({ kind: 'timer' })) as JobRow[];
  return jobs.flatMap((job) => {
    const meta = timerMeta(job);
    return meta ? [{ job, meta }] : [];
  });
}

type Change = (meta: TimerDeadline, cal: BusinessCalendar) => { meta: TimerDeadline; dueAt: string } | undefined;

/**
 * Applies `change` to each dependent timer that is not being fired right now (a locked timer is
 * already due). `freshCalendars` reads calendars through `db` (a calendar writer's transaction).
 */
export async function changeTimers(
  db: Knex,
  kit: Pick<DeadlineKit, 'calendars'>,
  timers: DependentTimer[],
  now: string,
  change: Change,
  freshCalendars = false,
): Promise<Array<{ jobId: string; elementId: string; dueAt: string }>> {
  const moved: Array<{ jobId: string; elementId: string; dueAt: string }> = [];
  for (const { job, meta } of timers) {
    const { calendar } = await kit.calendars.forTenant(db, meta.calendarTenant, { fresh: freshCalendars });
    let next: ReturnType<Change>;
    try {
      next = change(meta, calendar);
    } catch (err) {
      if (err instanceof CalendarError) continue; // no data for that year: the timer keeps its instant
      throw err;
    }
    if (!next) continue;
    if (next.dueAt !== PAUSED_DUE_AT) {
      const years = calendar.provisionalYearsBetween(next.meta.segStart, next.dueAt);
      next = { ...next, meta: { ...next.meta } };
      if (years.length > 0) next.meta.provisional = years;
      else delete next.meta.provisional;
    }
    const headers = {
      ...(job.headers ? (JSON.parse(job.headers) as Record<string, unknown>) : {}),
      deadline: next.meta,
    };
    if (await rescheduleTimer(db, job.id, next.dueAt, headers, now))
      moved.push({ jobId: job.id, elementId: job.element_id, dueAt: next.dueAt });
  }
  return moved;
}

const seg = (m: TimerDeadline): WorkDuration => ({ amount: m.segAmount, unit: m.unit });

/** The clock starts now (claim): each timer counts its full duration from now. */
export const restart =
  (now: string, amountOf: (m: TimerDeadline) => number): Change =>
  (m, cal) => {
    const meta: TimerDeadline = { ...m, segStart: now, segAmount: amountOf(m) };
    delete meta.pausedAt;
    return { meta, dueAt: addTo(cal, now, seg(meta)) };
  };

export const pause =
  (now: string): Change =>
  (m, cal) => {
    if (m.pausedAt) return undefined;
    const left = cal.remainingDuration(m.segStart, now, seg(m));
    return { meta: { ...m, segAmount: left.amount, pausedAt: now }, dueAt: PAUSED_DUE_AT };
  };

export const resume =
  (now: string): Change =>
  (m, cal) => {
    if (!m.pausedAt) return undefined;
    const meta: TimerDeadline = { ...m, segStart: now };
    delete meta.pausedAt;
    return { meta, dueAt: addTo(cal, now, seg(meta)) };
  };

/** An extension: each timer gains the working time the deadline gained, counted in the timer's own unit. */
export const extend =
  (oldDue: string | null, newDue: string | null, extra: WorkDuration): Change =>
  (m, cal) => {
    const add =
      m.unit === extra.unit
        ? extra.amount
        : oldDue && newDue
          ? workingTimeAdded(cal, oldDue, newDue, m.unit).amount
          : 0;
    if (add <= 0) return undefined;
    const meta: TimerDeadline = { ...m, segAmount: m.segAmount + add };
    return { meta, dueAt: m.pausedAt ? PAUSED_DUE_AT : addTo(cal, m.segStart, seg(meta)) };
  };

/** A calendar correction: the same segment counted on the corrected calendar. */
export const recount: Change = (m, cal) =>
  m.pausedAt ? undefined : { meta: m, dueAt: addTo(cal, m.segStart, seg(m)) };

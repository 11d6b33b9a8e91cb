/**
 * Pure deadline rules on top of the business calendar: the warning threshold ("yellow"),
 * the traffic light, and conversions between instants and remaining working time.
 *
 * Warning thresholds are kept as the time *left* before the due instant, in a calendar unit:
 * - `warning="1 workDay"` (any duration text): yellow while at most that much is left. For day
 *   units the due day counts as a day left, so "1 workDay" makes the last working day yellow
 *   (from the end of the working day before it); the time of day follows the due instant.
 * - `warning="80%"`: yellow once 80% of the time limit has elapsed. Day-unit limits count whole
 *   days: left = amount − ⌊0.8 × amount⌋ (5 workDay → the last 1 day; 1 workDay → the whole day).
 * - no warning: domain.md §1.6 — "80% elapsed or ≤ 1 working day left, whichever comes first"
 *   (for day units the 80% rule always leaves ≥ 1 day, so it is the 80% rule), and ≤ 25% left
 *   for hour-based limits (`hour`, `minute`, `workHour`).
 */
import { DateTime, IANAZone } from 'luxon';
import {
  CalendarError,
  formatWorkDuration,
  parseWorkDuration,
  type BusinessCalendar,
  type DurationUnit,
  type WorkDuration,
} from '../../engine/index.js';

export type Light = 'green' | 'yellow' | 'red';

const HOUR_MS: Record<'hour' | 'minute' | 'workHour', number> = {
  hour: 3_600_000,
  minute: 60_000,
  workHour: 3_600_000,
};
const MAX_DAY_STEPS = 4000;

export const isDayUnit = (u: DurationUnit): u is 'workDay' | 'calendarDay' => u === 'workDay' || u === 'calendarDay';

/** The time left at which a deadline turns yellow; throws CalendarError INVALID_DURATION for a bad text. */
export function warningThreshold(warning: string | undefined, deadline: WorkDuration): WorkDuration {
  const text = warning?.trim();
  if (!text) return percentLeft(isDayUnit(deadline.unit) ? 80 : 75, deadline);
  const pct = /^(\d{1,2}(?:\.\d+)?)\s*[%％]$/.exec(text);
  if (pct) {
    const p = Number(pct[1]);
    if (!(p > 0 && p < 100))
      throw new CalendarError(
        'INVALID_DURATION',
        `warning "${text}" must be a percentage between 0 and 100`,
        `预警阈值“${text}”必须是0到100之间的百分比`,
        { text },
      );
    return percentLeft(p, deadline);
  }
  return parseDuration(text);
}

function percentLeft(p: number, d: WorkDuration): WorkDuration {
  if (isDayUnit(d.unit)) return { amount: d.amount - Math.floor((p / 100) * d.amount), unit: d.unit };
  return { amount: Math.round(d.amount * (1 - p / 100) * 1e6) / 1e6, unit: d.unit };
}

/** The instant at which only `left` remains before `dueIso` (UTC ISO). */
export function warnBefore(cal: BusinessCalendar, dueIso: string, left: WorkDuration): string {
  const due = DateTime.fromISO(dueIso, { zone: cal.zone });
  if (left.amount <= 0) return utc(due);
  switch (left.unit) {
    case 'calendarDay':
      return utc(due.minus({ days: left.amount }));
    case 'workDay': {
      let d = due;
      for (let n = 0, steps = 0; n < left.amount; n++) {
        do {
          d = d.minus({ days: 1 });
          if (++steps > MAX_DAY_STEPS)
            throw new CalendarError('INVALID_RANGE', 'warning reaches too far back', '预警阈值过大', {});
        } while (!cal.isWorkingDay(d.toISODate()!));
      }
      return utc(d);
    }
    case 'hour':
    case 'minute':
      return utc(due.minus({ milliseconds: Math.round(left.amount * HOUR_MS[left.unit]) }));
    case 'workHour':
      return workHoursBefore(cal, due.toMillis(), left.amount);
  }
}

/** Earliest instant t with at most `hours` office hours between t and `due` (bisection; the count is monotonic in t). */
function workHoursBefore(cal: BusinessCalendar, dueMs: number, hours: number): string {
  const between = (t: number) =>
    cal.workingTimeBetween(new Date(t).toISOString(), new Date(dueMs).toISOString(), 'workHour');
  let span = (Math.ceil(hours) + 14) * 86_400_000;
  let lo = dueMs - span;
  while (between(lo) <= hours) {
    span *= 2;
    if (span > 400 * 86_400_000) return new Date(lo).toISOString();
    lo = dueMs - span;
  }
  let hi = dueMs;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (between(mid) <= hours + 1e-9) hi = mid;
    else lo = mid;
  }
  return new Date(hi).toISOString();
}

/** green / yellow / red at `now`. A paused task, or one whose clock has not started, is green. */
export function lightOf(
  t: { due_at: string | null; warn_at?: string | null; paused_at?: string | null; status?: string },
  now: string,
): Light {
  if (t.paused_at || !t.due_at) return 'green';
  if (now > t.due_at) return 'red';
  if (t.warn_at && now >= t.warn_at) return 'yellow';
  return 'green';
}

/**
 * Working time between two instants in `unit`, as `addDuration` counts it; for day units only
 * whole days (an extension to a later hour of the same day adds nothing).
 */
export function workingTimeAdded(
  cal: BusinessCalendar,
  fromIso: string,
  toIso: string,
  unit: DurationUnit,
): WorkDuration {
  const amount = cal.workingTimeBetween(fromIso, toIso, unit);
  return { amount: isDayUnit(unit) ? Math.floor(amount) : Math.round(amount * 1e6) / 1e6, unit };
}

export function addTo(cal: BusinessCalendar, startIso: string, d: WorkDuration): string {
  return new Date(cal.addDuration(startIso, d)).toISOString();
}

export const durationText = (d: WorkDuration): string => formatWorkDuration(d);

// ── fast path for day-unit deadlines ─────────────────────────────────────────────
//
// A day-unit deadline (and a day-unit warning before it) depends only on the local date of its
// start, not on the time of day, so both instants are remembered per calendar object (a new
// calendar object — after a calendar change — starts afresh). Computing them through luxon
// costs ≈ 0.5 ms per task; the local date of an instant costs a cached zone offset.

const MAX_MEMO = 5000;
const memo = new WeakMap<BusinessCalendar, Map<string, { dueAt: string; warnAt: string } | CalendarError>>();
const parsed = new Map<string, WorkDuration | CalendarError>();
const offsets = new Map<string, { hour: number; minutes: number }>();

/** `parseWorkDuration`, remembered (texts come from a few definitions). */
export function parseDuration(text: string): WorkDuration {
  let hit = parsed.get(text);
  if (hit === undefined) {
    try {
      hit = parseWorkDuration(text);
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      hit = err;
    }
    if (parsed.size > MAX_MEMO) parsed.clear();
    parsed.set(text, hit);
  }
  if (hit instanceof CalendarError) throw hit;
  return hit;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`; the zone's offset is cached per UTC hour when it is constant over that hour. */
export function localDate(zone: string, ms: number): string {
  const hour = Math.floor(ms / 3_600_000);
  let o = offsets.get(zone);
  if (!o || o.hour !== hour) {
    const z = IANAZone.create(zone);
    const start = z.offset(hour * 3_600_000);
    const end = z.offset((hour + 1) * 3_600_000 - 1);
    if (start !== end) return DateTime.fromMillis(ms, { zone }).toISODate()!;
    o = { hour, minutes: start };
    offsets.set(zone, o);
  }
  return new Date(ms + o.minutes * 60_000).toISOString().slice(0, 10);
}

/**
 * Due and warning instants (UTC ISO) of a deadline from `startIso`; remembered for day units.
 * Throws CalendarError (e.g. CALENDAR_DATA_MISSING) like the calendar does.
 */
export function dueAndWarn(
  cal: BusinessCalendar,
  startIso: string,
  d: WorkDuration,
  left: WorkDuration,
): { dueAt: string; warnAt: string } {
  const ms = Date.parse(startIso);
  if (!isDayUnit(d.unit) || !isDayUnit(left.unit) || Number.isNaN(ms)) {
    const dueAt = addTo(cal, startIso, d);
    return { dueAt, warnAt: warnBefore(cal, dueAt, left) };
  }
  let table = memo.get(cal);
  if (!table) memo.set(cal, (table = new Map()));
  const key = `${localDate(cal.zone, ms)}|${d.amount} ${d.unit}|${left.amount} ${left.unit}`;
  let hit = table.get(key);
  if (hit === undefined) {
    try {
      const dueAt = addTo(cal, startIso, d);
      hit = { dueAt, warnAt: warnBefore(cal, dueAt, left) };
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      hit = err;
    }
    if (table.size > MAX_MEMO) table.clear();
    table.set(key, hit);
  }
  if (hit instanceof CalendarError) throw hit;
  return hit;
}

export function utc(at: DateTime): string {
  return at.toUTC().toISO()!;
}

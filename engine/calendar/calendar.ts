/**
 * The business calendar: official holiday data + tenant overrides, and deadline
 * arithmetic in the calendar's zone (default Asia/Shanghai). Pure and deterministic:
 * no clock, no I/O; the same inputs give the same output on any host.
 */
import { dateString } from './dates.js';
import { DayTable } from './day-table.js';
import type { DayInfo, DayKind } from './day-table.js';
import { normalizeDefinition } from './definition.js';
import type { CalendarDefinition } from './definition.js';
import { assertValidDuration, isDayUnit, parseWorkDuration } from './duration.js';
import type { DurationUnit, WorkDuration } from './duration.js';
import { CalendarError } from './errors.js';
import {
  dayOfInput,
  endOfDayExclusive,
  formatInstant,
  instantAt,
  localDay,
  localYear,
  parseInstant,
} from './instants.js';

const UNIT_MS: Record<'hour' | 'minute' | 'workHour', number> = {
  hour: 3_600_000,
  minute: 60_000,
  workHour: 3_600_000,
};
const MAX_LIST_DAYS = 3660;

export interface BusinessCalendar {
  readonly id: string;
  readonly zone: string;
  /** Is this day (`YYYY-MM-DD`, or an ISO instant read in the calendar's zone) a working day? 调休 make-up days are. */
  isWorkingDay(date: string): boolean;
  /** `workday`, `weekend`, `holiday` or `makeupWorkday` (调休上班). */
  dayKind(date: string): DayKind;
  /** The kind of a day with the festival name where the data has one. */
  dayInfo(date: string): DayInfo;
  /** Every day from `from` to `to` (both `YYYY-MM-DD`, inclusive; at most 3660 days). */
  listDays(from: string, to: string): DayInfo[];
  /**
   * The deadline: `startIso` plus a duration, as an ISO instant with the zone's offset
   * (`+08:00`). Day units end at the day's cutoff (23:59:59.999 by default). An amount of 0
   * returns the start itself (nothing left = due now).
   */
  addDuration(startIso: string, duration: WorkDuration | string): string;
  /**
   * How much of `unit` lies between two instants, counted the way `addDuration` counts
   * (so `workingTimeBetween(s, addDuration(s, d), d.unit) === d.amount` when no roll-forward
   * happened). Day units count whole days whose cutoff has passed, from the day after `fromIso`;
   * hour units may be fractional. Negative when `toIso` is before `fromIso`.
   */
  workingTimeBetween(fromIso: string, toIso: string, unit: DurationUnit): number;
  /**
   * What is left of `duration`, started at `startIso`, when the clock pauses at `pausedIso`
   * (never below 0). Resume with `addDuration(resumedIso, remaining)`. For day units, the day
   * of the pause and the day of the resumption are not counted (like the start day).
   */
  remainingDuration(startIso: string, pausedIso: string, duration: WorkDuration | string): WorkDuration;
  /** First date with data (`2004-01-01` with the pinned package). */
  validFrom(): string;
  /** Last date of the unbroken run of known years, e.g. `2026-12-31`; `extraYears` extend it. */
  validThrough(): string;
  /** Every year with holiday data (official or tenant-supplied). */
  knownYears(): number[];
  /**
   * The years between two instants (their local days, inclusive) that this calendar counts
   * provisionally (`missingYears: 'provisional'`): a deadline spanning one of them is provisional
   * until that year's schedule is loaded. Empty for a calendar that never guesses.
   */
  provisionalYearsBetween(fromIso: string, toIso: string): number[];
}

export function createBusinessCalendar(definition?: CalendarDefinition): BusinessCalendar {
  const def = normalizeDefinition(definition);
  const { zone, officeHours } = def;
  const table = new DayTable(def);
  const lastClose = officeHours[officeHours.length - 1]!.endMinute;

  /** The last instant of a day-based period ending on `day`. */
  const cutoff = (day: number): number =>
    def.dayCutoff === 'officeClose' ? instantAt(day, lastClose, zone) : endOfDayExclusive(day, zone) - 1;

  const rolls = (day: number): boolean =>
    def.calendarDayRoll === 'holidayOnly' ? table.info(day).kind === 'holiday' : !table.isWorking(day);

  const toDuration = (d: WorkDuration | string, allowZero: boolean): WorkDuration => {
    const parsed = typeof d === 'string' ? parseWorkDuration(d) : d;
    assertValidDuration(parsed, allowZero);
    return parsed;
  };

  function addWorkMs(start: number, amountMs: number): number {
    let remaining = amountMs;
    for (let day = localDay(start, zone); ; day += 1) {
      if (!table.isWorking(day)) continue;
      for (const iv of officeHours) {
        const end = instantAt(day, iv.endMinute, zone);
        if (end <= start) continue;
        const from = Math.max(instantAt(day, iv.startMinute, zone), start);
        if (remaining <= end - from) return from + remaining;
        remaining -= end - from;
      }
    }
  }

  function workMsBetween(a: number, b: number): number {
    let total = 0;
    const last = localDay(b, zone);
    for (let day = localDay(a, zone); day <= last; day += 1) {
      if (!table.isWorking(day)) continue;
      for (const iv of officeHours) {
        const from = Math.max(instantAt(day, iv.startMinute, zone), a);
        const to = Math.min(instantAt(day, iv.endMinute, zone), b);
        if (to > from) total += to - from;
      }
    }
    return total;
  }

  function between(a: number, b: number, unit: DurationUnit): number {
    if (b < a) return -between(b, a, unit);
    switch (unit) {
      case 'hour':
      case 'minute':
        return (b - a) / UNIT_MS[unit];
      case 'workHour':
        return workMsBetween(a, b) / UNIT_MS.workHour;
      case 'calendarDay': {
        const fromDay = localDay(a, zone);
        const toDay = localDay(b, zone);
        if (toDay <= fromDay) return 0;
        return toDay - fromDay - 1 + (cutoff(toDay) <= b ? 1 : 0);
      }
      case 'workDay': {
        let count = 0;
        for (let day = localDay(a, zone) + 1; cutoff(day) <= b; day += 1) if (table.isWorking(day)) count += 1;
        return count;
      }
      default:
        throw unknownUnit(unit);
    }
  }

  function add(start: number, d: WorkDuration): number {
    if (d.amount === 0) return start;
    switch (d.unit) {
      case 'hour':
      case 'minute':
        return start + Math.round(d.amount * UNIT_MS[d.unit]);
      case 'workHour':
        return addWorkMs(start, Math.round(d.amount * UNIT_MS.workHour));
      case 'calendarDay': {
        // 民法典 Art. 201: the start day is not counted; Art. 203: a last day that is a rest day rolls forward.
        let last = localDay(start, zone) + d.amount;
        while (rolls(last)) last += 1;
        return cutoff(last);
      }
      case 'workDay': {
        let day = localDay(start, zone);
        for (let counted = 0; counted < d.amount; ) {
          day += 1;
          if (table.isWorking(day)) counted += 1;
        }
        return cutoff(day);
      }
      default:
        throw unknownUnit(d.unit);
    }
  }

  return {
    id: def.id,
    zone,
    isWorkingDay: (date) => table.isWorking(dayOfInput(date, zone)),
    dayKind: (date) => table.info(dayOfInput(date, zone)).kind,
    dayInfo: (date) => table.info(dayOfInput(date, zone)),
    listDays(from, to) {
      const first = dayOfInput(from, zone);
      const last = dayOfInput(to, zone);
      if (last < first || last - first + 1 > MAX_LIST_DAYS) {
        throw new CalendarError(
          'INVALID_RANGE',
          `Invalid day range ${from} – ${to}: the end must not be before the start, and at most ${MAX_LIST_DAYS} days can be listed`,
          `无效的日期范围 ${from} – ${to}：结束日不能早于开始日，且最多列出 ${MAX_LIST_DAYS} 天`,
          { from, to },
        );
      }
      const days: DayInfo[] = [];
      for (let day = first; day <= last; day += 1) days.push(table.info(day));
      return days;
    },
    addDuration(startIso, duration) {
      const start = parseInstant(startIso, zone);
      return formatInstant(add(start, toDuration(duration, true)), zone);
    },
    workingTimeBetween(fromIso, toIso, unit) {
      return between(parseInstant(fromIso, zone), parseInstant(toIso, zone), unit);
    },
    remainingDuration(startIso, pausedIso, duration) {
      const d = toDuration(duration, true);
      const start = parseInstant(startIso, zone);
      const paused = parseInstant(pausedIso, zone);
      if (isDayUnit(d.unit)) return { amount: Math.max(0, d.amount - between(start, paused, d.unit)), unit: d.unit };
      const unitMs = UNIT_MS[d.unit];
      const usedMs = d.unit === 'workHour' ? workMsBetween(start, paused) : Math.max(0, paused - start);
      return { amount: Math.max(0, Math.round(d.amount * unitMs) - usedMs) / unitMs, unit: d.unit };
    },
    validFrom: () => dateString(table.validFromDay),
    validThrough: () => dateString(table.validThroughDay),
    knownYears: () => table.years(),
    provisionalYearsBetween(fromIso, toIso) {
      const a = localYear(parseInstant(fromIso, zone), zone);
      const b = localYear(parseInstant(toIso, zone), zone);
      const years: number[] = [];
      for (let y = Math.min(a, b); y <= Math.max(a, b); y += 1) if (table.isProvisionalYear(y)) years.push(y);
      return years;
    },
  };
}

function unknownUnit(unit: unknown): CalendarError {
  return new CalendarError(
    'INVALID_DURATION',
    `Unknown duration unit "${String(unit)}"`,
    `未知的时间单位“${String(unit)}”`,
    { unit },
  );
}

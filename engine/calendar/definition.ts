/**
 * The per-tenant calendar definition and its validation.
 */
import { IANAZone } from 'luxon';
import { tryDayNumber } from './dates.js';
import { CalendarError } from './errors.js';

/** A per-date override; the object form can name the day (e.g. 三月三, a local festival). */
export type DayOverride = 'workday' | 'holiday' | { kind: 'workday' | 'holiday'; name?: string };

/**
 * A whole year's schedule that the pinned package does not ship yet (next year's notice,
 * published each November), typed in from the State Council notice. Listing a year here
 * makes that year known; days it does not list follow the Monday–Friday rule.
 * If the official data already has the year, this schedule replaces it.
 */
export interface YearSchedule {
  year: number;
  /** Days off (放假), date → festival name, e.g. `{ '2027-02-06': '春节' }`. Dates may lie in an adjacent year (元旦 often starts on 12-30/31). */
  holidays: Record<string, string>;
  /** Weekend days worked (调休上班), date → festival name. */
  makeupWorkdays?: Record<string, string>;
  /** Where the data comes from, e.g. the notice number 国办发明电〔2026〕N号 or its URL. */
  source?: string;
}

export interface CalendarDefinition {
  id: string;
  /** IANA zone for all day arithmetic; default `Asia/Shanghai`. */
  zone?: string;
  /** Office hours on every working day, `HH:mm` pairs in order; default `[['09:00','12:00'],['13:30','17:30']]`. */
  officeHours?: Array<[string, string]>;
  /** Per-date overrides (`YYYY-MM-DD`), applied last: ethnic-minority festivals, one-off State Council changes. */
  overrides?: Record<string, DayOverride>;
  /** Whole years not (yet) in the official data, see `YearSchedule`. */
  extraYears?: YearSchedule[];
  /**
   * When a day-based period ends on its last day (民法典 Art. 203 ¶2):
   * `endOfDay` (default) = 23:59:59.999 of that day (24:00);
   * `officeClose` = the end of the last office-hours interval ("有业务时间的，停止业务活动的时间为截止时间").
   */
  dayCutoff?: 'endOfDay' | 'officeClose';
  /**
   * Which last days of a `calendarDay` period roll forward (民法典 Art. 203 ¶1):
   * `restDay` (default) = any day that is not a working day (weekends and holidays; a 调休
   * make-up workday does not roll), the usual reading of 法定休假日;
   * `holidayOnly` = only days of a holiday period.
   */
  calendarDayRoll?: 'restDay' | 'holidayOnly';
  /**
   * A day of a year whose schedule is not loaded: `error` (default) throws CALENDAR_DATA_MISSING;
   * `provisional` counts it on the statutory holidays and Monday–Friday (2000–2099), marks it
   * `provisional`, and `provisionalYearsBetween` tells a deadline that it leaned on such a day.
   */
  missingYears?: 'error' | 'provisional';
}

export const DEFAULT_ZONE = 'Asia/Shanghai';
export const DEFAULT_OFFICE_HOURS: ReadonlyArray<readonly [string, string]> = [
  ['09:00', '12:00'],
  ['13:30', '17:30'],
];

/** Office hours as minutes after local midnight. */
export interface OfficeInterval {
  startMinute: number;
  endMinute: number;
}

export interface NormalizedDefinition {
  id: string;
  zone: string;
  officeHours: readonly OfficeInterval[];
  overrides: ReadonlyMap<string, { kind: 'workday' | 'holiday'; name?: string }>;
  extraYears: readonly YearSchedule[];
  dayCutoff: 'endOfDay' | 'officeClose';
  calendarDayRoll: 'restDay' | 'holidayOnly';
  missingYears: 'error' | 'provisional';
}

function bad(id: string, what: string, whatZh: string, details: Record<string, unknown> = {}): CalendarError {
  return new CalendarError('INVALID_CALENDAR_DEFINITION', `Calendar "${id}": ${what}`, `日历“${id}”：${whatZh}`, {
    calendarId: id,
    ...details,
  });
}

function minuteOfDay(id: string, text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  if (text === '24:00') return 1440;
  throw bad(id, `office hour "${text}" is not HH:mm`, `办公时间“${text}”应为 HH:mm 格式`, { value: text });
}

function checkDate(id: string, date: string, where: string): void {
  if (tryDayNumber(date) === undefined) {
    throw bad(id, `${where}: "${date}" is not a YYYY-MM-DD date`, `${where}：“${date}”不是 YYYY-MM-DD 日期`, { date });
  }
}

export function normalizeDefinition(def: CalendarDefinition = { id: 'default' }): NormalizedDefinition {
  const id = typeof def.id === 'string' && def.id !== '' ? def.id : 'default';
  const zone = def.zone ?? DEFAULT_ZONE;
  if (!IANAZone.isValidZone(zone)) throw bad(id, `unknown time zone "${zone}"`, `未知的时区“${zone}”`, { zone });

  const rawHours = def.officeHours ?? DEFAULT_OFFICE_HOURS;
  if (rawHours.length === 0) throw bad(id, 'officeHours must not be empty', '办公时间不能为空');
  const officeHours: OfficeInterval[] = [];
  let previousEnd = -1;
  for (const pair of rawHours) {
    const [from, to] = pair;
    const startMinute = minuteOfDay(id, from);
    const endMinute = minuteOfDay(id, to);
    if (endMinute <= startMinute || startMinute < previousEnd) {
      throw bad(
        id,
        `office hours ${from}–${to} must be non-empty, in order and not overlapping`,
        `办公时间 ${from}–${to} 必须非空、按顺序且不重叠`,
        { value: pair },
      );
    }
    officeHours.push({ startMinute, endMinute });
    previousEnd = endMinute;
  }

  const overrides = new Map<string, { kind: 'workday' | 'holiday'; name?: string }>();
  for (const [date, value] of Object.entries(def.overrides ?? {})) {
    checkDate(id, date, 'override');
    const entry = typeof value === 'string' ? { kind: value } : value;
    if (entry === null || typeof entry !== 'object' || (entry.kind !== 'workday' && entry.kind !== 'holiday')) {
      throw bad(
        id,
        `override for ${date} must be 'workday' or 'holiday'`,
        `${date} 的覆盖设置必须是 'workday' 或 'holiday'`,
        { date },
      );
    }
    overrides.set(date, entry.name !== undefined ? { kind: entry.kind, name: entry.name } : { kind: entry.kind });
  }

  const seenYears = new Set<number>();
  for (const y of def.extraYears ?? []) {
    if (!Number.isInteger(y.year) || y.year < 1900 || y.year > 2999 || seenYears.has(y.year)) {
      throw bad(
        id,
        `extraYears: year ${String(y.year)} is invalid or listed twice`,
        `extraYears：年份 ${String(y.year)} 无效或重复`,
        { year: y.year },
      );
    }
    seenYears.add(y.year);
    const listed = [...Object.keys(y.holidays ?? {}), ...Object.keys(y.makeupWorkdays ?? {})];
    for (const date of listed) {
      checkDate(id, date, `extraYears ${y.year}`);
      if (Math.abs(Number(date.slice(0, 4)) - y.year) > 1) {
        throw bad(
          id,
          `extraYears ${y.year}: ${date} is not in or next to ${y.year}`,
          `extraYears ${y.year}：${date} 不在该年或相邻年份`,
          { date },
        );
      }
    }
    const both = Object.keys(y.holidays ?? {}).filter((d) => d in (y.makeupWorkdays ?? {}));
    if (both.length > 0) {
      throw bad(
        id,
        `extraYears ${y.year}: ${both.join(', ')} listed as both holiday and make-up workday`,
        `extraYears ${y.year}：${both.join('、')} 同时被列为假日和调休上班日`,
        { dates: both },
      );
    }
  }

  if (def.dayCutoff !== undefined && def.dayCutoff !== 'endOfDay' && def.dayCutoff !== 'officeClose') {
    throw bad(id, `dayCutoff must be 'endOfDay' or 'officeClose'`, `dayCutoff 必须是 'endOfDay' 或 'officeClose'`);
  }
  if (def.calendarDayRoll !== undefined && def.calendarDayRoll !== 'restDay' && def.calendarDayRoll !== 'holidayOnly') {
    throw bad(
      id,
      `calendarDayRoll must be 'restDay' or 'holidayOnly'`,
      `calendarDayRoll 必须是 'restDay' 或 'holidayOnly'`,
    );
  }

  return {
    id,
    zone,
    officeHours,
    overrides,
    extraYears: [...(def.extraYears ?? [])],
    dayCutoff: def.dayCutoff ?? 'endOfDay',
    calendarDayRoll: def.calendarDayRoll ?? 'restDay',
    missingYears: def.missingYears === 'provisional' ? 'provisional' : 'error',
  };
}

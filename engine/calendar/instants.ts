/**
 * Instants ↔ local days in the calendar's zone (via luxon, so a browser works too).
 * The host's time zone is never used: every conversion names the zone.
 */
import { DateTime } from 'luxon';
import { dayNumber, dayNumberFromParts, dateString } from './dates.js';
import { CalendarError } from './errors.js';

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function invalidInstant(text: string): CalendarError {
  return new CalendarError(
    'INVALID_DATE',
    `Invalid instant "${text}": expected an ISO 8601 date-time such as 2026-02-12T10:00:00+08:00 (a time without offset is read in the calendar's zone)`,
    `无效的时间“${text}”：应为 ISO 8601 时间，例如 2026-02-12T10:00:00+08:00（不带时区偏移时按日历所在时区理解）`,
    { value: text },
  );
}

/** A date-time with its own offset: the instant it names does not depend on the calendar's zone. */
const WITH_OFFSET_RE = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch. A text without offset (or a bare date) is local time in `zone`. */
export function parseInstant(text: string, zone: string): number {
  if (typeof text !== 'string' || !INSTANT_RE.test(text)) throw invalidInstant(String(text));
  // Every stored deadline and clock reading carries its offset; reading those without luxon's zone
  // arithmetic is most of a deadline check's cost. Date.parse rolls 02-30 over to March, so the day is checked.
  const offset = WITH_OFFSET_RE.exec(text);
  if (offset) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms) && isCalendarDate(Number(offset[1]), Number(offset[2]), Number(offset[3]))) return ms;
  }
  const dt = DateTime.fromISO(text, { zone });
  if (!dt.isValid) throw invalidInstant(text);
  return dt.toMillis();
}

/** ISO text of an instant with the zone's offset, e.g. `2026-02-26T23:59:59.999+08:00`. */
export function formatInstant(ms: number, zone: string): string {
  const iso = DateTime.fromMillis(ms, { zone }).toISO();
  if (iso === null)
    throw new CalendarError('INVALID_DATE', `Instant ${ms} is out of range`, `时间 ${ms} 超出范围`, { value: ms });
  return iso;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** Every zone's offset lies within UTC−12…UTC+14. */
const WIDEST_OFFSET_MS = 14 * 3_600_000;

/** The local year of an instant in `zone`; luxon is asked only within a day of New Year. */
export function localYear(ms: number, zone: string): number {
  const early = new Date(ms - WIDEST_OFFSET_MS).getUTCFullYear();
  if (early === new Date(ms + WIDEST_OFFSET_MS).getUTCFullYear()) return early;
  return DateTime.fromMillis(ms, { zone }).year;
}

/** The local day (day number) an instant falls on in `zone`. */
export function localDay(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return dayNumberFromParts(dt.year, dt.month, dt.day);
}

/** The instant of a local wall-clock minute (0…1440) on a day in `zone`. */
export function instantAt(dayNum: number, minute: number, zone: string): number {
  if (minute >= 1440) return endOfDayExclusive(dayNum, zone);
  const [y, m, d] = dateString(dayNum).split('-').map(Number) as [number, number, number];
  return DateTime.fromObject(
    { year: y, month: m, day: d, hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone },
  ).toMillis();
}

/** The first instant of the next local day, i.e. 24:00 of this one. */
export function endOfDayExclusive(dayNum: number, zone: string): number {
  const [y, m, d] = dateString(dayNum + 1)
    .split('-')
    .map(Number) as [number, number, number];
  return DateTime.fromObject({ year: y, month: m, day: d }, { zone }).toMillis();
}

/** A `YYYY-MM-DD` date, or the local date of an ISO instant in `zone`. */
export function dayOfInput(text: string, zone: string): number {
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return dayNumber(text);
  return localDay(parseInstant(text, zone), zone);
}

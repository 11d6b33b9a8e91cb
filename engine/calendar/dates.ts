/**
 * Plain civil-date helpers. A date is a `YYYY-MM-DD` string or a day number
 * (days since 1970-01-01). All arithmetic is done on UTC fields, so the host's
 * time zone never matters here.
 */
import { CalendarError } from './errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Day number of a `YYYY-MM-DD` date, or undefined if it is not a real date. */
export function tryDayNumber(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / MS_PER_DAY;
}

export function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (n === undefined) {
    throw new CalendarError(
      'INVALID_DATE',
      `Invalid date "${date}": expected YYYY-MM-DD`,
      `无效的日期“${date}”：应为 YYYY-MM-DD`,
      { date },
    );
  }
  return n;
}

export function dayNumberFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function dateString(dayNum: number): string {
  return new Date(dayNum * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(dayNum: number): number {
  return new Date(dayNum * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(dayNum: number): number {
  const js = new Date(dayNum * MS_PER_DAY).getUTCDay();
  return js === 0 ? 7 : js;
}

export function isWeekend(dayNum: number): boolean {
  return isoWeekday(dayNum) >= 6;
}

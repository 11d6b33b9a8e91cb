import type { Locale } from '../../definitions/index.js';
import { beijingDay, type LeaveProxyRow } from '../store/leave-proxies.js';

export type PeriodState = 'scheduled' | 'active' | 'ended' | 'cancelled';

/** Where a period stands on Beijing day `today`. */
export function stateOf(p: LeaveProxyRow, today: string): PeriodState {
  if (p.cancelled_at) return 'cancelled';
  if (p.ends_on !== null && p.ends_on < today) return 'ended';
  return p.starts_on > today ? 'scheduled' : 'active';
}

/** Whether two periods share a day (an open end runs on for ever). */
export function overlaps(
  a: { starts_on: string; ends_on: string | null },
  b: { starts_on: string; ends_on: string | null },
): boolean {
  return (a.ends_on === null || b.starts_on <= a.ends_on) && (b.ends_on === null || a.starts_on <= b.ends_on);
}

/** A real calendar day written `YYYY-MM-DD`. */
export function isDay(day: string): boolean {
  const at = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === day;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day as people write it: 12月8日 (with the year when it is not this year's). */
export function dayWords(day: string, locale: Locale, now: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const thisYear = y === Number(beijingDay(now).slice(0, 4));
  if (locale === 'zh-CN') return `${thisYear ? '' : `${y}年`}${m}月${d}日`;
  return `${d} ${EN_MONTHS[m - 1]}${thisYear ? '' : ` ${y}`}`;
}

/** 12月8日—12月12日, 12月8日 for one day, or 12月8日起 without an end. */
export function periodWords(p: { starts_on: string; ends_on: string | null }, locale: Locale, now: string): string {
  const from = dayWords(p.starts_on, locale, now);
  if (p.ends_on === null) return locale === 'zh-CN' ? `${from}起` : `from ${from}`;
  if (p.ends_on === p.starts_on) return from;
  return `${from}${locale === 'zh-CN' ? '—' : ' – '}${dayWords(p.ends_on, locale, now)}`;
}

import type { Locale } from '../app/i18n/index.js';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A `YYYY-MM-DD` day as people write it: 12月8日 (with the year when it is not `today`'s). */
export function dayWords(day: string, today: string, locale: Locale): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const thisYear = day.slice(0, 4) === today.slice(0, 4);
  if (locale === 'zh-CN') return `${thisYear ? '' : `${y}年`}${m}月${d}日`;
  return `${d} ${EN_MONTHS[m - 1]}${thisYear ? '' : ` ${y}`}`;
}

/** The days of a period, counted inclusively. */
export function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

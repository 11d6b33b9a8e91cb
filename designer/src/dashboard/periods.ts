import type { FigureReport, FigureRow } from '../app/api/index.js';
import type { CaseFilters } from '../app/route.js';

const SHANGHAI = 8 * 3_600_000;
const DAY = 86_400_000;

/** Today in Beijing time, `YYYY-MM-DD`. */
export const today = (now = Date.now()) => new Date(now + SHANGHAI).toISOString().slice(0, 10);
/** The day `n` days after `day`. */
export const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The Beijing date of an instant. */
export const dayOf = (iso: string) => new Date(Date.parse(iso) + SHANGHAI).toISOString().slice(0, 10);

/** The last day of a month `YYYY-MM`. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The case search's filters of a report's whole period (its first and last Beijing days). */
export function periodFilters(report: FigureReport): CaseFilters {
  return { from: dayOf(report.from), to: dayOf(new Date(Date.parse(report.to) - 1).toISOString()) };
}

/**
 * The case search's filters behind a figure row (the same period, and the row's own key), or
 * undefined when the search cannot filter that way (an uncategorised row).
 */
export function rowFilters(report: FigureReport, row: FigureRow): CaseFilters | undefined {
  const first = dayOf(report.from);
  const last = dayOf(new Date(Date.parse(report.to) - 1).toISOString());
  const within = (from: string, to: string) => ({ from: from < first ? first : from, to: to > last ? last : to });
  switch (report.by) {
    case 'tenant':
      return { tenant: row.key, from: first, to: last };
    case 'level':
      return { level: row.key, from: first, to: last };
    case 'channel':
      return { channel: row.key || '-', from: first, to: last };
    case 'category':
    case 'department':
      return row.key ? { [report.by]: row.key, from: first, to: last } : undefined;
    case 'day':
      return within(row.key, row.key);
    case 'week':
      return within(row.key, plusDays(row.key, 6));
    case 'month':
      return within(`${row.key}-01`, lastDayOf(row.key));
    default:
      return undefined;
  }
}

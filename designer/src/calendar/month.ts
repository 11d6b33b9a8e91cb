import type { CalendarDay, LoadedYear } from '../app/api/index.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a day of a month. */
export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** The first and last day of a month. */
export function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: isoDate(year, month, 1), to: isoDate(year, month, last) };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a date, on UTC fields so the browser's zone never matters. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A month as a parsed (not yet saved) schedule shows it: its days off, make-up days, other days by weekday. */
export function scheduleMonth(
  loaded: Pick<LoadedYear, 'holidays' | 'makeupWorkdays'>,
  year: number,
  month: number,
): CalendarDay[] {
  const { to } = monthRange(year, month);
  const days: CalendarDay[] = [];
  for (let d = 1; d <= Number(to.slice(8)); d++) {
    const date = isoDate(year, month, d);
    const weekday = weekdayOf(date);
    const holiday = loaded.holidays[date];
    const makeup = loaded.makeupWorkdays[date];
    if (holiday) days.push({ date, weekday, kind: 'holiday', working: false, name: holiday, source: 'extraYear' });
    else if (makeup)
      days.push({ date, weekday, kind: 'makeupWorkday', working: true, name: makeup, source: 'extraYear' });
    else
      days.push({ date, weekday, kind: weekday >= 6 ? 'weekend' : 'workday', working: weekday < 6, source: 'weekly' });
  }
  return days;
}

/**
 * The official State Council holiday schedules, 2004 up to the last year the pinned
 * package ships. Pinned package: chinese-days 1.5.7 (see README.md for why).
 *
 * The data arrives through a static ES import of the package's JSON, so it is bundled
 * with the engine: no file or network access at call time, and it works in a browser.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export const OFFICIAL_DATA_SOURCE = { package: 'chinese-days', version: '1.5.7' } as const;

/** One special day of a year's schedule. */
export interface ScheduledDay {
  /** `holiday`: a day off (放假); `makeupWorkday`: a weekend day worked instead (调休上班). */
  type: 'holiday' | 'makeupWorkday';
  /** Chinese festival name, e.g. 春节. For a make-up day, the festival it belongs to. */
  name: string;
  nameEn?: string;
  /** A day off that exists only because a weekend day was swapped (调休), not a statutory day. */
  inLieu?: boolean;
}

interface RawData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

/** chinese-days encodes a day as "English name,中文名,statutory length". */
function parseLabel(label: string): { name: string; nameEn: string } {
  const [nameEn = '', name = ''] = label.split(',');
  return { name: name || nameEn, nameEn };
}

function build(raw: RawData): { days: ReadonlyMap<string, ScheduledDay>; years: readonly number[] } {
  const days = new Map<string, ScheduledDay>();
  const years = new Set<number>();
  for (const [date, label] of Object.entries(raw.holidays)) {
    days.set(date, { type: 'holiday', ...parseLabel(label), ...(date in raw.inLieuDays ? { inLieu: true } : {}) });
    years.add(Number(date.slice(0, 4)));
  }
  for (const [date, label] of Object.entries(raw.workdays)) {
    days.set(date, { type: 'makeupWorkday', ...parseLabel(label) });
  }
  return { days, years: [...years].sort((a, b) => a - b) };
}

const built = build(chineseDays as RawData);

/** Every holiday and make-up workday in the official data, keyed by `YYYY-MM-DD`. */
export const OFFICIAL_DAYS: ReadonlyMap<string, ScheduledDay> = built.days;

/** The years the official data covers (a year is covered when it has holidays listed). */
export const OFFICIAL_YEARS: readonly number[] = built.years;

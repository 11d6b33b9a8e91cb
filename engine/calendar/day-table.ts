/**
 * Which kind each day is: the official schedule, then the tenant's extra years, then
 * the tenant's per-date overrides. Days of a year that none of these covers are unknown:
 * asking for one throws `CALENDAR_DATA_MISSING`, or, with `missingYears: 'provisional'`, answers
 * the statutory holidays and Monday–Friday marked `provisional` (never a silent guess).
 */
import { dateString, dayNumberFromParts, isoWeekday, yearOf } from './dates.js';
import type { NormalizedDefinition } from './definition.js';
import { dataMissing } from './errors.js';
import { OFFICIAL_DAYS, OFFICIAL_YEARS } from './official-data.js';
import type { ScheduledDay } from './official-data.js';
import { statutoryHolidays } from './statutory.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';

export interface DayInfo {
  /** `YYYY-MM-DD`. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  kind: DayKind;
  /** true for `workday` and `makeupWorkday`. */
  working: boolean;
  /** Festival name in Chinese where the data has one (for a make-up day: the festival it serves). */
  name?: string;
  nameEn?: string;
  /** A day off created by swapping a weekend day (调休), as marked by the data package. */
  inLieu?: boolean;
  /**
   * Where the kind comes from. `provisional`: a year whose schedule is not loaded, counted on the
   * statutory holidays and Monday–Friday (see statutory.ts); its days also carry `provisional: true`.
   */
  source: 'official' | 'extraYear' | 'override' | 'weekly' | 'provisional';
  /** The day lies in a year whose State Council schedule is not loaded (only with `missingYears: 'provisional'`). */
  provisional?: true;
}

type Entry = ScheduledDay & { source: 'official' | 'extraYear' };

export class DayTable {
  private readonly entries = new Map<string, Entry>();
  private readonly knownYears: ReadonlySet<number>;
  private readonly cache = new Map<number, DayInfo>();
  /** Last day of the known run of years that starts with the first official year. */
  readonly validThroughDay: number;
  readonly validFromDay: number;
  readonly knownRange: string;

  constructor(private readonly def: NormalizedDefinition) {
    const extraYears = new Set(def.extraYears.map((y) => y.year));
    for (const [date, day] of OFFICIAL_DAYS) {
      if (!extraYears.has(Number(date.slice(0, 4)))) this.entries.set(date, { ...day, source: 'official' });
    }
    for (const y of def.extraYears) {
      for (const [date, name] of Object.entries(y.holidays ?? {}))
        this.entries.set(date, { type: 'holiday', name, source: 'extraYear' });
      for (const [date, name] of Object.entries(y.makeupWorkdays ?? {}))
        this.entries.set(date, { type: 'makeupWorkday', name, source: 'extraYear' });
    }
    const years = new Set<number>([...OFFICIAL_YEARS, ...extraYears]);
    this.knownYears = years;
    const first = Math.min(...years);
    let last = first;
    while (years.has(last + 1)) last += 1;
    this.validFromDay = dayNumberFromParts(first, 1, 1);
    this.validThroughDay = dayNumberFromParts(last, 12, 31);
    const sorted = [...years].sort((a, b) => a - b);
    const runs: string[] = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
      runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
      i = j + 1;
    }
    this.knownRange = runs.join(', ');
  }

  years(): number[] {
    return [...this.knownYears].sort((a, b) => a - b);
  }

  /** The kind of a day; for a day of an unknown year without an override: provisional, or `CALENDAR_DATA_MISSING`. */
  info(dayNum: number): DayInfo {
    const cached = this.cache.get(dayNum);
    if (cached) return cached;
    const info = this.resolve(dayNum);
    this.cache.set(dayNum, info);
    return info;
  }

  /** A year without a loaded schedule that this calendar counts provisionally (2000–2099 only: the 清明 formula's range). */
  isProvisionalYear(year: number): boolean {
    return this.def.missingYears === 'provisional' && !this.knownYears.has(year) && year >= 2000 && year <= 2099;
  }

  isWorking(dayNum: number): boolean {
    return this.info(dayNum).working;
  }

  private resolve(dayNum: number): DayInfo {
    const date = dateString(dayNum);
    const weekday = isoWeekday(dayNum);
    const weekend = weekday >= 6;
    const override = this.def.overrides.get(date);
    if (override) {
      const working = override.kind === 'workday';
      return {
        date,
        weekday,
        working,
        kind: working ? (weekend ? 'makeupWorkday' : 'workday') : 'holiday',
        ...(override.name !== undefined ? { name: override.name } : {}),
        source: 'override',
        ...(this.isProvisionalYear(yearOf(dayNum)) ? { provisional: true as const } : {}),
      };
    }
    const entry = this.entries.get(date);
    if (entry) {
      const working = entry.type === 'makeupWorkday';
      return {
        date,
        weekday,
        working,
        kind: working ? (weekend ? 'makeupWorkday' : 'workday') : 'holiday',
        name: entry.name,
        ...(entry.nameEn !== undefined ? { nameEn: entry.nameEn } : {}),
        ...(entry.inLieu ? { inLieu: true } : {}),
        source: entry.source,
      };
    }
    const year = yearOf(dayNum);
    if (!this.knownYears.has(year)) {
      if (!this.isProvisionalYear(year)) throw dataMissing(year, this.knownRange);
      const statutory = statutoryHolidays(year).get(date);
      if (statutory)
        return {
          date,
          weekday,
          working: false,
          kind: 'holiday',
          ...statutory,
          source: 'provisional',
          provisional: true,
        };
      return {
        date,
        weekday,
        working: !weekend,
        kind: weekend ? 'weekend' : 'workday',
        source: 'provisional',
        provisional: true,
      };
    }
    return { date, weekday, working: !weekend, kind: weekend ? 'weekend' : 'workday', source: 'weekly' };
  }
}

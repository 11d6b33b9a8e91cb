/**
 * The statutory public holidays that 全国年节及纪念日放假办法 (as amended in 2024, Art. 2) fixes
 * without any notice: 元旦 1 Jan; 春节 New Year's Eve (除夕) and the first three days of the lunar
 * year; 清明 on its solar term; 劳动节 1–2 May; 端午 (lunar 5/5); 中秋 (lunar 8/15); 国庆 1–3 Oct.
 * A year whose State Council schedule is not loaded is counted provisionally on these days:
 * the 调休 swaps, the bridging days and the weekday make-up of a holiday that falls on a weekend
 * (Art. 6 补假) are left to the annual notice.
 *
 * Lunar dates come from chinese-days' `getLunarDate`, called with `YYYY-MM-DD` text: that
 * direction is independent of the host's time zone, while its solar-term and lunar→solar
 * functions shift by a day west of UTC. 清明 therefore uses the standard 21st-century formula,
 * which matches the package's solar terms for 2001–2099 (tests).
 */
import chineseDays from 'chinese-days';
import { dateString, dayNumberFromParts } from './dates.js';

export interface StatutoryDay {
  name: string;
  nameEn: string;
}

const cache = new Map<number, ReadonlyMap<string, StatutoryDay>>();

const NAMES = {
  newYear: { name: '元旦', nameEn: "New Year's Day" },
  spring: { name: '春节', nameEn: 'Spring Festival' },
  qingming: { name: '清明', nameEn: 'Tomb-sweeping Day' },
  labour: { name: '劳动节', nameEn: 'Labour Day' },
  dragonBoat: { name: '端午', nameEn: 'Dragon Boat Festival' },
  midAutumn: { name: '中秋', nameEn: 'Mid-autumn Festival' },
  national: { name: '国庆节', nameEn: 'National Day' },
} as const satisfies Record<string, StatutoryDay>;

/** The day of 清明 in April, 2000–2099: ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ with Y the last two digits. */
export function qingmingDay(year: number): number {
  if (year < 2000 || year > 2099) throw new RangeError(`清明 is computed for 2000–2099 only, not ${year}`);
  const y = year % 100;
  return Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
}

/** The first day (Gregorian) of a lunar month and day within a window of `year`, as a day number. */
function lunarDay(year: number, month: number, day: number, fromMonth: number, fromDay: number, span: number): number {
  const start = dayNumberFromParts(year, fromMonth, fromDay);
  for (let d = start; d < start + span; d += 1) {
    const lunar = chineseDays.getLunarDate(dateString(d));
    if (lunar.lunarMon === month && lunar.lunarDay === day && !lunar.isLeap) return d;
  }
  throw new RangeError(`no lunar ${month}/${day} found in ${year}`);
}

/** The statutory holidays of a Gregorian year (2000–2099), date → name. */
export function statutoryHolidays(year: number): ReadonlyMap<string, StatutoryDay> {
  const hit = cache.get(year);
  if (hit) return hit;
  const days = new Map<string, StatutoryDay>();
  const add = (day: number, names: StatutoryDay) => days.set(dateString(day), names);
  add(dayNumberFromParts(year, 1, 1), NAMES.newYear);
  // 正月初一 falls between 21 January and 20 February; 除夕 is the day before it.
  const lunarNewYear = lunarDay(year, 1, 1, 1, 21, 31);
  for (let d = lunarNewYear - 1; d <= lunarNewYear + 2; d += 1) add(d, NAMES.spring);
  add(dayNumberFromParts(year, 4, qingmingDay(year)), NAMES.qingming);
  add(dayNumberFromParts(year, 5, 1), NAMES.labour);
  add(dayNumberFromParts(year, 5, 2), NAMES.labour);
  add(lunarDay(year, 5, 5, 5, 28, 32), NAMES.dragonBoat);
  add(lunarDay(year, 8, 15, 9, 7, 33), NAMES.midAutumn);
  for (let d = 1; d <= 3; d += 1) add(dayNumberFromParts(year, 10, d), NAMES.national);
  cache.set(year, days);
  return days;
}

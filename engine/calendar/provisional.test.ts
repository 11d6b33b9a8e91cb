/**
 * Years without a loaded schedule, counted provisionally on the statutory holidays of
 * 全国年节及纪念日放假办法 (2024) and Monday–Friday.
 */
import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { createBusinessCalendar, qingmingDay, statutoryHolidays } from './index.js';
import { OFFICIAL_DAYS } from './official-data.js';

const provisional = createBusinessCalendar({ id: 'city', missingYears: 'provisional' });
const strict = createBusinessCalendar({ id: 'city' });

describe('statutory holidays', () => {
  it('2027: 元旦, 除夕 to 初三, 清明, 1–2 May, 端午, 中秋 and 1–3 October', () => {
    expect([...statutoryHolidays(2027)].map(([d, n]) => `${d} ${n.name}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午',
      '2027-09-15 中秋',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
  });

  it('every statutory day of 2025 and 2026 (the years after the 2024 amendment) is a day off in the official schedules', () => {
    for (const year of [2025, 2026]) {
      for (const [date, day] of statutoryHolidays(year)) {
        expect(OFFICIAL_DAYS.get(date), `${date} ${day.name}`).toMatchObject({ type: 'holiday' });
      }
    }
  });

  it('清明 by formula is the solar term chinese-days computes, 2001–2099 (its solar terms read in Asia/Shanghai)', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai'; // the package's solar-term functions use the host's local time
    try {
      for (let y = 2001; y <= 2099; y++) {
        const term = chineseDays.getSolarTerms(`${y}-04-01`, `${y}-04-10`).find((t) => t.term === 'pure_brightness');
        expect(`${y}-04-0${qingmingDay(y)}`).toBe(term?.date);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('a year without a schedule', () => {
  it('is counted provisionally: a 5-working-day task created on 2026-12-28 is due in January 2027, skipping 1 January', () => {
    // 12-29, 12-30, 12-31, (01-01 元旦, 01-02/03 weekend), 01-04, 01-05
    expect(provisional.addDuration('2026-12-28T10:00:00+08:00', '5 workDay')).toBe('2027-01-05T23:59:59.999+08:00');
    expect(provisional.provisionalYearsBetween('2026-12-28T10:00:00+08:00', '2027-01-05T23:59:59.999+08:00')).toEqual([
      2027,
    ]);
    expect(provisional.dayInfo('2027-01-01')).toMatchObject({
      kind: 'holiday',
      name: '元旦',
      working: false,
      source: 'provisional',
      provisional: true,
    });
    expect(provisional.dayInfo('2027-01-04')).toMatchObject({
      kind: 'workday',
      working: true,
      source: 'provisional',
      provisional: true,
    });
  });

  it('skips the Spring Festival days off by the lunar calendar', () => {
    // 2027-02-04 (Thu) + 3 working days: 02-05..02-08 are 除夕 to 初三, so 02-09, 02-10, 02-11.
    expect(provisional.addDuration('2027-02-04T09:00:00+08:00', '3 workDay')).toBe('2027-02-11T23:59:59.999+08:00');
  });

  it('is not provisional inside a loaded year, and the strict calendar still refuses', () => {
    expect(provisional.provisionalYearsBetween('2026-03-01T09:00:00+08:00', '2026-03-09T09:00:00+08:00')).toEqual([]);
    expect(provisional.validThrough()).toBe('2026-12-31');
    expect(provisional.knownYears()).not.toContain(2027);
    expect(() => strict.addDuration('2026-12-28T10:00:00+08:00', '5 workDay')).toThrow(/2027 calendar data missing/);
    expect(strict.provisionalYearsBetween('2026-12-28T10:00:00+08:00', '2027-01-05T00:00:00+08:00')).toEqual([]);
  });

  it('stops being provisional once the year is loaded', () => {
    const loaded = createBusinessCalendar({
      id: 'city',
      missingYears: 'provisional',
      extraYears: [{ year: 2027, holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' } }],
    });
    expect(loaded.addDuration('2026-12-28T10:00:00+08:00', '5 workDay')).toBe('2027-01-06T23:59:59.999+08:00');
    expect(loaded.provisionalYearsBetween('2026-12-28T10:00:00+08:00', '2027-01-06T23:59:59.999+08:00')).toEqual([]);
  });
});

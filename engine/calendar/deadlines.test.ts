/**
 * Deadlines computed by addDuration. Expected values were worked out by hand from the
 * 2025/2026 State Council notices (see official-data.test.ts) and domain.md §1.5/§3.3.
 * Instants are given both as +08:00 and as UTC: results must not depend on process.env.TZ.
 */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './index.js';

const cal = createBusinessCalendar();
const END = 'T23:59:59.999+08:00';

describe('workDay: counted from the next day, ends at the end of the Nth working day', () => {
  it.each([
    // Spring Festival 2026: Sat 2/14 is a make-up workday, 2/15–2/23 off
    ['2026-02-12T10:00:00+08:00', 5, `2026-02-26${END}`],
    ['2026-02-12T02:00:00Z', 5, `2026-02-26${END}`],
    ['2026-02-13T09:00:00+08:00', 1, `2026-02-14${END}`],
    ['2026-02-14T10:00:00+08:00', 1, `2026-02-24${END}`],
    // start on a holiday: counting starts on the first working day after it
    ['2026-02-17T10:00:00+08:00', 5, `2026-02-28${END}`], // 2/24–2/27 + make-up Sat 2/28
    ['2025-10-03T15:00:00+08:00', 1, `2025-10-09${END}`],
    // start on an ordinary weekend
    ['2026-03-07T10:00:00+08:00', 1, `2026-03-09${END}`],
    // National Day 2026: 10/1–10/7 off, Sat 10/10 worked
    ['2026-09-29T10:00:00+08:00', 3, `2026-10-09${END}`],
    ['2026-09-29T10:00:00+08:00', 4, `2026-10-10${END}`],
    // National Day + Mid-autumn 2025: Sun 9/28 worked, 10/1–10/8 off
    ['2025-09-26T10:00:00+08:00', 5, `2025-10-10${END}`],
    // Spring Festival 2025: Sun 1/26 worked, 1/28–2/4 off
    ['2025-01-24T10:00:00+08:00', 3, `2025-02-05${END}`],
    // Labour Day 2026: 5/1–5/5 off, Sat 5/9 worked
    ['2026-04-30T10:00:00+08:00', 2, `2026-05-07${END}`],
    ['2026-04-30T10:00:00+08:00', 5, `2026-05-11${END}`],
    // across the 2025/2026 year boundary: 1/1–1/3 off, Sun 1/4 worked
    ['2025-12-31T10:00:00+08:00', 1, `2026-01-04${END}`],
    // "13 working days counted from the next day" (bureau rule, domain.md §1.2)
    ['2026-03-02T16:00:00+08:00', 13, `2026-03-19${END}`],
  ] as const)('%s + %i workDay → %s', (start, n, due) => {
    expect(cal.addDuration(start, { amount: n, unit: 'workDay' })).toBe(due);
  });

  it('uses the Shanghai date of a UTC instant, not the host date', () => {
    // 2026-02-13T16:30Z is Saturday 2/14 00:30 in Shanghai (a make-up workday, so it is the start day)
    expect(cal.addDuration('2026-02-13T16:30:00Z', '1 workDay')).toBe(`2026-02-24${END}`);
    expect(cal.addDuration('2026-02-13T16:30:00+08:00', '1 workDay')).toBe(`2026-02-14${END}`);
    // a time without offset is Shanghai wall-clock time
    expect(cal.addDuration('2026-02-13T16:30:00', '1 workDay')).toBe(`2026-02-14${END}`);
  });

  it('can end at office close instead of 24:00 (dayCutoff: officeClose)', () => {
    const close = createBusinessCalendar({ id: 'close', dayCutoff: 'officeClose' });
    expect(close.addDuration('2026-02-12T10:00:00+08:00', '5个工作日')).toBe('2026-02-26T17:30:00.000+08:00');
    expect(close.addDuration('2026-09-22T10:00:00+08:00', '15日')).toBe('2026-10-08T17:30:00.000+08:00');
  });
});

describe('calendarDay: 民法典 201 (start day not counted) and 203 (a last rest day rolls forward)', () => {
  it.each([
    ['2026-09-22T10:00:00+08:00', 15, `2026-10-08${END}`], // 10/7 is National Day → 10/8
    ['2026-09-15T10:00:00+08:00', 15, `2026-09-30${END}`], // Wednesday, no roll
    ['2026-01-28T09:00:00+08:00', 15, `2026-02-12${END}`], // Thursday, no roll
    ['2026-02-10T09:00:00+08:00', 7, `2026-02-24${END}`], // 2/17 in Spring Festival → 2/24
    ['2026-02-04T09:00:00+08:00', 10, `2026-02-14${END}`], // make-up Saturday is a working day: no roll
    ['2026-03-04T09:00:00+08:00', 3, `2026-03-09${END}`], // Saturday 3/7 → Monday 3/9
    ['2025-12-30T09:00:00+08:00', 3, `2026-01-04${END}`], // 1/2 元旦 → 1/3 off → Sunday 1/4 worked
    ['2025-01-20T10:00:00+08:00', 10, `2025-02-05${END}`], // 1/30 Spring Festival → 2/5
    ['2025-09-16T10:00:00+08:00', 15, `2025-10-09${END}`], // 10/1 → after 10/8
    ['2026-03-01T08:00:00+08:00', 60, `2026-04-30${END}`], // 信访 60 日
    // UTC input: 1/27 16:00Z is 1/28 00:00 in Shanghai, one second earlier is still 1/27
    ['2026-01-27T16:00:00Z', 15, `2026-02-12${END}`],
    ['2026-01-27T15:59:59Z', 15, `2026-02-11${END}`],
  ] as const)('%s + %i calendarDay → %s', (start, n, due) => {
    expect(cal.addDuration(start, { amount: n, unit: 'calendarDay' })).toBe(due);
  });

  it('rolls only over holiday periods with calendarDayRoll: holidayOnly', () => {
    const strict = createBusinessCalendar({ id: 'strict', calendarDayRoll: 'holidayOnly' });
    expect(strict.addDuration('2026-03-04T09:00:00+08:00', '3日')).toBe(`2026-03-07${END}`);
    expect(strict.addDuration('2026-02-10T09:00:00+08:00', '7日')).toBe(`2026-02-24${END}`);
    expect(strict.addDuration('2026-09-22T10:00:00+08:00', '15日')).toBe(`2026-10-08${END}`);
  });
});

describe('workHour: only office hours (09:00–12:00, 13:30–17:30) on working days', () => {
  it.each([
    ['2026-03-02T11:00:00+08:00', 2, '2026-03-02T14:30:00.000+08:00'], // across lunch
    ['2026-03-02T12:30:00+08:00', 1, '2026-03-02T14:30:00.000+08:00'], // start during lunch
    ['2026-03-02T07:00:00+08:00', 3, '2026-03-02T12:00:00.000+08:00'], // before opening; ends exactly at lunch
    ['2026-03-02T20:00:00+08:00', 1, '2026-03-03T10:00:00.000+08:00'], // evening → next morning
    ['2026-03-02T11:30:00+08:00', 1.5, '2026-03-02T14:30:00.000+08:00'],
    ['2026-03-02T10:00:00+08:00', 8, '2026-03-03T11:00:00.000+08:00'],
    ['2026-03-06T16:30:00+08:00', 2, '2026-03-09T10:00:00.000+08:00'], // Friday evening → Monday
    ['2026-03-06T08:30:00Z', 2, '2026-03-09T10:00:00.000+08:00'], // same instant in UTC
    ['2026-02-13T17:00:00+08:00', 4, '2026-02-14T14:00:00.000+08:00'], // into the make-up Saturday
    ['2026-02-14T17:00:00+08:00', 1, '2026-02-24T09:30:00.000+08:00'], // over the Spring Festival
    ['2026-09-30T16:00:00+08:00', 2, '2026-10-08T09:30:00.000+08:00'], // over National Day
  ] as const)('%s + %s workHour → %s', (start, n, due) => {
    expect(cal.addDuration(start, { amount: n, unit: 'workHour' })).toBe(due);
  });

  it('uses the tenant office hours', () => {
    const town = createBusinessCalendar({
      id: 'town',
      officeHours: [
        ['08:30', '12:00'],
        ['14:00', '17:30'],
      ],
    });
    expect(town.addDuration('2026-03-02T11:00:00+08:00', '2工作小时')).toBe('2026-03-02T15:00:00.000+08:00');
    expect(town.addDuration('2026-03-02T17:00:00+08:00', '1工作小时')).toBe('2026-03-03T09:00:00.000+08:00');
  });
});

describe('hour and minute: round the clock, holidays ignored (不区分工作日和非工作日)', () => {
  it.each([
    ['2026-02-15T10:00:00+08:00', '72 hour', '2026-02-18T10:00:00.000+08:00'],
    ['2026-02-17T23:45:00Z', '30分钟', '2026-02-18T08:15:00.000+08:00'],
    ['2026-12-31T23:50:00+08:00', '15分钟', '2027-01-01T00:05:00.000+08:00'], // needs no 2027 data
    ['2026-12-30T02:00:00Z', '72小时', '2027-01-02T10:00:00.000+08:00'],
    ['2026-03-02T10:00:00+08:00', '1.5 hour', '2026-03-02T11:30:00.000+08:00'],
  ] as const)('%s + %s → %s', (start, d, due) => {
    expect(cal.addDuration(start, d)).toBe(due);
  });

  it('returns the start itself for an amount of 0 (nothing left after a pause)', () => {
    expect(cal.addDuration('2026-02-15T10:00:00Z', { amount: 0, unit: 'workDay' })).toBe(
      '2026-02-15T18:00:00.000+08:00',
    );
  });
});

describe('zones', () => {
  it('does day arithmetic in the calendar zone', () => {
    // 2026-02-13T17:30Z: Friday 23:30 in Urumqi (+06), but make-up Saturday 01:30 in Shanghai
    const urumqi = createBusinessCalendar({ id: 'xj', zone: 'Asia/Urumqi' });
    expect(urumqi.addDuration('2026-02-13T17:30:00Z', '1 workDay')).toBe('2026-02-14T23:59:59.999+06:00');
    expect(cal.addDuration('2026-02-13T17:30:00Z', '1 workDay')).toBe(`2026-02-24${END}`);
  });
});

describe('bad input', () => {
  it.each(['', 'yesterday', '2026-02-30T10:00:00+08:00', '2026-13-01', '12/02/2026'])(
    'rejects the instant %j',
    (text) => {
      expect(() => cal.addDuration(text, '1 workDay')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    },
  );

  it.each([
    [{ amount: 1.5, unit: 'workDay' }],
    [{ amount: -1, unit: 'hour' }],
    [{ amount: Number.NaN, unit: 'minute' }],
    [{ amount: 1, unit: 'week' }],
  ])('rejects the duration %j', (d) => {
    expect(() => cal.addDuration('2026-03-02T10:00:00+08:00', d as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
  });
});

/**
 * Years without data, next year's schedule supplied by the tenant (extraYears), and
 * per-date overrides (ethnic-minority festivals, one-off State Council changes).
 */
import { describe, expect, it } from 'vitest';
import { CalendarError, createBusinessCalendar } from './index.js';
import type { YearSchedule } from './index.js';

const END = 'T23:59:59.999+08:00';
const cal = createBusinessCalendar();

/**
 * A HYPOTHETICAL 2027 schedule for the tests (not the real notice): 元旦 2027-01-01 (Fri)
 * to 01-03 (Sun); 春节 02-06 to 02-13 with Sunday 01-31 and Saturday 02-20 worked.
 */
const HYPOTHETICAL_2027: YearSchedule = {
  year: 2027,
  holidays: {
    '2027-01-01': '元旦',
    '2027-01-02': '元旦',
    '2027-01-03': '元旦',
    '2027-02-06': '春节',
    '2027-02-07': '春节',
    '2027-02-08': '春节',
    '2027-02-09': '春节',
    '2027-02-10': '春节',
    '2027-02-11': '春节',
    '2027-02-12': '春节',
    '2027-02-13': '春节',
  },
  makeupWorkdays: { '2027-01-31': '春节', '2027-02-20': '春节' },
  source: 'test fixture, not an official notice',
};

function errorOf(fn: () => unknown): CalendarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarError) return e;
    throw e;
  }
  throw new Error('expected a CalendarError');
}

describe('a year without data is an error, never a Monday–Friday guess', () => {
  it.each([
    ['5 workDays past the end of 2026', () => cal.addDuration('2026-12-25T10:00:00+08:00', '5 workDay'), 2027],
    ['a calendar-day period ending in 2027', () => cal.addDuration('2026-12-30T10:00:00+08:00', '3日'), 2027],
    ['working hours running into 2027', () => cal.addDuration('2026-12-31T17:00:00+08:00', '1 workHour'), 2027],
    ['the kind of a 2027 day', () => cal.dayKind('2027-01-04'), 2027],
    ['is 2027-02-08 a working day', () => cal.isWorkingDay('2027-02-08'), 2027],
    ['listing days into 2027', () => cal.listDays('2026-12-30', '2027-01-02'), 2027],
    [
      'working time up to 2027',
      () => cal.workingTimeBetween('2026-12-31T10:00:00+08:00', '2027-01-05T10:00:00+08:00', 'workDay'),
      2027,
    ],
    ['a day before 2004', () => cal.isWorkingDay('2003-06-02'), 2003],
  ] as const)('%s', (_, fn, year) => {
    const e = errorOf(fn);
    expect(e.code).toBe('CALENDAR_DATA_MISSING');
    expect(e.message).toMatch(new RegExp(`^${year} calendar data missing`));
    expect(e.messageZh).toContain(`缺少${year}年节假日数据`);
    expect(e.details).toMatchObject({ year, known: '2004–2026' });
  });

  it('still computes everything that stays inside 2026', () => {
    expect(cal.addDuration('2026-12-25T10:00:00+08:00', '4 workDay')).toBe(`2026-12-31${END}`);
    expect(cal.addDuration('2026-12-20T10:00:00+08:00', '10日')).toBe(`2026-12-30${END}`);
    expect(cal.addDuration('2026-12-31T16:00:00+08:00', '1.5 workHour')).toBe('2026-12-31T17:30:00.000+08:00');
    expect(cal.workingTimeBetween('2026-12-30T10:00:00+08:00', '2027-01-01T10:00:00+08:00', 'calendarDay')).toBe(1);
  });
});

describe('extraYears: next year typed in from the November notice', () => {
  const withNext = createBusinessCalendar({ id: 'city', extraYears: [HYPOTHETICAL_2027] });

  it('makes the year known', () => {
    expect(withNext.validThrough()).toBe('2027-12-31');
    expect(withNext.knownYears().at(-1)).toBe(2027);
    expect(withNext.dayInfo('2027-01-01')).toMatchObject({ kind: 'holiday', name: '元旦', source: 'extraYear' });
    expect(withNext.dayInfo('2027-01-04')).toMatchObject({ kind: 'workday', source: 'weekly' });
    expect(withNext.dayInfo('2027-01-31')).toMatchObject({ kind: 'makeupWorkday', working: true, name: '春节' });
    expect(withNext.dayKind('2027-02-08')).toBe('holiday');
  });

  it('lets deadlines cross the year boundary', () => {
    expect(withNext.addDuration('2026-12-25T10:00:00+08:00', '5 workDay')).toBe(`2027-01-04${END}`);
    expect(withNext.addDuration('2026-12-30T10:00:00+08:00', '3日')).toBe(`2027-01-04${END}`); // 1/2 off → Monday 1/4
    expect(withNext.addDuration('2026-12-31T17:00:00+08:00', '1 workHour')).toBe('2027-01-04T09:30:00.000+08:00');
    expect(withNext.addDuration('2027-02-04T10:00:00+08:00', '2 workDay')).toBe(`2027-02-15${END}`); // 2/6–2/13 off, 2/14 Sunday
  });

  it('stops at the next unknown year', () => {
    expect(errorOf(() => withNext.addDuration('2027-12-24T10:00:00+08:00', '10 workDay')).message).toMatch(
      /^2028 calendar data missing/,
    );
  });

  it('keeps validThrough at the end of the unbroken run of years', () => {
    const gap = createBusinessCalendar({ id: 'gap', extraYears: [{ year: 2028, holidays: { '2028-01-01': '元旦' } }] });
    expect(gap.validThrough()).toBe('2026-12-31');
    expect(gap.knownYears().slice(-2)).toEqual([2026, 2028]);
    expect(gap.dayKind('2028-01-03')).toBe('workday');
    expect(errorOf(() => gap.dayKind('2027-06-01')).details).toMatchObject({ year: 2027, known: '2004–2026, 2028' });
  });

  it('may set days of the previous year (元旦 starting on 12-31)', () => {
    const early = createBusinessCalendar({
      id: 'early',
      extraYears: [{ ...HYPOTHETICAL_2027, holidays: { ...HYPOTHETICAL_2027.holidays, '2026-12-31': '元旦' } }],
    });
    expect(early.dayInfo('2026-12-31')).toMatchObject({ kind: 'holiday', source: 'extraYear' });
    expect(early.addDuration('2026-12-29T10:00:00+08:00', '2 workDay')).toBe(`2027-01-04${END}`);
  });

  it('replaces an official year when the tenant supplies it (correction)', () => {
    const corrected = createBusinessCalendar({
      id: 'fix',
      extraYears: [{ year: 2026, holidays: { '2026-10-01': '国庆节' } }],
    });
    expect(corrected.dayKind('2026-10-02')).toBe('workday');
    expect(corrected.dayKind('2026-02-14')).toBe('weekend');
    expect(corrected.dayKind('2026-10-01')).toBe('holiday');
  });
});

describe('overrides', () => {
  const tenant = createBusinessCalendar({
    id: 'town-a',
    overrides: {
      '2026-03-20': { kind: 'holiday', name: '三月三（本地民族节日）' }, // a Friday
      '2026-03-21': 'workday', // a Saturday duty day
      '2026-10-07': 'workday', // a one-off change to the national schedule
      '2027-01-04': 'workday', // a single day of an unknown year
    },
  });

  it('sets the kind and name of a day', () => {
    expect(tenant.dayInfo('2026-03-20')).toMatchObject({
      kind: 'holiday',
      working: false,
      name: '三月三（本地民族节日）',
      source: 'override',
    });
    expect(tenant.dayInfo('2026-03-21')).toMatchObject({ kind: 'makeupWorkday', working: true, source: 'override' });
    expect(tenant.dayInfo('2026-10-07')).toMatchObject({ kind: 'workday', working: true, source: 'override' });
  });

  it('changes deadlines', () => {
    expect(tenant.addDuration('2026-03-19T10:00:00+08:00', '1 workDay')).toBe(`2026-03-21${END}`);
    expect(tenant.addDuration('2026-03-19T10:00:00+08:00', '2 workDay')).toBe(`2026-03-23${END}`);
    expect(tenant.addDuration('2026-09-29T10:00:00+08:00', '3 workDay')).toBe(`2026-10-08${END}`);
    expect(tenant.addDuration('2026-03-16T10:00:00+08:00', '4日')).toBe(`2026-03-21${END}`); // 3/20 off → Saturday 3/21 worked
  });

  it('answers for an overridden day of an unknown year but does not make the year known', () => {
    expect(tenant.isWorkingDay('2027-01-04')).toBe(true);
    expect(tenant.validThrough()).toBe('2026-12-31');
    expect(() => tenant.isWorkingDay('2027-01-05')).toThrow(/^2027 calendar data missing/);
  });

  it('wins over extraYears', () => {
    const both = createBusinessCalendar({
      id: 'both',
      extraYears: [HYPOTHETICAL_2027],
      overrides: { '2027-02-13': 'workday' },
    });
    expect(both.dayKind('2027-02-13')).toBe('makeupWorkday');
  });

  it('leaves other calendars alone', () => {
    expect(cal.dayKind('2026-03-20')).toBe('workday');
    expect(cal.dayKind('2026-10-07')).toBe('holiday');
  });
});

describe('listDays', () => {
  it('lists the Spring Festival 2026 fortnight for the UI', () => {
    const days = cal.listDays('2026-02-13', '2026-02-24');
    expect(days.map((d) => `${d.date.slice(5)} ${d.kind}`)).toEqual([
      '02-13 workday',
      '02-14 makeupWorkday',
      ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `02-${d} holiday`),
      '02-24 workday',
    ]);
    expect(days[0]).toEqual({ date: '2026-02-13', weekday: 5, kind: 'workday', working: true, source: 'weekly' });
  });

  it('rejects a reversed or too long range', () => {
    expect(() => cal.listDays('2026-02-24', '2026-02-13')).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
    expect(() => cal.listDays('2004-01-01', '2026-12-31')).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
    expect(() => cal.listDays('2026-02-30', '2026-03-01')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

describe('invalid calendar definitions', () => {
  it.each([
    ['an unknown zone', { id: 'x', zone: 'Mars/Olympus' }],
    ['empty office hours', { id: 'x', officeHours: [] }],
    ['office hours not HH:mm', { id: 'x', officeHours: [['9:00', '12:00']] }],
    [
      'overlapping office hours',
      {
        id: 'x',
        officeHours: [
          ['09:00', '12:00'],
          ['11:00', '17:00'],
        ],
      },
    ],
    ['a reversed interval', { id: 'x', officeHours: [['17:00', '09:00']] }],
    ['an impossible override date', { id: 'x', overrides: { '2026-02-30': 'holiday' } }],
    ['an unknown override kind', { id: 'x', overrides: { '2026-02-03': 'rest' } }],
    [
      'an extra year listed twice',
      {
        id: 'x',
        extraYears: [
          { year: 2027, holidays: {} },
          { year: 2027, holidays: {} },
        ],
      },
    ],
    [
      'an extra-year date far from its year',
      { id: 'x', extraYears: [{ year: 2027, holidays: { '2029-01-01': '元旦' } }] },
    ],
    [
      'a day both off and worked',
      {
        id: 'x',
        extraYears: [{ year: 2027, holidays: { '2027-01-31': '春节' }, makeupWorkdays: { '2027-01-31': '春节' } }],
      },
    ],
    ['an unknown dayCutoff', { id: 'x', dayCutoff: 'noon' }],
  ])('rejects %s', (_, def) => {
    const e = errorOf(() => createBusinessCalendar(def as never));
    expect(e.code).toBe('INVALID_CALENDAR_DEFINITION');
    expect(e.message).toMatch(/^Calendar "x": /);
    expect(e.messageZh).toMatch(/^日历“x”：/);
  });
});

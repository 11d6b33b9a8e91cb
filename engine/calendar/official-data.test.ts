/**
 * The official 2025 and 2026 schedules, typed in from the State Council notices
 * (NOT read from the data package), so that wrong package data fails here.
 *  - 2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12
 *    https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
 *  - 2026: 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04
 *    https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
 */
import { describe, expect, it } from 'vitest';
import installed from 'chinese-days/package.json' with { type: 'json' };
import { createBusinessCalendar, OFFICIAL_DATA_SOURCE } from './index.js';

interface NoticeItem {
  festival: string;
  off: [string, string];
  makeup: string[];
}

const NOTICE_2025: NoticeItem[] = [
  { festival: '元旦', off: ['2025-01-01', '2025-01-01'], makeup: [] },
  { festival: '春节', off: ['2025-01-28', '2025-02-04'], makeup: ['2025-01-26', '2025-02-08'] },
  { festival: '清明节', off: ['2025-04-04', '2025-04-06'], makeup: [] },
  { festival: '劳动节', off: ['2025-05-01', '2025-05-05'], makeup: ['2025-04-27'] },
  { festival: '端午节', off: ['2025-05-31', '2025-06-02'], makeup: [] },
  { festival: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], makeup: ['2025-09-28', '2025-10-11'] },
];

const NOTICE_2026: NoticeItem[] = [
  { festival: '元旦', off: ['2026-01-01', '2026-01-03'], makeup: ['2026-01-04'] },
  { festival: '春节', off: ['2026-02-15', '2026-02-23'], makeup: ['2026-02-14', '2026-02-28'] },
  { festival: '清明节', off: ['2026-04-04', '2026-04-06'], makeup: [] },
  { festival: '劳动节', off: ['2026-05-01', '2026-05-05'], makeup: ['2026-05-09'] },
  { festival: '端午节', off: ['2026-06-19', '2026-06-21'], makeup: [] },
  { festival: '中秋节', off: ['2026-09-25', '2026-09-27'], makeup: [] },
  { festival: '国庆节', off: ['2026-10-01', '2026-10-07'], makeup: ['2026-09-20', '2026-10-10'] },
];

/** Days off per festival as the notices count them (共N天). */
const DAYS_OFF: Record<string, number> = {
  '2025 元旦': 1,
  '2025 春节': 8,
  '2025 清明节': 3,
  '2025 劳动节': 5,
  '2025 端午节': 3,
  '2025 国庆节、中秋节': 8,
  '2026 元旦': 3,
  '2026 春节': 9,
  '2026 清明节': 3,
  '2026 劳动节': 5,
  '2026 端午节': 3,
  '2026 中秋节': 3,
  '2026 国庆节': 7,
};

const DAY_MS = 86_400_000;
function* daysFrom(first: string, last: string): Generator<string> {
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const cal = createBusinessCalendar();

describe.each([
  [2025, NOTICE_2025],
  [2026, NOTICE_2026],
])('official %i schedule', (year, notice) => {
  const holidays = notice.flatMap((n) => [...daysFrom(n.off[0], n.off[1])].map((date) => ({ date, n })));
  const makeups = notice.flatMap((n) => n.makeup.map((date) => ({ date, n })));

  it.each(holidays.map((h) => [h.date, h.n.festival] as const))('%s is a holiday (%s)', (date, festival) => {
    const info = cal.dayInfo(date);
    expect(info.kind).toBe('holiday');
    expect(info.working).toBe(false);
    expect(cal.isWorkingDay(date)).toBe(false);
    // the package names 国庆节/中秋 and 清明/端午 a little shorter than the notice
    expect(festival).toContain(info.name);
  });

  it.each(makeups.map((m) => [m.date, m.n.festival] as const))('%s is a make-up workday (%s)', (date, festival) => {
    expect([0, 6]).toContain(weekday(date)); // the notice only ever moves work onto a weekend day
    const info = cal.dayInfo(date);
    expect(info.kind).toBe('makeupWorkday');
    expect(info.working).toBe(true);
    expect(festival).toContain(info.name);
  });

  it('matches the notice on every day of the year', () => {
    const off = new Set(holidays.map((h) => h.date));
    const on = new Set(makeups.map((m) => m.date));
    const mismatches: string[] = [];
    for (const date of daysFrom(`${year}-01-01`, `${year}-12-31`)) {
      const expected = off.has(date)
        ? 'holiday'
        : on.has(date)
          ? 'makeupWorkday'
          : [0, 6].includes(weekday(date))
            ? 'weekend'
            : 'workday';
      const actual = cal.dayKind(date);
      if (actual !== expected) mismatches.push(`${date}: expected ${expected}, got ${actual}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has the festival lengths the notice states (共N天)', () => {
    for (const n of notice) expect([...daysFrom(n.off[0], n.off[1])].length).toBe(DAYS_OFF[`${year} ${n.festival}`]);
  });

  it('has 248 working days (counted by hand from the notice)', () => {
    const working = cal.listDays(`${year}-01-01`, `${year}-12-31`).filter((d) => d.working).length;
    expect(working).toBe(248);
  });
});

describe('pinned data package', () => {
  it('is the installed version', () => {
    expect(OFFICIAL_DATA_SOURCE).toEqual({ package: 'chinese-days', version: installed.version });
  });

  it('covers 2004–2026 without a gap', () => {
    const years = cal.knownYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(2026 - 2004 + 1);
    expect(cal.validFrom()).toBe('2004-01-01');
    expect(cal.validThrough()).toBe('2026-12-31');
  });

  it('has the one-off changes named in domain.md §3.1', () => {
    // 2015 V-Day 70th anniversary: 9/3–9/4 off, Sunday 9/6 worked
    expect(cal.dayKind('2015-09-03')).toBe('holiday');
    expect(cal.dayKind('2015-09-04')).toBe('holiday');
    expect(cal.dayKind('2015-09-06')).toBe('makeupWorkday');
    // 2020 Spring Festival extended to 2/2 (COVID)
    expect(cal.dayKind('2020-01-31')).toBe('holiday');
    expect(cal.dayKind('2020-02-02')).toBe('holiday');
    expect(cal.dayKind('2020-02-03')).toBe('workday');
  });

  it('has the days where holiday-calendar 1.3.3 is wrong (2018 notice 国办发明电〔2017〕12号)', () => {
    // 端午 6/18 and 中秋 9/24 "放假，与周末连休": the Saturdays before them were days off, not make-up workdays
    expect(cal.isWorkingDay('2018-06-16')).toBe(false);
    expect(cal.isWorkingDay('2018-09-22')).toBe(false);
    // 国庆: Saturday 9/29 and Sunday 9/30 worked
    expect(cal.dayKind('2018-09-29')).toBe('makeupWorkday');
    expect(cal.dayKind('2018-09-30')).toBe('makeupWorkday');
  });

  it('has the 2009 make-up workdays that holiday-calendar 1.3.3 lacks (2009 notice)', () => {
    // 元旦 1/1–1/3, Sunday 1/4 worked; 春节 Saturday 1/24 and Sunday 2/1 worked; 端午 Sunday 5/31 worked;
    // 国庆+中秋 10/1–10/8, Sunday 9/27 and Saturday 10/10 worked
    for (const date of ['2009-01-04', '2009-01-24', '2009-02-01', '2009-05-31', '2009-09-27', '2009-10-10']) {
      expect(cal.dayKind(date)).toBe('makeupWorkday');
    }
    for (const date of ['2009-01-02', '2009-04-06', '2009-05-29', '2009-10-05', '2009-10-08'])
      expect(cal.dayKind(date)).toBe('holiday');
  });

  it('marks 2023-01-03 as an ordinary workday (the chinese-workday bug in domain.md)', () => {
    expect(cal.dayInfo('2023-01-03')).toMatchObject({ kind: 'workday', working: true, source: 'weekly' });
  });
});

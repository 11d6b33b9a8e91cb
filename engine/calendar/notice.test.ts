/**
 * The State Council notice parser: the 2025 and 2026 notices (typed from the official texts)
 * give exactly the package's schedules; malformed text is refused with a Chinese reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarError, parseHolidayNotice, parseYearFile } from './index.js';
import { OFFICIAL_DAYS } from './official-data.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function officialYear(year: number) {
  const holidays: Record<string, string> = {};
  const makeupWorkdays: Record<string, string> = {};
  for (const [date, day] of OFFICIAL_DAYS) {
    if (!date.startsWith(`${year}-`)) continue;
    (day.type === 'holiday' ? holidays : makeupWorkdays)[date] = day.name;
  }
  return { holidays, makeupWorkdays };
}

function problemOf(fn: () => unknown): { problem: unknown; messageZh: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarError && e.code === 'INVALID_NOTICE')
      return { problem: e.details.problem, messageZh: e.messageZh };
    throw e;
  }
  throw new Error('expected INVALID_NOTICE');
}

describe('the State Council notice', () => {
  it.each([2025, 2026])('%i: the notice text gives exactly the package schedule (dates, kinds and names)', (year) => {
    const parsed = parseHolidayNotice(fixture(`notice-${year}.txt`), year);
    const official = officialYear(year);
    expect(parsed.holidays).toEqual(official.holidays);
    expect(parsed.makeupWorkdays).toEqual(official.makeupWorkdays);
    expect(parsed.source).toBe(
      `国务院办公厅关于${year}年部分节假日安排的通知（${year === 2025 ? '国办发明电〔2024〕12号' : '国办发明电〔2025〕7号'}）`,
    );
  });

  it('reads each festival with its range, count and make-up days', () => {
    const { festivals } = parseHolidayNotice(fixture('notice-2025.txt'), 2025);
    expect(festivals.find((f) => f.title === '春节')).toEqual({
      title: '春节',
      from: '2025-01-28',
      to: '2025-02-04',
      days: 8,
      makeupWorkdays: ['2025-01-26', '2025-02-08'],
    });
    expect(festivals.find((f) => f.title === '元旦')).toEqual({
      title: '元旦',
      from: '2025-01-01',
      to: '2025-01-01',
      days: 1,
      makeupWorkdays: [],
    });
  });

  it('puts a 元旦 that starts in December in the year before', () => {
    const text =
      '国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：12月30日（周四）至1月1日（周六）放假调休，共3天。12月26日（周日）上班。\n二、春节：1月25日（农历除夕、周二）至31日（周一）放假，共7天。';
    const parsed = parseHolidayNotice(text, 2028);
    expect(Object.keys(parsed.holidays).slice(0, 3)).toEqual(['2027-12-30', '2027-12-31', '2028-01-01']);
    expect(parsed.makeupWorkdays).toEqual({ '2027-12-26': '元旦' });
  });

  it('accepts full-width digits and brackets as pasted from a web page', () => {
    const parsed = parseHolidayNotice('一、元旦：１月１日(周三)放假１天，不调休。', 2025);
    expect(parsed.holidays).toEqual({ '2025-01-01': '元旦' });
  });

  it.each([
    ['', 'EMPTY', '通知内容为空'],
    ['国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）放假。', 'YEAR_MISMATCH', '这是2026年的通知'],
    ['元旦放假一天', 'NO_FESTIVALS', '未找到'],
    ['一、元宵节：2月12日（周三）放假，共1天。', 'UNKNOWN_FESTIVAL', '不认识的节日“元宵节”'],
    ['一、元旦：1月1日（周三）。', 'NO_DAYS_OFF', '应有一句写明放假日期'],
    ['一、清明节：4月4日（周六）至6日（周日）放假，共3天。', 'WEEKDAY_MISMATCH', '2025年4月4日是周五，不是周六'],
    ['一、清明节：4月4日（周五）至6日（周日）放假，共4天。', 'DAY_COUNT_MISMATCH', '共3天，但通知写的是共4天'],
    [
      '一、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月28日（周一）上班。',
      'MAKEUP_NOT_WEEKEND',
      '是周一，调休上班日应为周六或周日',
    ],
    ['一、春节：2月30日至3月2日放假。', 'BAD_DATE', '2025年没有2月30日这一天'],
    [
      '一、清明节：4月4日（周五）至6日（周日）放假，共3天。\n二、劳动节：4月6日（周日）至7日（周一）放假，共2天。',
      'DAY_TWICE',
      '被列了两次',
    ],
  ])('malformed text is refused with a reason: %j', (text, problem, zh) => {
    const err = problemOf(() => parseHolidayNotice(text, 2025));
    expect(err.problem).toBe(problem);
    expect(err.messageZh).toContain(zh);
  });
});

describe('ICS and JSON year files', () => {
  it.each([2025, 2026])("%i from chinese-days' holidays.ics is the package schedule", (year) => {
    const ics = readFileSync(new URL('../../node_modules/chinese-days/dist/holidays.ics', import.meta.url), 'utf8');
    const { format, schedule } = parseYearFile(ics, year);
    expect(format).toBe('ics');
    const official = officialYear(year);
    expect(Object.keys(schedule.holidays).sort()).toEqual(Object.keys(official.holidays).sort());
    expect(Object.keys(schedule.makeupWorkdays).sort()).toEqual(Object.keys(official.makeupWorkdays).sort());
  });

  it("reads a year's JSON (our schedule, or chinese-days' file filtered to the year)", () => {
    const own = parseYearFile(
      JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, makeupWorkdays: {} }),
      2027,
    );
    expect(own).toMatchObject({ format: 'json', schedule: { year: 2027, holidays: { '2027-01-01': '元旦' } } });
    const pkg = parseYearFile(
      readFileSync(new URL('../../node_modules/chinese-days/dist/chinese-days.json', import.meta.url), 'utf8'),
      2026,
    );
    expect(pkg.schedule.holidays).toEqual(officialYear(2026).holidays);
  });

  it('refuses broken files', () => {
    expect(problemOf(() => parseYearFile('{"holidays": ', 2027)).problem).toBe('BAD_FILE');
    expect(problemOf(() => parseYearFile('BEGIN:VCALENDAR\nEND:VCALENDAR', 2027)).problem).toBe('BAD_FILE');
    expect(problemOf(() => parseYearFile(JSON.stringify({ year: 2026, holidays: {} }), 2027)).problem).toBe(
      'YEAR_MISMATCH',
    );
  });
});

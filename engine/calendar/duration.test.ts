import { describe, expect, it } from 'vitest';
import { CalendarError, formatWorkDuration, parseWorkDuration } from './index.js';
import type { WorkDuration } from './index.js';

describe('parseWorkDuration', () => {
  const valid: Array<[string, WorkDuration]> = [
    ['5 workDay', { amount: 5, unit: 'workDay' }],
    ['5 workDays', { amount: 5, unit: 'workDay' }],
    ['3 calendarDay', { amount: 3, unit: 'calendarDay' }],
    ['15 minute', { amount: 15, unit: 'minute' }],
    ['15 minutes', { amount: 15, unit: 'minute' }],
    ['2 workHour', { amount: 2, unit: 'workHour' }],
    ['1.5 workHour', { amount: 1.5, unit: 'workHour' }],
    ['72 hour', { amount: 72, unit: 'hour' }],
    ['72hours', { amount: 72, unit: 'hour' }],
    ['  5 WORKDAY ', { amount: 5, unit: 'workDay' }],
    ['5个工作日', { amount: 5, unit: 'workDay' }],
    ['5工作日', { amount: 5, unit: 'workDay' }],
    ['3日', { amount: 3, unit: 'calendarDay' }],
    ['3天', { amount: 3, unit: 'calendarDay' }],
    ['3个自然日', { amount: 3, unit: 'calendarDay' }],
    ['15分钟', { amount: 15, unit: 'minute' }],
    ['2小时', { amount: 2, unit: 'hour' }],
    ['2个小时', { amount: 2, unit: 'hour' }],
    ['4工作小时', { amount: 4, unit: 'workHour' }],
    ['4个工作小时', { amount: 4, unit: 'workHour' }],
    ['十五日', { amount: 15, unit: 'calendarDay' }],
    ['六十日', { amount: 60, unit: 'calendarDay' }],
    ['五个工作日', { amount: 5, unit: 'workDay' }],
    ['二十四小时', { amount: 24, unit: 'hour' }],
    ['一百二十日', { amount: 120, unit: 'calendarDay' }],
    ['１５分钟', { amount: 15, unit: 'minute' }],
  ];
  it.each(valid)('reads %j', (text, expected) => {
    expect(parseWorkDuration(text)).toEqual(expected);
  });

  it('round-trips through formatWorkDuration', () => {
    for (const [, d] of valid) expect(parseWorkDuration(formatWorkDuration(d))).toEqual(d);
  });

  const invalid = [
    '',
    '5',
    'workDay',
    '5 days',
    '5 day',
    '5 weeks',
    '1.5 workDay',
    '1.5日',
    '0 minute',
    '0个工作日',
    '-3 hour',
    '5个星期',
    '3周',
    'abc',
    '5 workDay extra',
    '五五日',
    '十十日',
    'P5D',
    'PT6H',
  ];
  it.each(invalid)('rejects %j with INVALID_DURATION', (text) => {
    let error: unknown;
    try {
      parseWorkDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    const ce = error as CalendarError;
    expect(ce.code).toBe('INVALID_DURATION');
    expect(ce.message).toContain(`"${text}"`);
    expect(ce.messageZh).toMatch(/无效的时限/);
    expect(ce.details).toEqual({ text });
  });

  it('explains why a fractional day is rejected, in English and Chinese', () => {
    expect(() => parseWorkDuration('1.5 workDay')).toThrow(/whole days/);
    try {
      parseWorkDuration('1.5日');
    } catch (e) {
      expect((e as CalendarError).messageZh).toContain('天数必须是整数');
    }
  });
});

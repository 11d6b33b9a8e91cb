/**
 * workingTimeBetween and remainingDuration: a paused SLA clock (鉴定/听证时间不计入期限,
 * 挂账) keeps its remaining working time and resumes where it stopped.
 */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './index.js';
import type { DurationUnit, WorkDuration } from './index.js';

const END = 'T23:59:59.999+08:00';
const cal = createBusinessCalendar();

describe('workingTimeBetween', () => {
  it.each([
    ['2026-03-02T10:00:00+08:00', '2026-03-02T15:00:00+08:00', 'workHour', 3.5], // lunch skipped
    ['2026-03-02T10:00:00+08:00', '2026-03-02T15:00:00+08:00', 'hour', 5],
    ['2026-03-02T10:00:00+08:00', '2026-03-02T15:00:00+08:00', 'minute', 300],
    ['2026-02-13T09:00:00+08:00', '2026-02-24T12:00:00+08:00', 'workHour', 17], // 2/13 7h, make-up 2/14 7h, 2/24 3h
    ['2026-03-06T18:00:00+08:00', '2026-03-09T08:00:00+08:00', 'workHour', 0], // a weekend holds no office hours
    ['2026-02-12T10:00:00+08:00', `2026-02-26${END}`, 'workDay', 5],
    ['2026-02-12T10:00:00+08:00', '2026-02-26T20:00:00+08:00', 'workDay', 4], // 2/26 not over yet
    ['2026-02-12T02:00:00Z', '2026-02-27T00:00:00+08:00', 'workDay', 5],
    ['2026-09-22T10:00:00+08:00', `2026-10-07${END}`, 'calendarDay', 15],
    ['2026-09-22T10:00:00+08:00', '2026-09-22T23:00:00+08:00', 'calendarDay', 0],
    ['2026-03-02T15:00:00+08:00', '2026-03-02T10:00:00+08:00', 'workHour', -3.5], // reversed
    ['2026-03-02T15:00:00+08:00', '2026-03-02T13:00:00+08:00', 'hour', -2],
  ] as const)('%s → %s in %s = %d', (from, to, unit, expected) => {
    expect(cal.workingTimeBetween(from, to, unit)).toBe(expected);
  });

  it.each<[string, WorkDuration]>([
    ['2026-02-12T10:00:00+08:00', { amount: 5, unit: 'workDay' }],
    ['2026-02-17T10:00:00+08:00', { amount: 5, unit: 'workDay' }],
    ['2025-09-26T10:00:00+08:00', { amount: 5, unit: 'workDay' }],
    ['2026-01-28T09:00:00+08:00', { amount: 15, unit: 'calendarDay' }],
    ['2026-02-13T17:00:00+08:00', { amount: 4, unit: 'workHour' }],
    ['2026-09-30T16:00:00+08:00', { amount: 2, unit: 'workHour' }],
    ['2026-03-02T07:00:00+08:00', { amount: 3, unit: 'workHour' }],
    ['2026-02-15T10:00:00+08:00', { amount: 72, unit: 'hour' }],
    ['2026-02-17T23:45:00Z', { amount: 30, unit: 'minute' }],
  ])('counts back what addDuration added: %s + %j', (start, d) => {
    expect(cal.workingTimeBetween(start, cal.addDuration(start, d), d.unit)).toBe(d.amount);
  });
});

interface PauseCase {
  name: string;
  sla: string;
  start: string;
  paused: string;
  resumed: string;
  used: number;
  remaining: number;
  due: string;
  dueWithoutPause: string;
  /** Days the new last day rolled forward (民法典 Art. 203), which the count after resuming includes. */
  rolled?: number;
}

const cases: PauseCase[] = [
  {
    name: 'working hours: paused mid-afternoon, resumed two days later',
    sla: '8 workHour',
    start: '2026-03-02T10:00:00+08:00',
    paused: '2026-03-02T15:00:00+08:00',
    resumed: '2026-03-04T11:00:00+08:00',
    used: 3.5,
    remaining: 4.5,
    due: '2026-03-04T17:00:00.000+08:00',
    dueWithoutPause: '2026-03-03T11:00:00.000+08:00',
  },
  {
    name: 'working hours: resumed after the Spring Festival',
    sla: '4工作小时',
    start: '2026-02-13T16:00:00+08:00',
    paused: '2026-02-14T10:00:00+08:00',
    resumed: '2026-02-24T16:30:00+08:00',
    used: 2.5,
    remaining: 1.5,
    due: '2026-02-25T09:30:00.000+08:00',
    dueWithoutPause: '2026-02-14T11:30:00.000+08:00',
  },
  {
    name: 'working days: 医疗纠纷 appraisal over National Day (the day of the pause and of the resumption do not count)',
    sla: '5个工作日',
    start: '2026-09-28T10:00:00+08:00',
    paused: '2026-09-30T15:00:00+08:00',
    resumed: '2026-10-12T09:00:00+08:00',
    used: 1,
    remaining: 4,
    due: `2026-10-16${END}`,
    dueWithoutPause: `2026-10-10${END}`,
  },
  {
    name: 'calendar days: 信访 60 日 with a hearing excluded (听证时间不计入); the new last day is a Sunday',
    sla: '60日',
    start: '2026-03-01T08:00:00+08:00',
    paused: '2026-03-11T10:00:00+08:00',
    resumed: '2026-03-20T09:00:00+08:00',
    used: 9,
    remaining: 51,
    due: `2026-05-11${END}`,
    dueWithoutPause: `2026-04-30${END}`,
    rolled: 1,
  },
  {
    name: 'round-the-clock minutes',
    sla: '15分钟',
    start: '2026-02-17T10:00:00+08:00',
    paused: '2026-02-17T02:05:00Z',
    resumed: '2026-02-17T11:00:00+08:00',
    used: 5,
    remaining: 10,
    due: '2026-02-17T11:10:00.000+08:00',
    dueWithoutPause: '2026-02-17T10:15:00.000+08:00',
  },
];

describe('pause and resume keep the remaining working time', () => {
  it.each(cases)('$name', (c) => {
    const unit = cal.remainingDuration(c.start, c.paused, c.sla).unit as DurationUnit;
    expect(cal.addDuration(c.start, c.sla)).toBe(c.dueWithoutPause);
    expect(cal.workingTimeBetween(c.start, c.paused, unit)).toBe(c.used);
    const remaining = cal.remainingDuration(c.start, c.paused, c.sla);
    expect(remaining.amount).toBe(c.remaining);
    expect(remaining.amount + c.used).toBe(Number.parseFloat(c.sla.replace(/[^\d.]/g, '')));
    const due = cal.addDuration(c.resumed, remaining);
    expect(due).toBe(c.due);
    // after resuming, the time from the resumption to the new due date is what was left (plus any roll-forward)
    expect(cal.workingTimeBetween(c.resumed, due, unit)).toBe(c.remaining + (c.rolled ?? 0));
  });

  it('pausing twice adds up', () => {
    const sla = '8 workHour';
    const first = cal.remainingDuration('2026-03-02T09:00:00+08:00', '2026-03-02T11:00:00+08:00', sla); // 2h used
    const second = cal.remainingDuration('2026-03-03T14:00:00+08:00', '2026-03-03T16:00:00+08:00', first); // 2h more
    expect(second).toEqual({ amount: 4, unit: 'workHour' });
    expect(cal.addDuration('2026-03-05T09:00:00+08:00', second)).toBe('2026-03-05T14:30:00.000+08:00'); // 09–12 + 13:30–14:30
  });

  it('leaves nothing (due at once) when paused after the deadline', () => {
    const remaining = cal.remainingDuration('2026-03-02T10:00:00+08:00', '2026-03-20T10:00:00+08:00', '3 workDay');
    expect(remaining).toEqual({ amount: 0, unit: 'workDay' });
    expect(cal.addDuration('2026-04-01T10:00:00+08:00', remaining)).toBe('2026-04-01T10:00:00.000+08:00');
  });

  it('keeps fractional working hours exact', () => {
    const remaining = cal.remainingDuration('2026-03-02T09:00:00+08:00', '2026-03-02T09:20:00+08:00', '1 workHour');
    expect(cal.addDuration('2026-03-02T10:00:00+08:00', remaining)).toBe('2026-03-02T10:40:00.000+08:00');
  });
});

import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, type CreateTaskEffect } from '../../engine/index.js';
import { storedDetails, taskDeadline } from './resolution.js';
import { dueAndWarn, lightOf, localDate, warnBefore, warningThreshold } from './rules.js';
import { sh } from '../testing/deadlines.js';

// Deadlines as the city's staff count them on paper, against the State Council's 2026 notice:
// 春节 02-15 … 02-23 off (02-14 and 02-28 are make-up Saturdays), 国庆 10-01 … 10-07 off
// (09-20 Sunday and 10-10 Saturday are make-up days). A day-based deadline ends at 24:00.
const official = createBusinessCalendar({ id: 'official' });
const END = '23:59:59.999';
const local = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').replace('Z', '') : null;
const effect = (o: Partial<CreateTaskEffect>): CreateTaskEffect => ({
  type: 'createTask',
  taskId: 1,
  elementId: 'Task',
  candidateGroups: [],
  candidateUsers: [],
  priority: 50,
  ...o,
});

describe('deadline and warning instants (2026 official calendar)', () => {
  const cases: Array<
    [what: string, start: string, deadline: string, warning: string | undefined, due: string, warn: string]
  > = [
    [
      '5 working days across the Spring Festival (make-up Saturday 02-14 counts)',
      '2026-02-12 10:00',
      '5 workDay',
      '1 workDay',
      `2026-02-26 ${END}`,
      `2026-02-25 ${END}`,
    ],
    [
      'the default warning of 5 working days is the last working day (80%)',
      '2026-02-12 10:00',
      '5 workDay',
      undefined,
      `2026-02-26 ${END}`,
      `2026-02-25 ${END}`,
    ],
    [
      '3 working days from the Friday before the festival',
      '2026-02-13 16:00',
      '3 workDay',
      undefined,
      `2026-02-25 ${END}`,
      `2026-02-24 ${END}`,
    ],
    [
      'a start on a holiday: day 1 is the first working day after it; day 5 is the make-up Saturday',
      '2026-02-17 10:00',
      '5 workDay',
      '2 workDay',
      `2026-02-28 ${END}`,
      `2026-02-26 ${END}`,
    ],
    [
      'Chinese text: 5个工作日 across National Day (10-10 Saturday counts, 10-11 Sunday does not)',
      '2026-09-29 10:00',
      '5个工作日',
      '1个工作日',
      `2026-10-12 ${END}`,
      `2026-10-10 ${END}`,
    ],
    [
      'the make-up Sunday 09-20 is a working day',
      '2026-09-18 10:00',
      '2 workDay',
      undefined,
      `2026-09-21 ${END}`,
      `2026-09-20 ${END}`,
    ],
    [
      '15日 (民法典 201/203): the last day 10-07 is a holiday and rolls to 10-08',
      '2026-09-22 10:00',
      '15日',
      undefined,
      `2026-10-08 ${END}`,
      `2026-10-05 ${END}`,
    ],
    [
      '80% of 10 working days: yellow for the last 2 working days',
      '2026-03-02 10:00',
      '10 workDay',
      '80%',
      `2026-03-16 ${END}`,
      `2026-03-12 ${END}`,
    ],
    [
      '2 office hours across lunch (12:00–13:30 is skipped); default warning with 25% left',
      '2026-03-02 11:00',
      '2 workHour',
      undefined,
      '2026-03-02 14:30:00.000',
      '2026-03-02 14:00:00.000',
    ],
    [
      '2 office hours across the evening',
      '2026-03-02 17:00',
      '2 workHour',
      '1 workHour',
      '2026-03-03 10:30:00.000',
      '2026-03-03 09:30:00.000',
    ],
    [
      '72 hours round the clock ignore the holidays',
      '2026-02-13 10:00',
      '72 hour',
      undefined,
      '2026-02-16 10:00:00.000',
      '2026-02-15 16:00:00.000',
    ],
    [
      '4 working days from 12-25 stay inside 2026',
      '2026-12-25 10:00',
      '4 workDay',
      undefined,
      `2026-12-31 ${END}`,
      `2026-12-30 ${END}`,
    ],
  ];
  it.each(cases)('%s', (_what, start, deadline, warning, due, warn) => {
    const d = taskDeadline(effect({ deadline, ...(warning ? { warning } : {}) }), sh(start), official);
    expect(d.details.deadlineError).toBeUndefined();
    expect([local(d.dueAt), local(d.warnAt)]).toEqual([due, warn]);
    expect(d.state).toMatchObject({
      start_mode: 'created',
      started_at: sh(start),
      seg_start: sh(start),
      stage: 'green',
      next_check_at: d.warnAt,
    });
  });

  it('the year boundary without 2027 data is an error on the task, never a Monday–Friday guess', () => {
    const d = taskDeadline(effect({ deadline: '5 workDay' }), sh('2026-12-28 10:00'), official);
    expect(d.dueAt).toBeNull();
    expect(d.warnAt).toBeNull();
    expect(d.details.deadlineError).toMatchObject({
      code: 'CALENDAR_DATA_MISSING',
      year: 2027,
      message: expect.stringMatching(/^2027 calendar data missing/),
    });
    // The deadline row is kept (unit and amount), so that a calendar correction can count it later.
    expect(d.state).toMatchObject({
      unit: 'workDay',
      amount: 5,
      seg_start: sh('2026-12-28 10:00'),
      error: expect.stringContaining('CALENDAR_DATA_MISSING'),
    });
  });

  it('the year boundary with 2027 data typed in from the notice', () => {
    const withNotice = createBusinessCalendar({
      id: 'city',
      extraYears: [{ year: 2027, holidays: { '2027-01-01': '元旦' } }],
    });
    const d = taskDeadline(effect({ deadline: '5 workDay' }), sh('2026-12-28 10:00'), withNotice);
    // 12-29, 12-30, 12-31, (01-01 holiday, 01-02/03 weekend) 01-04, 01-05.
    expect(local(d.dueAt)).toBe(`2027-01-05 ${END}`);
    expect(local(d.warnAt)).toBe(`2027-01-04 ${END}`);
  });

  it('a tenant override (a local festival) moves the deadline', () => {
    const town = createBusinessCalendar({
      id: 'town-a',
      overrides: { '2026-02-25': { kind: 'holiday', name: '三月三' } },
    });
    expect(local(taskDeadline(effect({ deadline: '5 workDay' }), sh('2026-02-12 10:00'), town).dueAt)).toBe(
      `2026-02-27 ${END}`,
    );
  });

  it('the clock starts at the claim: no due instant until then', () => {
    const d = taskDeadline(
      effect({ deadline: '1 workDay', deadlineStart: 'claimed' }),
      sh('2026-03-02 10:00'),
      official,
    );
    expect([d.dueAt, d.warnAt]).toEqual([null, null]);
    expect(d.state).toMatchObject({ start_mode: 'claimed', started_at: null, seg_start: null, next_check_at: null });
  });

  it('an explicit zeebe due date counts round the clock (and wins over a civic deadline)', () => {
    const d = taskDeadline(
      effect({ dueAt: '2026-03-05T02:00:00.000Z', deadline: '1 workDay' }),
      sh('2026-03-02 10:00'),
      official,
    );
    expect(d.dueAt).toBe('2026-03-05T02:00:00.000Z');
    expect(d.state).toMatchObject({ unit: 'minute', amount: 4320, warn_left: '1080 minute' });
    expect(local(d.warnAt)).toBe('2026-03-04 16:00:00.000');
  });

  it('a bad deadline text is recorded and gives no deadline; a bad warning falls back to the default', () => {
    const bad = taskDeadline(effect({ deadline: '5 weeks' }), sh('2026-03-02 10:00'), official);
    expect(bad).toMatchObject({ dueAt: null, details: { deadlineError: { code: 'INVALID_DURATION' } } });
    expect(bad.state).toBeUndefined();
    const warn = taskDeadline(effect({ deadline: '5 workDay', warning: '120%' }), sh('2026-03-02 10:00'), official);
    expect(warn.details.warningError).toMatchObject({ code: 'INVALID_DURATION' });
    expect(warn.state?.warn_left).toBe('1 workDay');
  });

  it('the task row keeps in details only what its deadline columns do not say', () => {
    const plain = taskDeadline(
      effect({ deadline: '5 workDay', warning: '1 workDay', deadlineStart: 'created' }),
      sh('2026-03-02 10:00'),
      official,
    );
    expect(storedDetails(plain)).toBeNull();
    const explicit = taskDeadline(
      effect({ dueAt: '2026-03-05T02:00:00.000Z', deadline: '1 workDay' }),
      sh('2026-03-02 10:00'),
      official,
    );
    expect(JSON.parse(storedDetails(explicit)!)).toEqual({ deadline: '1 workDay' }); // the columns say 4320 minute
    const bad = taskDeadline(effect({ deadline: '5 weeks' }), sh('2026-03-02 10:00'), official);
    expect(JSON.parse(storedDetails(bad)!)).toMatchObject({
      deadline: '5 weeks',
      deadlineError: { code: 'INVALID_DURATION' },
    });
    const warn = taskDeadline(effect({ deadline: '5 workDay', warning: '120%' }), sh('2026-03-02 10:00'), official);
    expect(Object.keys(JSON.parse(storedDetails(warn)!))).toEqual(['warningError']);
  });
});

describe('warning thresholds and lights', () => {
  it.each([
    [undefined, '5 workDay', '1 workDay'],
    [undefined, '1 workDay', '1 workDay'],
    [undefined, '60 calendarDay', '12 calendarDay'],
    [undefined, '8 hour', '2 hour'],
    ['50%', '4 workDay', '2 workDay'],
    ['90%', '30 minute', '3 minute'],
    ['2 workHour', '3 workDay', '2 workHour'],
  ])('warning %s of %s leaves %s', (warning, deadline, left) => {
    const [amount, unit] = deadline.split(' ');
    const t = warningThreshold(warning, { amount: Number(amount), unit: unit as 'workDay' });
    expect(`${t.amount} ${t.unit}`).toBe(left);
  });

  it('an hour-based warning before a day-based deadline counts office hours back from the cut-off', () => {
    // Due Friday 2026-03-06 24:00: 2 office hours before it are Friday 15:30.
    expect(
      local(
        warnBefore(official, sh('2026-03-06 23:59').replace(':00.000Z', ':59.999Z'), { amount: 2, unit: 'workHour' }),
      ),
    ).toBe('2026-03-06 15:30:00.000');
  });

  it.each([
    [{ due_at: null }, 'green'],
    [{ due_at: sh('2026-03-06 18:00'), warn_at: sh('2026-03-05 18:00') }, 'green'],
    [{ due_at: sh('2026-03-05 12:00'), warn_at: sh('2026-03-04 18:00') }, 'yellow'],
    [{ due_at: sh('2026-03-05 09:00'), warn_at: sh('2026-03-04 18:00') }, 'red'],
    [{ due_at: sh('2026-03-05 09:00'), warn_at: sh('2026-03-04 18:00'), paused_at: sh('2026-03-05 08:00') }, 'green'],
  ])('%j at 2026-03-05 10:00 is %s', (row, light) => {
    expect(lightOf(row, sh('2026-03-05 10:00'))).toBe(light);
  });
});

describe('the day-unit fast path', () => {
  it('reads the local date in the calendar zone, also across a DST change', () => {
    expect(localDate('Asia/Shanghai', Date.parse('2026-02-12T15:59:59.999Z'))).toBe('2026-02-12');
    expect(localDate('Asia/Shanghai', Date.parse('2026-02-12T16:00:00.000Z'))).toBe('2026-02-13');
    // Berlin moves from +01:00 to +02:00 at 2026-03-29T01:00Z.
    expect(localDate('Europe/Berlin', Date.parse('2026-03-28T22:59:59.999Z'))).toBe('2026-03-28');
    expect(localDate('Europe/Berlin', Date.parse('2026-03-29T00:30:00.000Z'))).toBe('2026-03-29');
    expect(localDate('Europe/Berlin', Date.parse('2026-10-24T22:30:00.000Z'))).toBe('2026-10-25');
    expect(localDate('Europe/Berlin', Date.parse('2026-10-25T22:30:00.000Z'))).toBe('2026-10-25');
  });

  it('gives what the calendar gives, for every start time of a day and the day after', () => {
    const d = { amount: 5, unit: 'workDay' as const };
    const left = { amount: 1, unit: 'workDay' as const };
    for (const start of [
      '2026-02-12 00:00',
      '2026-02-12 10:00',
      '2026-02-12 23:59',
      '2026-02-13 00:00',
      '2026-02-14 12:00',
      '2026-02-17 08:00',
    ]) {
      const slow = new Date(official.addDuration(sh(start), d)).toISOString();
      expect(dueAndWarn(official, sh(start), d, left)).toEqual({
        dueAt: slow,
        warnAt: warnBefore(official, slow, left),
      });
    }
    expect(() => dueAndWarn(official, sh('2026-12-30 10:00'), d, left)).toThrow(/^2027 calendar data missing/);
    expect(() => dueAndWarn(official, sh('2026-12-30 11:00'), d, left)).toThrow(/^2027 calendar data missing/);
  });
});

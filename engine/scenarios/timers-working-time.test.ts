import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { createBusinessCalendar, run, type Effect, type Env } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

// Boundary timers that carry civic:deadline count in working units on the business calendar
// (through Env.calendar, or the official calendar when the host gives none).
const FILE = 'timers-working-time.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const def = processes['working-timers']!;

// Thursday 2026-02-12 10:00 in Shanghai: the Spring Festival break is 02-15 … 02-23, 02-14 and 02-28 are make-up Saturdays.
const THU_10 = '2026-02-12T02:00:00.000Z';
const timers = (effects: Effect[]) => effects.filter((e) => e.type === 'scheduleTimer');

describe('working-unit boundary timers (civic:deadline)', () => {
  it('compiles the civic duration as a business-time timer (the ISO fallback is ignored)', () => {
    const due = def.nodes['Timer_Due']!;
    expect(due.kind === 'boundaryEvent' && due.event).toEqual({
      type: 'timer',
      timer: { kind: 'duration', value: { static: '5 workDay' }, businessTime: {} },
    });
    const sign = def.nodes['Timer_Sign']!;
    expect(
      sign.kind === 'boundaryEvent' &&
        sign.event.type === 'timer' &&
        sign.event.timer.kind === 'duration' &&
        sign.event.timer.businessTime,
    ).toEqual({ calendar: 'city' });
  });

  it('counts 5 working days across the Spring Festival on the official calendar, and working hours for a FEEL choice', () => {
    const s = new Scenario(def, { now: THU_10 }).start({ urgent: true });
    expect(timers(s.effects)).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Due').id,
        elementId: 'Timer_Due',
        dueAt: '2026-02-26T15:59:59.999Z',
        deadline: '5 workDay',
      },
      // 10:00 + 2 office hours = 12:00 the same day.
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Sign').id,
        elementId: 'Timer_Sign',
        dueAt: '2026-02-12T04:00:00.000Z',
        deadline: '2 workHour',
        calendar: 'city',
      },
    ]);
    const normal = new Scenario(def, { now: THU_10 }).start({ urgent: false });
    // 1 working day from Thursday ends on Friday 02-13 at 24:00.
    expect(normal.wait('Timer_Sign').dueAt).toBe('2026-02-13T15:59:59.999Z');
  });

  it('fires like any timer: the escalation path starts and the task stays', () => {
    const s = new Scenario(def, { now: THU_10 }).start({ urgent: false });
    s.fireTimer('Timer_Due');
    expect(s.active).toEqual(['Task_Escalate', 'Task_Handle']);
  });

  it('asks Env.calendar (the tenant calendar) with the start, the text and the calendar id', () => {
    const local = createBusinessCalendar({
      id: 'town',
      overrides: { '2026-02-13': { kind: 'holiday', name: '三月三' } },
    });
    const calls: unknown[][] = [];
    const env: Env = {
      now: THU_10,
      calendar: (start, duration, id) => (calls.push([start, duration, id]), local.addDuration(start, duration)),
    };
    const result = run(def, null, { type: 'startInstance', variables: { urgent: false } }, env);
    expect(calls).toEqual([
      [THU_10, '5 workDay', undefined],
      [THU_10, '1个工作日', 'city'],
    ]);
    // Friday is a local holiday, so one working day ends on the make-up Saturday 02-14.
    const sign = timers(result.effects).find((e) => e.type === 'scheduleTimer' && e.elementId === 'Timer_Sign');
    expect(sign).toMatchObject({ dueAt: '2026-02-14T15:59:59.999Z', deadline: '1个工作日' });
  });

  it('a deadline that reaches a year without calendar data is an incident, never a Monday–Friday guess', () => {
    const s = new Scenario(def, { now: '2026-12-28T02:00:00.000Z' }).start({ urgent: false });
    expect(s.incidents).toEqual([
      expect.objectContaining({
        code: 'INVALID_VALUE',
        el: 'Task_Handle',
        message: expect.stringContaining('2027 calendar data missing'),
      }),
    ]);
    expect(timers(s.effects)).toEqual([]);
  });

  it('rejects at deploy time a text that is no working-unit duration, and a civic duration beside a time date', async () => {
    const bad = XML.replace(
      '<civic:deadline duration="5 workDay" />\n      </bpmn:extensionElements>\n      <bpmn:outgoing>Flow_WT_Escalate',
      '<civic:deadline duration="5 weeks" />\n      </bpmn:extensionElements>\n      <bpmn:outgoing>Flow_WT_Escalate',
    ).replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P7D</bpmn:timeDuration>',
      '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-03-01T09:00:00+08:00</bpmn:timeDate>',
    );
    const result = await compile([{ name: FILE, content: bad }]);
    expect(result.ok).toBe(false);
    const problems = result.ok
      ? []
      : result.problems.filter((p) => p.elementId === 'Timer_Due').map((p) => [p.code, p.message]);
    expect(problems).toEqual([
      ['TIMER_INVALID', expect.stringContaining('cannot have a time date or time cycle too')],
      ['TIMER_INVALID', expect.stringContaining('"5 weeks" is not a working-unit duration')],
    ]);
  });
});

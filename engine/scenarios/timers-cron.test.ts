import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'timers-cron.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const reminders = processes['workday-reminders']!;
// Friday 2026-03-13, 10:00 in Shanghai
const NOW = '2026-03-13T02:00:00.000Z';

const dueOf = (s: Scenario, el: string) => s.wait(el, 'timer').dueAt;

describe('cron timer cycles', () => {
  it('fires at each time the cron expression names, in the governance centres\u2019 zone, without end', () => {
    const s = new Scenario(reminders, { now: NOW }).start({ urgent: false });
    // 09:00 Shanghai on the next working day: Monday
    expect(dueOf(s, 'Timer_Morning')).toBe('2026-03-16T01:00:00.000Z');
    s.fireTimer('Timer_Morning');
    expect(dueOf(s, 'Timer_Morning')).toBe('2026-03-17T01:00:00.000Z');
    for (let i = 0; i < 4; i++) s.fireTimer('Timer_Morning');
    expect(dueOf(s, 'Timer_Morning')).toBe('2026-03-23T01:00:00.000Z');
    expect(s.completed.filter((el) => el === 'End_Reminded')).toHaveLength(5);
    expect(s.active).toEqual(['Task_Handle']);
  });

  it('takes a cycle a FEEL expression computes, cron or ISO 8601 (R/P2D, as Camunda\u2019s tutorials write it)', () => {
    const calm = new Scenario(reminders, { now: NOW }).start({ urgent: false });
    expect(dueOf(calm, 'Timer_Every2Days')).toBe('2026-03-15T02:00:00.000Z');
    calm.fireTimer('Timer_Every2Days');
    expect(dueOf(calm, 'Timer_Every2Days')).toBe('2026-03-17T02:00:00.000Z');

    const urgent = new Scenario(reminders, { now: NOW }).start({ urgent: true });
    expect(dueOf(urgent, 'Timer_Every2Days')).toBe('2026-03-13T04:00:00.000Z'); // 12:00 Shanghai
    urgent.fireTimer('Timer_Every2Days');
    expect(dueOf(urgent, 'Timer_Every2Days')).toBe('2026-03-13T08:00:00.000Z');
  });

  it('a computed cron cycle that fires too often is an incident, not a flood of timers', () => {
    const s = new Scenario(reminders, { now: NOW, env: { minTimerCycleMs: 5 * 3_600_000 } }).start({ urgent: true });
    expect(s.incidents).toEqual([
      expect.objectContaining({ message: expect.stringContaining('repeats more often than every 18000 s') }),
    ]);
  });

  it('refuses a cron cycle that is not one, or repeats every second, at deploy time', async () => {
    const problems = async (cycle: string) => {
      const r = await compile([{ name: FILE, content: XML.replace('0 0 9 * * MON-FRI', cycle) }]);
      return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
    };
    expect(await problems('0 0 25 * * *')).toEqual([
      expect.stringMatching(/^TIMER_INVALID <Timer_Morning> timer cycle "0 0 25 \* \* \*" is not a cron expression/),
    ]);
    expect(await problems('* * * * * *')).toEqual([
      'TIMER_CYCLE_TOO_SHORT <Timer_Morning> timer cycle "* * * * * *" repeats every 1 second; the shortest interval allowed is 1 minute',
    ]);
    expect(await problems('0 */5 * * * *')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Effect } from '../effects.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./activities-subprocess.bpmn', import.meta.url));
const START = {
  appeal: { category: 'dept-zj', address: { street: '天河路 1 号', grid: 'grid-07' } },
  handling: { opened: '2026-03-02' },
};

const scopeOf = (s: Scenario, el: string) => {
  const token = Object.values(s.state!.tokens).find((t) => t.el === el)!;
  return s.state!.scopes[token.local!]!;
};

describe('embedded subprocess', () => {
  it('enters with its own scope holding the input-mapped variables', () => {
    const s = new Scenario(def).start(START);
    expect(s.completed).toEqual(['StartEvent_1', 'Sub_Start']);
    expect(s.active).toEqual(['Sub_Handle', 'Task_Investigate']);
    expect(scopeOf(s, 'Sub_Handle').vars).toEqual({ category: 'dept-zj', visits: 0, summary: null });
    expect(s.variables).not.toHaveProperty('category');
    // The task inside sees the subprocess's locals.
    expect(s.effects.find((e) => e.type === 'createTask')).toMatchObject({
      elementId: 'Task_Investigate',
      candidateGroups: ['dept-zj'],
    });
  });

  it('runs a nested subprocess with its own locals and leaves both in order', () => {
    const s = new Scenario(def).start(START).completeTask('Task_Investigate', { finding: '情况属实' });
    expect(s.active).toEqual(['Sub_Handle', 'Sub_Visit', 'Task_Visit']);
    expect(scopeOf(s, 'Sub_Visit').vars).toEqual({ address: { street: '天河路 1 号', grid: 'grid-07' } });
    expect(s.effects.filter((e) => e.type === 'createTask').at(-1)).toMatchObject({
      elementId: 'Task_Visit',
      candidateUsers: ['grid-07'],
    });
    // A variable the task produced, with no local of that name, goes to the process scope (Zeebe propagation).
    expect(s.variables.finding).toBe('情况属实');

    s.completeTask('Task_Visit', { visitNote: '已走访' });
    // The nested output mapping updated `visits` where it lives: in Sub_Handle's scope.
    expect(scopeOf(s, 'Sub_Handle').vars.visits).toBe(1);
    expect(s.variables).not.toHaveProperty('visits');
    expect(s.variables).not.toHaveProperty('address');
    expect(s.active).toEqual(['Sub_Handle', 'Task_Summarize']);

    s.completeTask('Task_Summarize', { summary: '已协调物业整改' });
    expect(s.active).toEqual(['Task_Close']);
    expect(s.variables).toMatchObject({
      visitCount: 1,
      handling: { opened: '2026-03-02', summary: '已协调物业整改' },
      visitNote: '已走访',
    });
    // `summary` was a local of the subprocess: it only comes out through the output mapping.
    expect(s.variables).not.toHaveProperty('summary');
    expect(s.variables).not.toHaveProperty('category');
    expect(Object.keys(s.state!.scopes)).toHaveLength(1);

    s.completeTask('Task_Close');
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual([
      'StartEvent_1',
      'Sub_Start',
      'Task_Investigate',
      'Visit_Start',
      'Task_Visit',
      'Visit_End',
      'Sub_Visit',
      'Task_Summarize',
      'Sub_End',
      'Sub_Handle',
      'Task_Close',
      'End_Done',
    ]);
  });

  it('its boundary timer is scheduled on entry and cancelled by effect when it completes', () => {
    const s = new Scenario(def).start(START);
    const timer = s.wait('Timer_Overdue', 'timer');
    expect(timer.dueAt).toBe('2026-03-12T01:00:00.000Z');
    const before = s.effects.length;
    s.completeTask('Task_Investigate').completeTask('Task_Visit').completeTask('Task_Summarize');
    expect(s.effects.slice(before)).toContainEqual({ type: 'cancelTimer', timerId: timer.id });
  });

  it('an interrupting boundary timer terminates everything inside, nested tasks included, and drops the scopes', () => {
    const s = new Scenario(def).start(START).completeTask('Task_Investigate');
    const visit = s.wait('Task_Visit', 'task').id;
    const before = s.effects.length;
    s.fireTimer('Timer_Overdue');
    const effects: Effect[] = s.effects.slice(before);
    expect(effects).toContainEqual({ type: 'cancelTask', taskId: visit });
    expect(s.active).toEqual(['Task_Overdue']);
    expect(Object.keys(s.state!.scopes)).toHaveLength(1);
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['Sub_Handle', 'Sub_Visit', 'Task_Visit']);
    expect(s.variables).not.toHaveProperty('visitCount');
    s.completeTask('Task_Overdue');
    expect(s.status).toBe('completed');
  });
});

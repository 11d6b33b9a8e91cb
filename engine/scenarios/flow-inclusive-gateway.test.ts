import { describe, expect, it } from 'vitest';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./flow-inclusive-gateway.bpmn', import.meta.url));
const none = { legal: false, finance: false, press: false, archive: false };

function started(vars: Partial<typeof none>): Scenario {
  return new Scenario(def).start({ ...none, ...vars });
}

const tasksCreated = (s: Scenario) => s.eventsOf('taskCreated').map((e) => e.el);

describe('inclusive gateway: fork', () => {
  it('takes every flow whose condition is true, in flow order', () => {
    const s = started({ legal: true, finance: true, press: true });
    expect(s.active).toEqual(['Task_Finance', 'Task_Legal', 'Task_Press']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual([
      'Flow_ToFork',
      'Flow_Legal',
      'Flow_Finance',
      'Flow_Press',
    ]);
  });

  it('takes only the default flow when no condition is true', () => {
    const s = started({});
    expect(s.active).toEqual(['Task_Fallback']);
    s.completeTask('Task_Fallback');
    // A single token passes the join at once.
    expect(s.active).toEqual(['Task_Decide']);
    expect(s.completed).toEqual(['StartEvent_1', 'Gateway_Fork', 'Task_Fallback', 'Gateway_Join']);
  });

  it('does not take the default flow when a condition is true', () => {
    const s = started({ finance: true });
    expect(s.active).toEqual(['Task_Finance']);
    expect(tasksCreated(s)).not.toContain('Task_Fallback');
  });

  it('raises an incident when a condition is not a boolean', () => {
    const s = new Scenario(def).start({ legal: true, finance: 'yes' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_Fork' })]);
    expect(s.active).toEqual(['Gateway_Fork']);
    expect(tasksCreated(s)).toEqual([]);
    s.send({ type: 'setVariables', variables: { finance: false, press: false, archive: false } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.active).toEqual(['Task_Legal']);
  });
});

describe('inclusive gateway: join waits only for tokens that can still arrive', () => {
  it('joins after the two branches that were taken, not waiting for the third', () => {
    const s = started({ legal: true, finance: true });
    s.completeTask('Task_Legal');
    expect(s.active).toEqual(['Gateway_Join', 'Task_Finance']);
    expect(s.completed).not.toContain('Gateway_Join');
    s.completeTask('Task_Finance');
    expect(s.active).toEqual(['Task_Decide']);
    expect(s.completed.filter((el) => el === 'Gateway_Join')).toHaveLength(1);
    expect(s.eventsOf('flowTaken').filter((e) => e.el === 'Flow_ToDecide')).toHaveLength(1);
    s.completeTask('Task_Decide');
    expect(s.status).toBe('completed');
  });

  it('is delayed by a branch still waiting at a user task, however long it takes', () => {
    const s = started({ legal: true, finance: true, press: true });
    s.completeTask('Task_Finance').completeTask('Task_Legal');
    expect(s.active).toEqual(['Gateway_Join', 'Gateway_Join', 'Task_Press']);
    s.advance('P10D');
    expect(s.active).toContain('Task_Press');
    s.completeTask('Task_Press', { publish: true });
    expect(s.active).toEqual(['Task_Decide']);
    expect(s.completed.slice(-3)).toEqual(['Task_Press', 'Gateway_Publish', 'Gateway_Join']);
  });

  it('stops waiting when a branch turns away from it (exclusive gateway to an end event)', () => {
    const s = started({ legal: true, press: true });
    s.completeTask('Task_Legal');
    expect(s.active).toEqual(['Gateway_Join', 'Task_Press']);
    s.completeTask('Task_Press', { publish: false });
    expect(s.active).toEqual(['Task_Decide']);
    expect(s.completed.slice(-4)).toEqual(['Task_Press', 'Gateway_Publish', 'End_PressDropped', 'Gateway_Join']);
  });

  it('is not blocked by a branch that ends at an end event before the join', () => {
    const s = started({ legal: true, archive: true });
    expect(s.active).toEqual(['Task_Archive', 'Task_Legal']);
    s.completeTask('Task_Legal');
    // Task_Archive is still open, but its path never reaches the join.
    expect(s.active).toEqual(['Task_Archive', 'Task_Decide']);
    s.completeTask('Task_Decide');
    expect(s.status).toBe('active');
    s.completeTask('Task_Archive');
    expect(s.status).toBe('completed');
    expect(s.completed.at(-1)).toBe('End_Archived');
  });

  it('when only the archive branch is taken nothing reaches the join', () => {
    const s = started({ archive: true });
    expect(s.active).toEqual(['Task_Archive']);
    s.completeTask('Task_Archive');
    expect(s.status).toBe('completed');
    expect(s.completed).not.toContain('Gateway_Join');
  });

  it('waits for a token held by an incident upstream, then joins after it is resolved', () => {
    const s = started({ legal: true, press: true });
    s.completeTask('Task_Press', { publish: 'later' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_Publish' })]);
    s.completeTask('Task_Legal');
    expect(s.active).toEqual(['Gateway_Join', 'Gateway_Publish']);
    s.send({ type: 'setVariables', variables: { publish: true } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.active).toEqual(['Task_Decide']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Variables } from '../commands.js';
import type { CreateTaskEffect, Effect } from '../effects.js';
import { visibleVariables } from '../kernel/variables.js';
import type { Wait } from '../state.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./activities-multi-instance.bpmn', import.meta.url));
const DEPTS = ['dept-rs', 'dept-zj', 'dept-sw'];
const START = { departments: DEPTS, reviewers: ['ke.zhang', 'ju.zhang'], members: ['m1', 'm2', 'm3', 'm4'] };

/** The open task at `el` whose variables satisfy `match`. */
function taskWhere(s: Scenario, el: string, match: (vars: Variables) => boolean): Wait {
  const found = Object.values(s.state!.waits).filter(
    (w) => w.kind === 'task' && w.el === el && match(visibleVariables(s.state!, w.scope)),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

function complete(s: Scenario, el: string, match: (vars: Variables) => boolean, variables: Variables = {}): Effect[] {
  const before = s.effects.length;
  s.send({ type: 'completeTask', taskId: taskWhere(s, el, match).id, variables });
  return s.effects.slice(before);
}

const byDept = (d: string) => (v: Variables) => v.department === d;
const tasksAt = (s: Scenario, el: string) =>
  s.effects.filter((e): e is CreateTaskEffect => e.type === 'createTask' && e.elementId === el);

describe('parallel multi-instance user task (会签)', () => {
  it('creates one task per element at once, each with its input element, loopCounter and input mappings', () => {
    const s = new Scenario(def).start(START);
    expect(s.active).toEqual(['Task_Countersign', 'Task_Countersign', 'Task_Countersign', 'Task_Countersign']);
    expect(tasksAt(s, 'Task_Countersign').map((t) => [t.candidateGroups, t.assignee])).toEqual([
      [['dept-rs'], 'dept-rs-lead'],
      [['dept-zj'], 'dept-zj-lead'],
      [['dept-sw'], 'dept-sw-lead'],
    ]);
    const inner = Object.values(s.state!.waits)
      .filter((w) => w.kind === 'task')
      .map((w) => s.state!.scopes[w.scope]!.vars);
    expect(inner).toEqual([
      { loopCounter: 1, department: 'dept-rs', opinion: null },
      { loopCounter: 2, department: 'dept-zj', opinion: null },
      { loopCounter: 3, department: 'dept-sw', opinion: null },
    ]);
    expect(s.variables).not.toHaveProperty('department');
    expect(s.variables).not.toHaveProperty('loopCounter');
  });

  it('collects the output in the order of the input collection, not the order of completion', () => {
    const s = new Scenario(def).start(START);
    complete(s, 'Task_Countersign', byDept('dept-sw'), { opinion: '同意（商务）' });
    complete(s, 'Task_Countersign', byDept('dept-rs'), { opinion: '同意（人社）' });
    expect(s.active.filter((el) => el === 'Task_Countersign')).toHaveLength(2);
    expect(s.variables).not.toHaveProperty('opinions');
    complete(s, 'Task_Countersign', byDept('dept-zj'), { opinion: '补充意见（住建）' });
    expect(s.variables.opinions).toEqual(['同意（人社）', '补充意见（住建）', '同意（商务）']);
    // The output element is local to each instance: nothing leaks into the process.
    expect(s.variables).not.toHaveProperty('opinion');
    expect(s.eventsOf('elementCompleted').filter((e) => e.el === 'Task_Countersign')).toHaveLength(4);
    // The sequential review starts: its body and first instance.
    expect(s.active).toEqual(['Task_Review', 'Task_Review']);
  });

  it("an instance that does not set the output element contributes null, not a sibling's value", () => {
    const s = new Scenario(def).start(START);
    complete(s, 'Task_Countersign', byDept('dept-rs'), { opinion: '同意' });
    complete(s, 'Task_Countersign', byDept('dept-zj'), {});
    complete(s, 'Task_Countersign', byDept('dept-sw'), { opinion: '反对' });
    expect(s.variables.opinions).toEqual(['同意', null, '反对']);
  });

  it('drops every inner scope when the body completes', () => {
    const s = new Scenario(def).start(START);
    for (const d of DEPTS) complete(s, 'Task_Countersign', byDept(d), { opinion: d });
    // Process scope + the sequential review's first inner scope.
    const owners = Object.values(s.state!.scopes).map((sc) =>
      sc.owner === undefined ? 'process' : (s.state!.tokens[sc.owner]?.el ?? `dangling:${sc.owner}`),
    );
    expect(owners.sort()).toEqual(['Task_Review', 'process']);
  });

  it('a non-interrupting timer on the body fires once for the whole activity and leaves the instances running', () => {
    const s = new Scenario(def).start(START);
    expect(s.state!.waits[s.wait('Timer_Remind', 'timer').id]!.dueAt).toBe('2026-03-03T01:00:00.000Z');
    const before = s.effects.length;
    s.fireTimer('Timer_Remind');
    expect(s.effects.slice(before).map((e) => e.type)).toEqual(['createTask']);
    expect(s.active.filter((el) => el === 'Task_Countersign')).toHaveLength(4);
    expect(s.active).toContain('Task_Remind');
    expect(s.describeWaits()).not.toContain('timer@');
    for (const d of DEPTS) complete(s, 'Task_Countersign', byDept(d), { opinion: 'ok' });
    expect(s.active).toEqual(['Task_Remind', 'Task_Review', 'Task_Review']);
  });

  it('completing the body before the timer cancels the timer by effect', () => {
    const s = new Scenario(def).start(START);
    const timer = s.wait('Timer_Remind').id;
    let effects: Effect[] = [];
    for (const d of DEPTS) effects = complete(s, 'Task_Countersign', byDept(d), { opinion: 'ok' });
    expect(effects).toContainEqual({ type: 'cancelTimer', timerId: timer });
  });

  it('an empty collection completes the activity at once with an empty output collection', () => {
    const s = new Scenario(def).start({ ...START, departments: [] });
    expect(tasksAt(s, 'Task_Countersign')).toEqual([]);
    expect(s.variables.opinions).toEqual([]);
    expect(s.active).toEqual(['Task_Review', 'Task_Review']);
    expect(s.completed).toEqual(['StartEvent_1', 'Task_Countersign']);
    // The boundary timer was opened and closed within the same step: the runtime never hears of it.
    expect(s.effects.some((e) => e.type === 'scheduleTimer' || e.type === 'cancelTimer')).toBe(false);
  });

  it('a collection that is not a list is an INVALID_VALUE incident; fixing it and resolving runs the instances', () => {
    const s = new Scenario(def).start({ ...START, departments: 'dept-rs,dept-zj' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', el: 'Task_Countersign' })]);
    expect(s.incidents[0]!.message).toContain('expected a list');
    expect(s.describeWaits()).toBe('none');
    s.send({ type: 'setVariables', variables: { departments: ['dept-rs', 'dept-zj'] } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(tasksAt(s, 'Task_Countersign').map((t) => t.candidateGroups)).toEqual([['dept-rs'], ['dept-zj']]);
  });
});

describe('sequential multi-instance user task (逐级审核)', () => {
  const atReview = () => {
    const s = new Scenario(def).start(START);
    for (const d of DEPTS) complete(s, 'Task_Countersign', byDept(d), { opinion: 'ok' });
    return s;
  };

  it('runs one instance at a time, in collection order, and collects structured outputs', () => {
    const s = atReview();
    expect(s.active).toEqual(['Task_Review', 'Task_Review']);
    expect(tasksAt(s, 'Task_Review').map((t) => t.assignee)).toEqual(['ke.zhang']);
    s.completeTask('Task_Review', { approved: true });
    expect(tasksAt(s, 'Task_Review').map((t) => t.assignee)).toEqual(['ke.zhang', 'ju.zhang']);
    expect(s.active).toEqual(['Task_Review', 'Task_Review']);
    s.completeTask('Task_Review', { approved: false });
    expect(s.variables.approvals).toEqual([
      { by: 'ke.zhang', step: 1, ok: true },
      { by: 'ju.zhang', step: 2, ok: false },
    ]);
    expect(s.active.filter((el) => el === 'Task_Vote')).toHaveLength(5);
  });
});

describe('completion condition (过半即结)', () => {
  const atVote = () => {
    const s = new Scenario(def).start(START);
    for (const d of DEPTS) complete(s, 'Task_Countersign', byDept(d), { opinion: 'ok' });
    return s.completeTask('Task_Review', { approved: true }).completeTask('Task_Review', { approved: true });
  };
  const byMember = (m: string) => (v: Variables) => v.member === m;

  it('completes the body once two instances are done, cancelling the other tasks by effect', () => {
    const s = atVote();
    const open = ['m1', 'm4'].map((m) => taskWhere(s, 'Task_Vote', byMember(m)).id);
    complete(s, 'Task_Vote', byMember('m3'), { vote: 'yes' });
    expect(s.active.filter((el) => el === 'Task_Vote')).toHaveLength(4);
    const effects = complete(s, 'Task_Vote', byMember('m2'), { vote: 'no' });
    expect(effects.filter((e) => e.type === 'cancelTask')).toEqual(
      open.map((taskId) => ({ type: 'cancelTask', taskId })),
    );
    expect(s.status).toBe('completed');
    expect(s.variables.votes).toEqual([null, 'no', 'yes', null]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Vote', 'Task_Vote']);
    expect(s.completed.slice(-2)).toEqual(['Task_Vote', 'End_Done']);
    expect(Object.keys(s.state!.tokens)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CreateTaskEffect } from '../effects.js';
import { compileOrThrow, Scenario } from '../testing/scenario.js';

const read = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([
  { name: 'activities-user-task.bpmn', content: read('activities-user-task.bpmn') },
  { name: 'activities-user-task.form.json', content: read('activities-user-task.form.json') },
]);
const def = processes['activities-user-task']!;
const valuesDef = processes['activities-user-task-values']!;

const NOW = '2026-03-02T01:00:00.000Z';
const START = {
  handler: 'chen.liu',
  department: 'dept-rs',
  reviewers: ['zhao.qi', 'sun.ba'],
  urgent: true,
  applicant: { name: '王女士', phone: '13800000000', id: 'P-1' },
  windowNo: 3,
  review: { round: 1 },
  contact: { email: 'wang@example.cn' },
};

function createdTask(s: Scenario, el: string): CreateTaskEffect {
  const found = s.effects.filter((e): e is CreateTaskEffect => e.type === 'createTask' && e.elementId === el);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('user task: assignment, schedule and form', () => {
  it('static values: assignee, comma-separated candidates, fixed dates, priority, form and civic deadline', () => {
    const s = new Scenario(def, { now: NOW }).start(START);
    expect(createdTask(s, 'Task_Static')).toEqual({
      type: 'createTask',
      taskId: s.wait('Task_Static').id,
      elementId: 'Task_Static',
      name: '窗口复核',
      assignee: 'zhang.san',
      candidateGroups: ['window', 'dispatch'],
      candidateUsers: ['li.si', 'wang.wu'],
      dueAt: '2026-03-10T10:00:00.000Z',
      followUpAt: '2026-03-09T01:00:00.000Z',
      priority: 80,
      formId: 'appeal-review',
      deadline: '5 workDay',
      warning: '1 workDay',
    });
    expect(s.eventsOf('taskCreated').map((e) => e.el)).toEqual(['Task_Static']);
  });

  it('FEEL values: assignee and groups from variables, a list of users, dates from the injected clock', () => {
    const s = new Scenario(def, { now: NOW }).start(START);
    s.now = '2026-03-04T07:30:00.000Z';
    s.completeTask('Task_Static', { accepted: true });
    expect(createdTask(s, 'Task_Feel')).toEqual({
      type: 'createTask',
      taskId: s.wait('Task_Feel').id,
      elementId: 'Task_Feel',
      name: '部门办理',
      assignee: 'chen.liu',
      candidateGroups: ['dept-rs'],
      candidateUsers: ['zhao.qi', 'sun.ba'],
      // now() is the command's clock: 3 days and 4 hours after 2026-03-04T07:30Z.
      dueAt: '2026-03-07T07:30:00.000Z',
      followUpAt: '2026-03-04T11:30:00.000Z',
      priority: 90,
      deadline: '2 workDay',
      warning: '1 workDay',
      calendar: 'guangzhou',
      deadlineStart: 'claimed',
    });
  });

  it('FEEL candidate groups may be comma-separated text, and values may change per instance', () => {
    const s = new Scenario(def, { now: NOW }).start({
      ...START,
      urgent: false,
      department: 'dept-zj, dept-sw',
      reviewers: 'zhao.qi , ',
      handler: null,
    });
    s.completeTask('Task_Static');
    const effect = createdTask(s, 'Task_Feel');
    expect(effect.candidateGroups).toEqual(['dept-zj', 'dept-sw']);
    expect(effect.candidateUsers).toEqual(['zhao.qi']);
    expect(effect).not.toHaveProperty('assignee');
    expect(effect.priority).toBe(40);
    expect(effect.deadline).toBe('5 workDay');
  });

  it('a plain bpmn:userTask without extensions waits for completion too, with default priority and no candidates', () => {
    const s = new Scenario(def, { now: NOW })
      .start(START)
      .completeTask('Task_Static')
      .completeTask('Task_Feel')
      .completeTask('Task_Mapped');
    expect(createdTask(s, 'Task_Plain')).toEqual({
      type: 'createTask',
      taskId: expect.any(Number),
      elementId: 'Task_Plain',
      name: '归档',
      candidateGroups: [],
      candidateUsers: [],
      priority: 50,
    });
    s.completeTask('Task_Plain');
    expect(s.status).toBe('completed');
    expect(s.eventsOf('taskCompleted').map((e) => e.el)).toEqual([
      'Task_Static',
      'Task_Feel',
      'Task_Mapped',
      'Task_Plain',
    ]);
    expect(s.completed).toEqual(['StartEvent_1', 'Task_Static', 'Task_Feel', 'Task_Mapped', 'Task_Plain', 'End_Done']);
  });

  it('completion variables without output mappings are merged into the process', () => {
    const s = new Scenario(def, { now: NOW })
      .start(START)
      .completeTask('Task_Static', { accepted: true, note: '材料齐全' });
    expect(s.variables).toMatchObject({ accepted: true, note: '材料齐全', handler: 'chen.liu' });
  });
});

describe('user task: input and output mappings', () => {
  const atMapped = () =>
    new Scenario(def, { now: NOW }).start(START).completeTask('Task_Static').completeTask('Task_Feel');

  it('inputs are evaluated before the assignment and live in a scope local to the task', () => {
    const s = atMapped();
    expect(createdTask(s, 'Task_Mapped').candidateGroups).toEqual(['window-3']);
    const token = Object.values(s.state!.tokens).find((t) => t.el === 'Task_Mapped')!;
    expect(token.local).toBeDefined();
    expect(s.state!.scopes[token.local!]!.vars).toEqual({
      applicantName: '王女士',
      windowGroup: 'window-3',
      contact: { phone: '13800000000' },
    });
    expect(s.variables).not.toHaveProperty('applicantName');
    // A dotted input target writes a fresh object locally: the process's `contact` is neither merged nor changed.
    expect(s.variables.contact).toEqual({ email: 'wang@example.cn' });
  });

  it('outputs map completion variables (dotted targets merge into objects); unmapped ones and the inputs stay behind', () => {
    const s = atMapped();
    const scopesBefore = Object.keys(s.state!.scopes).length;
    s.completeTask('Task_Mapped', { satisfied: true, comment: '满意', extra: 'not mapped' });
    expect(s.variables.review).toEqual({ round: 1, satisfied: true, comment: '满意' });
    expect(s.variables.lastWindow).toBe('window-3');
    for (const name of ['satisfied', 'comment', 'extra', 'applicantName', 'windowGroup'])
      expect(s.variables).not.toHaveProperty(name);
    expect(s.variables.contact).toEqual({ email: 'wang@example.cn' });
    // The local scope is dropped with the task.
    expect(Object.keys(s.state!.scopes)).toHaveLength(scopesBefore - 1);
    expect(s.active).toEqual(['Task_Plain']);
  });

  it('an output mapping of a variable the completion did not provide writes null', () => {
    const s = atMapped().completeTask('Task_Mapped', { satisfied: false });
    expect(s.variables.review).toEqual({ round: 1, satisfied: false, comment: null });
  });

  it('inputs over missing data are null locals (FEEL null semantics), still shadowing nothing outside', () => {
    const s = new Scenario(def, { now: NOW })
      .start({ ...START, windowNo: undefined, applicant: null })
      .completeTask('Task_Static')
      .completeTask('Task_Feel');
    expect(createdTask(s, 'Task_Mapped').candidateGroups).toEqual([]);
    const token = Object.values(s.state!.tokens).find((t) => t.el === 'Task_Mapped')!;
    expect(s.state!.scopes[token.local!]!.vars).toEqual({
      applicantName: null,
      windowGroup: null,
      contact: { phone: null },
    });
    expect(s.variables.applicant).toBeNull();
  });
});

describe('user task: invalid values become incidents', () => {
  const start = (vars: Record<string, unknown>) =>
    new Scenario(valuesDef, { now: NOW }).start({ groups: 'g', due: null, prio: null, ...vars });

  it('a priority outside 0..100 is INVALID_VALUE; fixing it and resolving creates the task', () => {
    const s = start({ prio: 150 });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', el: 'Task_Values' })]);
    expect(s.incidents[0]!.message).toContain('150');
    expect(s.effects.filter((e) => e.type === 'createTask')).toEqual([]);
    s.send({ type: 'setVariables', variables: { prio: 100 } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(createdTask(s, 'Task_Values').priority).toBe(100);
  });

  it('a due date that is not a date-time is INVALID_VALUE', () => {
    const s = start({ due: '下周一' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', el: 'Task_Values' })]);
    expect(s.incidents[0]!.message).toContain('due date');
  });

  it('without output mappings, a completion variable named like an input-mapped local updates the local and is dropped', () => {
    const s = start({ prio: 10 });
    expect(createdTask(s, 'Task_Values').candidateGroups).toEqual(['g']);
    s.completeTask('Task_Values', { localGroups: 'changed', outcome: 'done' });
    expect(s.status).toBe('completed');
    expect(s.variables).toEqual({ groups: 'g', due: null, prio: 10, outcome: 'done' });
  });

  it('a due date given as text with an offset is normalised to UTC', () => {
    const s = start({ due: '2026-03-05T17:00:00+08:00' });
    expect(createdTask(s, 'Task_Values').dueAt).toBe('2026-03-05T09:00:00.000Z');
  });
});

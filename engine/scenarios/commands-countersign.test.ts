import { describe, expect, it } from 'vitest';
import { CommandRejected, signersOf, stepOperations } from '../index.js';
import type { Wait } from '../state.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./commands-countersign.bpmn', import.meta.url));
const START = { signers: ['zhang', 'li', 'wang'], reviewers: ['ke', 'ju'] };

/** The open task of `signer` at `el`. */
function taskOf(s: Scenario, el: string, signer: string): Wait {
  const found = Object.values(s.state!.waits).filter(
    (w) => w.kind === 'task' && w.el === el && s.state!.scopes[w.scope]!.vars.signer === signer,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}
const sign = (s: Scenario, el: string, signer: string, opinion = '同意') =>
  s.send({ type: 'completeTask', taskId: taskOf(s, el, signer).id, variables: { opinion } });
const board = (s: Scenario, el: string) => {
  const body = Object.values(s.state!.tokens).find((t) => t.el === el && t.mi)!;
  return signersOf(s.state!, body).map((x) => `${String(x.item)}:${x.state}`);
};
const rejection = (act: () => unknown) => {
  try {
    act();
  } catch (err) {
    if (err instanceof CommandRejected) return err.code;
    throw err;
  }
  throw new Error('the command was not refused');
};
/** The steps of the open tasks, one entry per task. */
const open = (s: Scenario) =>
  Object.values(s.state!.waits)
    .filter((w) => w.kind === 'task')
    .map((w) => w.el);
const assignees = (s: Scenario, el: string) =>
  s.effects.flatMap((e) => (e.type === 'createTask' && e.elementId === el ? [e.assignee] : []));

describe('会签 allowances', () => {
  it('only a countersign may change its signers; the definition may forbid either change', () => {
    expect(stepOperations(def, 'Task_Sign')).toMatchObject({ addSigners: true, removeSigners: true });
    expect(stepOperations(def, 'Task_Review')).toMatchObject({ addSigners: true, removeSigners: false });
    expect(stepOperations(def, 'Task_Archive')).toMatchObject({ addSigners: false, removeSigners: false });
  });
});

describe('加签 addSigners on a parallel countersign', () => {
  it('starts the new signer at once; the 2/3 rule counts over the larger set', () => {
    const s = new Scenario(def).start(START);
    s.send({ type: 'addSigners', taskId: taskOf(s, 'Task_Sign', 'li').id, items: ['zhao'] });
    expect(assignees(s, 'Task_Sign')).toEqual(['zhang', 'li', 'wang', 'zhao']);
    expect(s.eventsOf('signersAdded')).toEqual([
      expect.objectContaining({ el: 'Task_Sign', data: expect.objectContaining({ items: ['zhao'] }) }),
    ]);
    sign(s, 'Task_Sign', 'zhang');
    sign(s, 'Task_Sign', 'li');
    // 2 of 4 is not 2/3: before 加签 this would have finished the countersign.
    expect(open(s)).toEqual(['Task_Sign', 'Task_Sign']);
    sign(s, 'Task_Sign', 'zhao', '补充意见');
    expect(open(s)).toEqual(['Task_Review']);
    expect(s.variables.opinions).toEqual(['同意', '同意', null, '补充意见']);
  });
  it('refuses a signer already there, and an empty list, changing nothing', () => {
    const s = new Scenario(def).start(START);
    const before = JSON.stringify(s.state);
    const task = taskOf(s, 'Task_Sign', 'li').id;
    expect(rejection(() => s.send({ type: 'addSigners', taskId: task, items: ['wang'] }))).toBe('SIGNER_DUPLICATE');
    expect(rejection(() => s.send({ type: 'addSigners', taskId: task, items: [] }))).toBe('SIGNERS_INVALID');
    expect(JSON.stringify(s.state)).toBe(before);
  });
  it('refuses on a step that is not a countersign', () => {
    const s = new Scenario(def).start({ signers: ['zhang'], reviewers: ['ke'] });
    sign(s, 'Task_Sign', 'zhang');
    sign(s, 'Task_Review', 'ke');
    expect(rejection(() => s.send({ type: 'addSigners', taskId: s.wait('Task_Archive').id, items: ['x'] }))).toBe(
      'SIGNERS_NOT_ALLOWED',
    );
  });
});

describe('减签 removeSigners', () => {
  it('cancels a pending signer and evaluates the rule again over those left', () => {
    const s = new Scenario(def).start(START);
    sign(s, 'Task_Sign', 'zhang');
    const wangTask = taskOf(s, 'Task_Sign', 'wang').id;
    // 1 of 3 signed; removing 王 leaves 1 of 2 — not yet 2/3.
    s.send({ type: 'removeSigners', taskId: taskOf(s, 'Task_Sign', 'li').id, items: ['wang'] });
    expect(s.effects).toContainEqual({ type: 'cancelTask', taskId: wangTask });
    expect(board(s, 'Task_Sign')).toEqual(['zhang:completed', 'li:active', 'wang:removed']);
    sign(s, 'Task_Sign', 'li');
    expect(open(s)).toEqual(['Task_Review']);
    expect(s.variables.opinions).toEqual(['同意', '同意']);
  });
  it('completes the countersign when the signers left already satisfy the rule', () => {
    const s = new Scenario(def).start({ signers: ['zhang', 'li', 'wang', 'zhao'], reviewers: ['ke'] });
    sign(s, 'Task_Sign', 'zhang');
    sign(s, 'Task_Sign', 'li');
    // 2 of 4 < 2/3; without 赵 it is 2 of 3.
    s.send({ type: 'removeSigners', taskId: taskOf(s, 'Task_Sign', 'wang').id, items: ['zhao'] });
    expect(open(s)).toEqual(['Task_Review']);
    expect(s.eventsOf('signersRemoved')).toHaveLength(1);
  });
  it('refuses a completed signer, an unknown one and the last one left', () => {
    const s = new Scenario(def).start({ signers: ['zhang', 'li', 'wang', 'zhao'], reviewers: ['ke'] });
    sign(s, 'Task_Sign', 'zhang');
    const task = taskOf(s, 'Task_Sign', 'li').id;
    const before = JSON.stringify(s.state);
    expect(rejection(() => s.send({ type: 'removeSigners', taskId: task, items: ['zhang'] }))).toBe('SIGNER_COMPLETED');
    expect(rejection(() => s.send({ type: 'removeSigners', taskId: task, items: ['nobody'] }))).toBe(
      'SIGNER_NOT_FOUND',
    );
    expect(JSON.stringify(s.state)).toBe(before);
    const one = new Scenario(def).start({ signers: ['zhang', 'li'], reviewers: ['ke'] });
    expect(
      rejection(() =>
        one.send({ type: 'removeSigners', taskId: taskOf(one, 'Task_Sign', 'li').id, items: ['zhang', 'li'] }),
      ),
    ).toBe('SIGNER_LAST');
  });
});

describe('sequential countersign', () => {
  it('加签 appends a signer who is reached in turn; 减签 is refused where the step forbids it', () => {
    const s = new Scenario(def).start({ signers: ['zhang'], reviewers: ['ke', 'ju'] });
    sign(s, 'Task_Sign', 'zhang');
    const ke = taskOf(s, 'Task_Review', 'ke').id;
    s.send({ type: 'addSigners', taskId: ke, items: ['zhou'] });
    expect(board(s, 'Task_Review')).toEqual(['ke:active', 'ju:pending', 'zhou:pending']);
    expect(rejection(() => s.send({ type: 'removeSigners', taskId: ke, items: ['ju'] }))).toBe('SIGNERS_NOT_ALLOWED');
    sign(s, 'Task_Review', 'ke');
    sign(s, 'Task_Review', 'ju');
    expect(assignees(s, 'Task_Review')).toEqual(['ke', 'ju', 'zhou']);
    sign(s, 'Task_Review', 'zhou');
    expect(open(s)).toEqual(['Task_Archive']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandRejected, stepOperations } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'commands-task-operations.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = processes['task-operations']!;

const referred = (category: string) =>
  new Scenario(def).start({ appellant: '张三' }).completeTask('Task_Receive', { category });
const rejection = (act: () => unknown) => {
  try {
    act();
  } catch (err) {
    if (err instanceof CommandRejected) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('the command was not refused');
};

describe('what civic:taskOperations allows per step', () => {
  it('defaults: return to any earlier user task, refuse only where a routing decision referred the case', () => {
    expect(stepOperations(def, 'Task_HandleHousing')).toEqual({
      returnTargets: ['Task_Receive'],
      withdraw: true,
      transfer: true,
      delegate: true,
      refuse: true,
      refuseTo: 'Task_Receive',
      addSigners: false,
      removeSigners: false,
    });
    expect(stepOperations(def, 'Task_Receive')).toMatchObject({
      returnTargets: [],
      refuse: false,
      refuseTo: undefined,
    });
    expect(stepOperations(def, 'Task_FollowUp')).toMatchObject({
      returnTargets: ['Task_Review', 'Task_HandleHousing', 'Task_HandleLabour', 'Task_Receive'],
      refuse: false,
    });
  });
  it('the definition narrows them', () => {
    expect(stepOperations(def, 'Task_Review')).toMatchObject({
      returnTargets: ['Task_HandleHousing', 'Task_HandleLabour'],
      withdraw: false,
    });
    expect(stepOperations(def, 'Task_HandleLabour')).toMatchObject({ refuse: false });
  });
});

describe('退回 returnTask', () => {
  it('moves the case back to the allowed step with its data; the step gets a new task', () => {
    const s = referred('物业纠纷').completeTask('Task_HandleHousing', { answer: '已处理' });
    const review = s.wait('Task_Review').id;
    s.send({ type: 'returnTask', taskId: review, targetElementId: 'Task_HandleHousing', reason: '答复不完整' });
    expect(s.active).toEqual(['Task_HandleHousing']);
    expect(s.variables).toEqual({ appellant: '张三', category: '物业纠纷', answer: '已处理' });
    expect(s.eventsOf('taskReturned')).toEqual([
      expect.objectContaining({
        el: 'Task_Review',
        data: { taskId: review, to: 'Task_HandleHousing', reason: '答复不完整' },
      }),
    ]);
    expect(s.effects.at(-1)).toMatchObject({
      type: 'createTask',
      elementId: 'Task_HandleHousing',
      candidateGroups: ['dept-zj'],
    });
    s.completeTask('Task_HandleHousing').completeTask('Task_Review');
    expect(s.active).toEqual(['Task_FollowUp']);
  });
  it('refuses a step the definition does not list, and changes nothing', () => {
    const s = referred('物业纠纷').completeTask('Task_HandleHousing');
    const before = JSON.stringify(s.state);
    expect(
      rejection(() =>
        s.send({
          type: 'returnTask',
          taskId: s.wait('Task_Review').id,
          targetElementId: 'Task_Receive',
          reason: '重新受理',
        }),
      ),
    ).toMatchObject({ code: 'RETURN_NOT_ALLOWED' });
    expect(JSON.stringify(s.state)).toBe(before);
  });
  it('refuses the first step: there is nothing earlier', () => {
    const s = new Scenario(def).start({});
    expect(
      rejection(() =>
        s.send({ type: 'returnTask', taskId: s.wait('Task_Receive').id, targetElementId: 'Task_Receive', reason: 'x' }),
      ),
    ).toMatchObject({ code: 'RETURN_NOT_ALLOWED' });
  });
});

describe('退单 refuseTask', () => {
  it('sends a referral back to the dispatch step and records the refusal', () => {
    const s = referred('物业纠纷');
    const handle = s.wait('Task_HandleHousing').id;
    s.send({ type: 'refuseTask', taskId: handle, department: 'dept-zj', reason: '不属于本部门职责' });
    expect(s.active).toEqual(['Task_Receive']);
    expect(s.variables.refusals).toEqual([
      { department: 'dept-zj', elementId: 'Task_HandleHousing', reason: '不属于本部门职责', at: expect.any(String) },
    ]);
    expect(s.eventsOf('taskRefused')).toEqual([
      expect.objectContaining({
        el: 'Task_HandleHousing',
        data: { taskId: handle, to: 'Task_Receive', department: 'dept-zj', reason: '不属于本部门职责' },
      }),
    ]);
  });
  it('the dispatcher re-routes it; or confirms the department, which then cannot refuse again', () => {
    const rerouted = referred('物业纠纷');
    rerouted.send({
      type: 'refuseTask',
      taskId: rerouted.wait('Task_HandleHousing').id,
      department: 'dept-zj',
      reason: '不属于本部门职责',
    });
    rerouted.completeTask('Task_Receive', { category: '劳动纠纷' });
    expect(rerouted.active).toEqual(['Task_HandleLabour']);

    const confirmed = referred('物业纠纷');
    confirmed.send({
      type: 'refuseTask',
      taskId: confirmed.wait('Task_HandleHousing').id,
      department: 'dept-zj',
      reason: '不属于本部门职责',
    });
    confirmed.completeTask('Task_Receive', { category: '物业纠纷' });
    const again = confirmed.wait('Task_HandleHousing').id;
    expect(
      rejection(() => confirmed.send({ type: 'refuseTask', taskId: again, department: 'dept-zj', reason: '仍不属于' })),
    ).toMatchObject({ code: 'REFUSE_NOT_ALLOWED' });
    expect(confirmed.active).toEqual(['Task_HandleHousing']);
  });
  it('refuses where the definition forbids it and on a step nobody referred', () => {
    const labour = referred('劳动纠纷');
    expect(
      rejection(() =>
        labour.send({
          type: 'refuseTask',
          taskId: labour.wait('Task_HandleLabour').id,
          department: 'dept-rs',
          reason: 'x',
        }),
      ),
    ).toMatchObject({ code: 'REFUSE_NOT_ALLOWED' });
    const review = referred('物业纠纷').completeTask('Task_HandleHousing');
    expect(
      rejection(() =>
        review.send({ type: 'refuseTask', taskId: review.wait('Task_Review').id, department: 'reviewer', reason: 'x' }),
      ),
    ).toMatchObject({ code: 'REFUSE_NOT_ALLOWED' });
  });
});

describe('撤回 withdrawTask', () => {
  it('takes the previous step back from the task that followed it', () => {
    const s = referred('物业纠纷');
    s.send({ type: 'withdrawTask', taskId: s.wait('Task_HandleHousing').id, targetElementId: 'Task_Receive' });
    expect(s.active).toEqual(['Task_Receive']);
    expect(s.eventsOf('taskWithdrawn')).toHaveLength(1);
  });
  it('refuses a step that does not allow it, and a step that is not earlier', () => {
    const s = referred('物业纠纷').completeTask('Task_HandleHousing').completeTask('Task_Review');
    expect(
      rejection(() =>
        s.send({ type: 'withdrawTask', taskId: s.wait('Task_FollowUp').id, targetElementId: 'Task_Review' }),
      ),
    ).toMatchObject({ code: 'WITHDRAW_NOT_ALLOWED' });
    const early = referred('物业纠纷');
    expect(
      rejection(() =>
        early.send({
          type: 'withdrawTask',
          taskId: early.wait('Task_HandleHousing').id,
          targetElementId: 'Task_FollowUp',
        }),
      ),
    ).toMatchObject({ code: 'WITHDRAW_NOT_ALLOWED' });
  });
});

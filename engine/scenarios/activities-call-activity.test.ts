import { describe, expect, it } from 'vitest';
import type { Effect } from '../effects.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./activities-call-activity.bpmn', import.meta.url));
const START = {
  region: 'tianhe',
  appeal: { id: 'A-9', parties: ['张三', '李四'], category: '邻里纠纷' },
  mediation: { mediator: '王调解员' },
};

function step(s: Scenario, action: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  action(s);
  return s.effects.slice(before);
}

const callOf = (s: Scenario, el: string) => s.wait(el, 'call');

describe('call activity', () => {
  it('asks the runtime to start the called process with all parent variables by default', () => {
    const s = new Scenario(def).start(START);
    const call = callOf(s, 'Call_Investigate');
    expect(s.effects).toContainEqual({
      type: 'startCallActivity',
      callId: call.id,
      elementId: 'Call_Investigate',
      processId: 'investigation',
      variables: START,
    });
    expect(s.eventsOf('callStarted')).toEqual([
      expect.objectContaining({ el: 'Call_Investigate', data: { processId: 'investigation' } }),
    ]);
    expect(s.describeWaits()).toBe('timer@Timer_Overdue, call@Call_Investigate');
  });

  it('completeCall merges all child variables back (propagateAllChildVariables="true") and cancels the boundary timer', () => {
    const s = new Scenario(def).start(START);
    const timer = s.wait('Timer_Overdue', 'timer').id;
    const effects = step(s, (x) =>
      x.send({
        type: 'completeCall',
        callId: callOf(x, 'Call_Investigate').id,
        variables: { finding: '情况属实', appeal: { ...START.appeal, verified: true } },
      }),
    );
    expect(s.variables.finding).toBe('情况属实');
    expect(s.variables.appeal).toEqual({ ...START.appeal, verified: true });
    expect(effects).toContainEqual({ type: 'cancelTimer', timerId: timer });
    expect(s.eventsOf('callCompleted').map((e) => e.el)).toEqual(['Call_Investigate']);
    expect(s.active).toEqual(['Call_Mediation']);
  });

  it('with propagateAllParentVariables="false" only the input-mapped locals go to the child; the process id is FEEL', () => {
    const s = new Scenario(def).start(START);
    const effects = step(s, (x) => x.send({ type: 'completeCall', callId: callOf(x, 'Call_Investigate').id }));
    expect(effects.filter((e) => e.type === 'startCallActivity')).toEqual([
      {
        type: 'startCallActivity',
        callId: callOf(s, 'Call_Mediation').id,
        elementId: 'Call_Mediation',
        processId: 'mediation-tianhe',
        variables: { caseRef: 'A-9', parties: ['张三', '李四'] },
      },
    ]);
  });

  it('with propagateAllChildVariables="false" only the output mappings come back (dotted target merges)', () => {
    const s = new Scenario(def).start(START);
    s.send({ type: 'completeCall', callId: callOf(s, 'Call_Investigate').id });
    s.send({
      type: 'completeCall',
      callId: callOf(s, 'Call_Mediation').id,
      variables: { agreement: '双方和解', minutes: '调解笔录', caseRef: 'A-9' },
    });
    expect(s.variables.mediation).toEqual({ mediator: '王调解员', agreement: '双方和解' });
    for (const name of ['agreement', 'minutes', 'caseRef', 'parties']) expect(s.variables).not.toHaveProperty(name);
    expect(s.active).toEqual(['Call_Archive']);
  });

  it('with propagateAllChildVariables="false" and no output mappings nothing comes back', () => {
    const s = new Scenario(def).start(START);
    s.send({ type: 'completeCall', callId: callOf(s, 'Call_Investigate').id });
    s.send({ type: 'completeCall', callId: callOf(s, 'Call_Mediation').id, variables: { agreement: 'x' } });
    const before = JSON.stringify(s.variables);
    s.send({
      type: 'completeCall',
      callId: callOf(s, 'Call_Archive').id,
      variables: { archiveNo: 'G-1', appeal: null },
    });
    expect(JSON.stringify(s.variables)).toBe(before);
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual(['StartEvent_1', 'Call_Investigate', 'Call_Mediation', 'Call_Archive', 'End_Done']);
  });

  it('a BPMN error thrown by the called instance is caught by the error boundary event', () => {
    const s = new Scenario(def).start(START);
    const call = callOf(s, 'Call_Investigate').id;
    const timer = s.wait('Timer_Overdue').id;
    const effects = step(s, (x) =>
      x.send({
        type: 'throwError',
        waitId: call,
        errorCode: 'CASE_REJECTED',
        errorMessage: '不属于受理范围',
        variables: { reason: '已进入诉讼程序' },
      }),
    );
    // The child ended itself: no cancel for the call, but the timer goes.
    expect(effects).toEqual([
      { type: 'cancelTimer', timerId: timer },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Rejected' }),
    ]);
    expect(s.active).toEqual(['Task_Rejected']);
    expect(s.variables.reason).toBe('已进入诉讼程序');
    expect(s.eventsOf('errorThrown')).toEqual([
      expect.objectContaining({ el: 'Call_Investigate', data: { code: 'CASE_REJECTED', caught: true } }),
    ]);
    expect(s.eventsOf('errorCaught')).toEqual([
      expect.objectContaining({ el: 'Error_Rejected', data: { code: 'CASE_REJECTED' } }),
    ]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Call_Investigate']);
    s.completeTask('Task_Rejected');
    expect(s.completed.slice(-3)).toEqual(['Error_Rejected', 'Task_Rejected', 'End_Rejected']);
  });

  it('an error code that no boundary catches becomes an incident', () => {
    const s = new Scenario(def).start(START);
    s.send({ type: 'throwError', waitId: callOf(s, 'Call_Investigate').id, errorCode: 'OTHER' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'UNHANDLED_ERROR', el: 'Call_Investigate' })]);
  });

  it('an interrupting boundary timer cancels the called instance by effect', () => {
    const s = new Scenario(def).start(START);
    const call = callOf(s, 'Call_Investigate').id;
    const effects = step(s, (x) => x.fireTimer('Timer_Overdue'));
    expect(effects).toContainEqual({ type: 'cancelCallActivity', callId: call });
    expect(s.active).toEqual(['Task_Overdue']);
  });

  it('terminateCall is an incident; resolving it starts the called process again', () => {
    const s = new Scenario(def).start(START);
    const first = callOf(s, 'Call_Investigate').id;
    s.send({ type: 'terminateCall', callId: first });
    expect(s.incidents).toEqual([
      expect.objectContaining({ code: 'CALLED_INSTANCE_TERMINATED', el: 'Call_Investigate' }),
    ]);
    expect(s.describeWaits()).toBe('timer@Timer_Overdue');
    expect(() => s.send({ type: 'completeCall', callId: first })).toThrow(/no open call/);

    const effects = step(s, (x) => x.send({ type: 'resolveIncident', incidentId: x.incidents[0]!.id }));
    const second = callOf(s, 'Call_Investigate').id;
    expect(second).not.toBe(first);
    expect(effects.filter((e) => e.type === 'startCallActivity')).toEqual([
      expect.objectContaining({ callId: second, processId: 'investigation' }),
    ]);
    s.send({ type: 'completeCall', callId: second });
    expect(s.active).toEqual(['Call_Mediation']);
  });

  it('terminating the call activity (boundary timer) while it has an incident resolves that incident', () => {
    const s = new Scenario(def).start(START);
    s.send({ type: 'terminateCall', callId: callOf(s, 'Call_Investigate').id });
    const incident = s.incidents[0]!;
    s.fireTimer('Timer_Overdue');
    expect(s.incidents).toEqual([]);
    expect(s.eventsOf('incidentResolved')).toEqual([
      expect.objectContaining({ el: 'Call_Investigate', data: { incidentId: incident.id, terminated: true } }),
    ]);
    expect(s.active).toEqual(['Task_Overdue']);
    s.completeTask('Task_Overdue');
    expect(s.status).toBe('completed');
  });
});

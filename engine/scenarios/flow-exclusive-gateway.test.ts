import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandRejected } from '../commands.js';
import { compileOrThrow, Scenario } from '../testing/scenario.js';

const FILE = 'flow-exclusive-gateway.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const routing = processes['flow-exclusive']!;
const merging = processes['flow-exclusive-merge']!;

/** Starts the routing process and scores the appeal. */
function scored(score: unknown): Scenario {
  return new Scenario(routing).start({ caseId: 'A-1' }).completeTask('Task_Intake', { score });
}

describe('exclusive gateway: choosing a flow', () => {
  it('takes the first flow in document order whose condition is true', () => {
    // 90 satisfies both `score >= 80` and `score >= 50`; the first one wins.
    const s = scored(90);
    expect(s.active).toEqual(['Task_Urgent']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual(['Flow_ToIntake', 'Flow_ToRoute', 'Flow_Urgent']);
  });

  it('takes a later flow when the earlier conditions are false', () => {
    const s = scored(60);
    expect(s.active).toEqual(['Task_High']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).not.toContain('Flow_Urgent');
  });

  it('takes the default flow when no condition is true', () => {
    const s = scored(10);
    expect(s.active).toEqual(['Task_Normal']);
    expect(s.eventsOf('flowTaken').at(-1)!.el).toBe('Flow_Normal');
  });

  it('raises an incident when a condition is not a boolean, then continues once the data is fixed', () => {
    // `null >= 80` is null in FEEL: neither true nor false, so the gateway cannot decide.
    const s = scored(null);
    expect(s.active).toEqual(['Gateway_Route']);
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]).toMatchObject({ code: 'FEEL_ERROR', el: 'Gateway_Route' });
    expect(s.incidents[0]!.message).toContain('Flow_Urgent');
    expect(Object.keys(s.state!.waits)).toEqual([]);

    s.send({ type: 'setVariables', variables: { score: 85 } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.incidents).toEqual([]);
    expect(s.active).toEqual(['Task_Urgent']);
    expect(s.eventsOf('incidentResolved')).toHaveLength(1);
  });
});

describe('exclusive gateway without a default flow', () => {
  const checked = (vars: Record<string, unknown>) =>
    scored(10).completeTask('Task_Normal').completeTask('Task_Check', vars);

  it('ends the case when the check approves it', () => {
    const s = checked({ escalate: false, decision: 'approve' });
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual([
      'StartEvent_1',
      'Task_Intake',
      'Gateway_Route',
      'Task_Normal',
      'Gateway_Merge',
      'Task_Check',
      'Gateway_Decide',
      'End_Closed',
    ]);
  });

  it('raises NO_FLOW_TAKEN naming the gateway; setVariables + resolveIncident continues from the gateway', () => {
    const s = checked({ escalate: false, decision: 'unsure' });
    expect(s.status).toBe('active');
    expect(s.active).toEqual(['Gateway_Decide']);
    const [incident] = s.incidents;
    expect(incident).toMatchObject({ code: 'NO_FLOW_TAKEN', el: 'Gateway_Decide' });
    expect(incident!.message).toContain('<Gateway_Decide>');
    expect(s.eventsOf('incidentRaised')).toEqual([
      expect.objectContaining({ el: 'Gateway_Decide', data: expect.objectContaining({ code: 'NO_FLOW_TAKEN' }) }),
    ]);

    // Resolving without fixing the data evaluates again and raises a fresh incident.
    s.send({ type: 'resolveIncident', incidentId: incident!.id });
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]!.id).not.toBe(incident!.id);
    expect(s.incidents[0]!.code).toBe('NO_FLOW_TAKEN');

    s.send({ type: 'setVariables', variables: { decision: 'approve' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.status).toBe('completed');
    expect(s.incidents).toEqual([]);
    expect(s.completed.slice(-2)).toEqual(['Gateway_Decide', 'End_Closed']);
  });

  it('raises an incident when a condition evaluates to a non-boolean value', () => {
    const s = checked({ escalate: 'yes', decision: 'approve' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_Decide' })]);
    expect(s.incidents[0]!.message).toContain('"yes"');
    expect(s.incidents[0]!.message).toContain('expected true or false');
    s.send({ type: 'setVariables', variables: { escalate: true } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.active).toEqual(['Task_Escalate']);
  });

  it('rejects resolving an incident that does not exist, leaving the state untouched', () => {
    const s = checked({ escalate: false, decision: 'unsure' });
    const before = JSON.stringify(s.state);
    expect(() => s.send({ type: 'resolveIncident', incidentId: 999 })).toThrow(CommandRejected);
    expect(JSON.stringify(s.state)).toBe(before);
  });
});

describe('exclusive gateway as a merge', () => {
  it('lets every arriving token through: rework loops back through the merge', () => {
    const s = scored(60).completeTask('Task_High').completeTask('Task_Check', { escalate: false, decision: 'rework' });
    expect(s.active).toEqual(['Task_Check']);
    s.completeTask('Task_Check', { escalate: false, decision: 'approve' });
    expect(s.status).toBe('completed');
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual([
      'Flow_ToIntake',
      'Flow_ToRoute',
      'Flow_High',
      'Flow_HighDone',
      'Flow_ToCheck',
      'Flow_ToDecide',
      'Flow_Rework',
      'Flow_ToCheck',
      'Flow_ToDecide',
      'Flow_Approve',
    ]);
    expect(s.eventsOf('taskCompleted').map((e) => e.el)).toEqual([
      'Task_Intake',
      'Task_High',
      'Task_Check',
      'Task_Check',
    ]);
  });

  it('passes each of two concurrent tokens on, without joining them', () => {
    const s = new Scenario(merging).start();
    expect(s.active).toEqual(['Task_OpinionA', 'Task_OpinionB']);
    s.completeTask('Task_OpinionB', { opinion: '同意' });
    expect(s.active).toEqual(['Task_OpinionA', 'Task_Record']);
    s.completeTask('Task_OpinionA');
    expect(s.active).toEqual(['Task_Record', 'Task_Record']);
    expect(s.eventsOf('taskCreated').filter((e) => e.el === 'Task_Record')).toHaveLength(2);
    s.completeTask('Task_Record').completeTask('Task_Record');
    expect(s.status).toBe('completed');
    expect(s.completed.filter((el) => el === 'Gateway_XMerge')).toHaveLength(2);
    expect(s.completed.filter((el) => el === 'End_Recorded')).toHaveLength(2);
    expect(s.completed.at(-1)).toBe('End_Recorded');
  });
});

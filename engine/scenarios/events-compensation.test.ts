import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-compensation.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const revocation = processes['permit-revocation']!;
const filing = processes['filing-undo']!;

const problemsOf = async (xml: string) => {
  const r = await compile([{ name: FILE, content: xml }]);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
};

/** Runs the revocation process up to its review, with the fee collected and the slot reserved. */
const reviewed = () =>
  new Scenario(revocation).start().completeJob('Task_Fee').completeJob('Task_Reserve').completeTask('Task_Review', {
    revoked: true,
  });

describe('compensation events', () => {
  it('a throw event runs the handlers of every completed activity, newest first, and waits for them', () => {
    const s = reviewed();
    // The slot was reserved (inside the completed subprocess) after the fee was collected: it is undone first.
    expect(s.active).toEqual(['Throw_Revoke', 'Undo_Reserve']);
    expect(s.wait('Undo_Reserve', 'job')).toBeDefined();
    s.completeJob('Undo_Reserve');
    expect(s.active).toEqual(['Throw_Revoke', 'Undo_Fee']);
    s.completeJob('Undo_Fee');
    expect(s.completed.slice(-4)).toEqual(['Undo_Reserve', 'Undo_Fee', 'Throw_Revoke', 'End_Revoked']);
    expect(s.status).toBe('completed');
    expect(s.eventsOf('compensationThrown')).toEqual([
      expect.objectContaining({ el: 'Throw_Revoke', data: { handlers: 2 } }),
    ]);
  });

  it('runs no handler when nothing is compensated, and none for an activity that has not completed', () => {
    const kept = new Scenario(revocation).start().completeJob('Task_Fee').completeJob('Task_Reserve');
    kept.completeTask('Task_Review', { revoked: false });
    expect(kept.status).toBe('completed');
    expect(kept.completed).not.toContain('Undo_Fee');
    // The handler's boundary event opens no wait while its activity runs.
    const running = new Scenario(revocation).start();
    expect(running.describeWaits()).toBe('job@Task_Fee');
  });

  it('compensation inside a subprocess undoes only what completed in it; activityRef undoes one activity', () => {
    const s = new Scenario(filing).start().completeJob('Task_Top').completeJob('Task_Other');
    s.completeJob('Task_A').completeJob('Task_B', { failed: true });
    // The end event in the subprocess compensates B, then A — not the process-level activities.
    expect(s.active).toEqual(['End_InnerUndo', 'SubProcess_Inner', 'Undo_B']);
    s.completeJob('Undo_B').completeJob('Undo_A');
    // The subprocess completed; the throw event names Task_Top only (a user task handler).
    expect(s.active).toEqual(['Throw_UndoTop', 'Undo_Top']);
    s.completeTask('Undo_Top');
    expect(s.variables.fileState).toBe('withdrawn');
    expect(s.status).toBe('completed');
    expect(s.completed).not.toContain('Undo_Other');
    expect(s.completed.filter((el) => el.startsWith('Undo_'))).toEqual(['Undo_B', 'Undo_A', 'Undo_Top']);
  });

  it('a completed subprocess hands its records up; activityRef takes only its activity, the rest stay', () => {
    const s = new Scenario(filing).start().completeJob('Task_Top').completeJob('Task_Other');
    s.completeJob('Task_A').completeJob('Task_B', { failed: false });
    // The subprocess completed normally: its records moved up, but the throw names Task_Top only.
    expect(s.active).toEqual(['Throw_UndoTop', 'Undo_Top']);
    s.completeTask('Undo_Top');
    expect(s.status).toBe('completed');
    expect(s.state!.compensable?.map((r) => r.el)).toEqual(['Task_Other', 'Task_A', 'Task_B']);
  });

  it('an activity that is terminated is not compensated (its subprocess ended without completing)', () => {
    const s = new Scenario(filing).start().completeJob('Task_Top').completeJob('Task_Other').completeJob('Task_A');
    s.send({ type: 'moveTokens', cancel: ['SubProcess_Inner'], activate: ['Throw_UndoTop'] });
    // Task_A completed inside the subprocess, which was terminated: it is forgotten; the throw took Task_Top.
    expect(s.state!.compensable?.map((r) => r.el)).toEqual(['Task_Other']);
    expect(s.active).toEqual(['Throw_UndoTop', 'Undo_Top']);
  });

  it('a multi-instance activity is compensated once per completed instance', async () => {
    const xml = XML.replace(
      '<zeebe:taskDefinition type="collect-fee" />\n      </bpmn:extensionElements>',
      '<zeebe:taskDefinition type="collect-fee" />\n      </bpmn:extensionElements>\n      <bpmn:multiInstanceLoopCharacteristics>\n        <bpmn:extensionElements>\n          <zeebe:loopCharacteristics inputCollection="=fees" inputElement="fee" />\n        </bpmn:extensionElements>\n      </bpmn:multiInstanceLoopCharacteristics>',
    );
    expect(xml).not.toBe(XML);
    const { processes: p } = await compileOrThrow([{ name: FILE, content: xml }]);
    const s = new Scenario(p['permit-revocation']!).start({ fees: [10, 20] });
    for (const w of Object.values(s.state!.waits).filter((w) => w.el === 'Task_Fee'))
      s.send({ type: 'completeJob', jobId: w.id });
    s.completeJob('Task_Reserve').completeTask('Task_Review', { revoked: true });
    s.completeJob('Undo_Reserve').completeJob('Undo_Fee').completeJob('Undo_Fee');
    expect(s.status).toBe('completed');
    expect(s.completed.filter((el) => el.startsWith('Undo_'))).toEqual(['Undo_Reserve', 'Undo_Fee', 'Undo_Fee']);
  });

  it('refuses a compensation boundary event without a handler, and a handler with flows', async () => {
    const noAssociation = XML.replace(
      '<bpmn:association id="Association_Fee" associationDirection="One" sourceRef="Boundary_Fee" targetRef="Undo_Fee" />',
      '',
    ).replace(/<bpmndi:BPMNEdge id="Association_Fee_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '');
    expect(await problemsOf(noAssociation)).toEqual([
      'EVENT_INVALID <Boundary_Fee> compensation boundary event has no compensation handler; draw an association to an activity marked for compensation',
      'EVENT_INVALID <Undo_Fee> compensation handler is associated with no compensation boundary event',
    ]);
    const unmarked = XML.replace(
      '<bpmn:serviceTask id="Undo_Fee" name="退还费用" isForCompensation="true">',
      '<bpmn:serviceTask id="Undo_Fee" name="退还费用">',
    );
    expect(await problemsOf(unmarked)).toEqual([
      'EVENT_INVALID <Boundary_Fee> compensation handler <Undo_Fee> is not marked for compensation',
      'UNREACHABLE <Undo_Fee> serviceTask has no incoming sequence flow, so it can never run',
    ]);
  });
});

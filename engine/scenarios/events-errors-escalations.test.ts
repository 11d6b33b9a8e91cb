import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-errors-escalations.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = (id: string) => processes[id]!;
const NOW = '2026-03-02T01:00:00.000Z';

function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

describe('error end event caught by an error boundary on the enclosing subprocess', () => {
  it('a valid verdict leaves the subprocess normally and cancels its reminder timer', () => {
    const s = new Scenario(def('error-boundary-subprocess')).start();
    expect(s.effects).toContainEqual({
      type: 'scheduleTimer',
      timerId: s.wait('Boundary_VerifyReminder').id,
      elementId: 'Boundary_VerifyReminder',
      dueAt: '2026-03-03T01:00:00.000Z',
    });
    const reminder = s.wait('Boundary_VerifyReminder').id;
    s.completeTask('Task_Check', { verdict: 'valid' });
    const effects = step(s, (x) => x.completeTask('Task_Record'));
    expect(effects).toEqual([
      { type: 'cancelTimer', timerId: reminder },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Handle' }),
    ]);
    expect(s.eventsOf('errorThrown')).toEqual([]);
    expect(s.active).toEqual(['Task_Handle']);
  });

  it('the exact error code is caught by its boundary, not by the catch-all drawn before it', () => {
    const s = new Scenario(def('error-boundary-subprocess')).start();
    const record = s.wait('Task_Record').id;
    const reminder = s.wait('Boundary_VerifyReminder').id;
    const effects = step(s, (x) => x.completeTask('Task_Check', { verdict: 'invalid' }));
    expect(s.eventsOf('errorThrown')).toEqual([
      { type: 'errorThrown', at: NOW, el: 'End_ErrInvalid', data: { code: 'INVALID_APPEAL', caught: true } },
    ]);
    expect(s.eventsOf('errorCaught')).toEqual([
      { type: 'errorCaught', at: NOW, el: 'Boundary_InvalidError', data: { code: 'INVALID_APPEAL' } },
    ]);
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['End_ErrInvalid', 'SubProcess_Verify', 'Task_Record']);
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: record },
        { type: 'cancelTimer', timerId: reminder },
        expect.objectContaining({ type: 'createTask', elementId: 'Task_Reject' }),
      ]),
    );
    expect(effects).toHaveLength(3);
    expect(s.active).toEqual(['Task_Reject']);
    expect(Object.keys(s.state!.scopes)).toHaveLength(1);
    s.completeTask('Task_Reject');
    expect(s.status).toBe('completed');
    expect(s.completed).not.toContain('SubProcess_Verify');
    expect(s.completed.slice(-3)).toEqual(['Boundary_InvalidError', 'Task_Reject', 'End_Rejected']);
  });

  it('any other error code falls to the catch-all boundary', () => {
    const s = new Scenario(def('error-boundary-subprocess')).start();
    s.completeTask('Task_Check', { verdict: 'duplicate' });
    expect(s.eventsOf('errorThrown')[0]!.data).toEqual({ code: 'DUPLICATE', caught: true });
    expect(s.eventsOf('errorCaught').map((e) => e.el)).toEqual(['Boundary_AnyError']);
    expect(s.active).toEqual(['Task_Generic']);
  });
});

describe('error end event caught by an error event subprocess', () => {
  it('an interrupting error start terminates the rest of the process; the instance completes when the event subprocess ends', () => {
    const s = new Scenario(def('error-event-subprocess')).start();
    const notes = s.wait('Task_Notes').id;
    const effects = step(s, (x) => x.completeTask('Task_Subsidy', { paid: false }));
    expect(s.eventsOf('errorCaught')).toEqual([
      { type: 'errorCaught', at: NOW, el: 'Start_PaymentFailed', data: { code: 'PAYMENT_FAILED' } },
    ]);
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: notes },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Reissue' }),
    ]);
    expect(s.active).toEqual(['EventSub_PaymentFailed', 'Task_Reissue']);
    expect(s.variables).toEqual({ paid: false });
    s.completeTask('Task_Reissue', { reissued: true });
    expect(s.status).toBe('completed');
    expect(s.completed.slice(-4)).toEqual([
      'Start_PaymentFailed',
      'Task_Reissue',
      'End_Reissued',
      'EventSub_PaymentFailed',
    ]);
    expect(s.variables).toEqual({ paid: false, reissued: true });
  });

  it('a code without its own event subprocess is caught by the catch-all one', () => {
    const s = new Scenario(def('error-event-subprocess')).start();
    s.completeTask('Task_Subsidy', {});
    expect(s.eventsOf('errorThrown')[0]).toMatchObject({
      el: 'End_ErrUnknown',
      data: { code: 'PAYMENT_UNKNOWN', caught: true },
    });
    expect(s.eventsOf('errorCaught').map((e) => e.el)).toEqual(['Start_AnyError']);
    expect(s.active).toEqual(['EventSub_AnyError', 'Task_Investigate']);
  });

  it('no error is thrown when the subsidy is paid', () => {
    const s = new Scenario(def('error-event-subprocess'))
      .start()
      .completeTask('Task_Subsidy', { paid: true })
      .completeTask('Task_Notes');
    expect(s.status).toBe('completed');
    expect(s.eventsOf('errorThrown')).toEqual([]);
  });
});

describe('an uncaught error', () => {
  it('becomes an UNHANDLED_ERROR incident; a boundary with another code or of another kind does not catch it', () => {
    const s = new Scenario(def('error-uncaught')).start();
    expect(s.eventsOf('errorThrown')).toEqual([
      { type: 'errorThrown', at: NOW, el: 'End_ErrNotCaught', data: { code: 'SYSTEM_DOWN', caught: false } },
    ]);
    expect(s.eventsOf('errorCaught')).toEqual([]);
    expect(s.eventsOf('escalationCaught')).toEqual([]);
    expect(s.status).toBe('active');
    expect(s.incidents).toEqual([
      {
        id: expect.any(Number),
        code: 'UNHANDLED_ERROR',
        el: 'End_ErrNotCaught',
        token: expect.any(Number),
        message: 'error "SYSTEM_DOWN" was thrown and nothing catches it',
        at: NOW,
      },
    ]);
    const token = s.state!.tokens[s.incidents[0]!.token]!;
    expect(token).toMatchObject({ el: 'End_ErrNotCaught', phase: 'incident' });
    expect(s.active).toEqual(['End_ErrNotCaught', 'SubProcess_Outer']);
  });
});

describe('escalation', () => {
  it('an escalation end event caught by an interrupting boundary terminates the subprocess', () => {
    const s = new Scenario(def('escalation-interrupting')).start();
    const ledger = s.wait('Task_Ledger').id;
    const effects = step(s, (x) => x.completeTask('Task_Assess', { transfer: true }));
    expect(s.eventsOf('escalationThrown')).toEqual([
      { type: 'escalationThrown', at: NOW, el: 'End_EscTransfer', data: { code: 'TRANSFER', caught: true } },
    ]);
    expect(s.eventsOf('escalationCaught')).toEqual([
      { type: 'escalationCaught', at: NOW, el: 'Boundary_Transfer', data: { code: 'TRANSFER' } },
    ]);
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: ledger },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Transfer' }),
    ]);
    expect(s.active).toEqual(['Task_Transfer']);
    s.completeTask('Task_Transfer');
    expect(s.status).toBe('completed');
    expect(s.completed).not.toContain('Task_Close');
  });

  it('without escalation the subprocess completes normally', () => {
    const s = new Scenario(def('escalation-interrupting'))
      .start()
      .completeTask('Task_Assess', { transfer: false })
      .completeTask('Task_Ledger');
    expect(s.active).toEqual(['Task_Close']);
    expect(s.eventsOf('escalationThrown')).toEqual([]);
  });

  it('non-interrupting boundaries let the subprocess run on: an intermediate throw continues, an escalation end ends its own path', () => {
    const s = new Scenario(def('escalation-non-interrupting')).start();
    s.completeTask('Task_Work');
    expect(s.eventsOf('escalationCaught')).toEqual([
      { type: 'escalationCaught', at: NOW, el: 'Boundary_Supervise', data: { code: 'SUPERVISE' } },
    ]);
    expect(s.completed).toContain('Throw_Supervise');
    expect(s.active).toEqual(['SubProcess_Work', 'Task_Finish', 'Task_Report', 'Task_Supervise']);

    const effects = step(s, (x) => x.completeTask('Task_Report'));
    expect(s.eventsOf('escalationCaught').map((e) => e.el)).toEqual(['Boundary_Supervise', 'Boundary_Notify']);
    expect(effects.map((e) => e.type)).toEqual(['createTask']);
    expect(s.completed).toContain('End_EscNotify');
    expect(s.active).toEqual(['SubProcess_Work', 'Task_Finish', 'Task_Notify', 'Task_Supervise']);

    s.completeTask('Task_Finish');
    expect(s.active).toEqual(['Task_Archive', 'Task_Notify', 'Task_Supervise']);
    expect(s.completed).toContain('SubProcess_Work');
    expect(s.eventsOf('elementTerminated')).toEqual([]);
    s.completeTask('Task_Archive').completeTask('Task_Notify').completeTask('Task_Supervise');
    expect(s.status).toBe('completed');
  });

  it('an escalation nobody catches is no incident: the instance continues', () => {
    const s = new Scenario(def('escalation-uncaught')).start();
    expect(s.eventsOf('escalationThrown')).toEqual([
      { type: 'escalationThrown', at: NOW, el: 'Throw_Unheard', data: { code: 'NOTIFY', caught: false } },
    ]);
    expect(s.incidents).toEqual([]);
    expect(s.active).toEqual(['Task_Continue']);
    expect(s.completed).toEqual(['Start_S3', 'Throw_Unheard']);
  });
});

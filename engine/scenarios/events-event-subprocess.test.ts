import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-event-subprocess.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = (id: string) => processes[id]!;

function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

const waitIds = (s: Scenario) => Object.keys(s.state!.waits).map(Number);

describe('event subprocesses at process level', () => {
  it('opens the timer and message starts with the instance; error and escalation starts need no wait', () => {
    const s = new Scenario(def('esp-process-level')).start({ appealId: 'A-5' });
    expect(s.effects).toEqual([
      {
        type: 'openSubscription',
        subscriptionId: s.wait('Start_Withdraw').id,
        elementId: 'Start_Withdraw',
        messageName: 'appealWithdrawn',
        correlationKey: 'A-5',
      },
      {
        type: 'scheduleTimer',
        timerId: s.wait('Start_Remind').id,
        elementId: 'Start_Remind',
        dueAt: '2026-03-03T01:00:00.000Z',
      },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Handle' }),
    ]);
    expect(s.describeWaits()).toBe('message@Start_Withdraw, timer@Start_Remind, task@Task_Handle');
  });

  it('a non-interrupting timer start (R2/PT24H) runs alongside twice; the instance ends only when they are done', () => {
    const s = new Scenario(def('esp-process-level')).start({ appealId: 'A-5' });
    const first = step(s, (x) => x.fireTimer('Start_Remind'));
    expect(first).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Start_Remind').id,
        elementId: 'Start_Remind',
        dueAt: '2026-03-04T01:00:00.000Z',
      },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Remind' }),
    ]);
    expect(s.active).toEqual(['EventSub_Remind', 'Task_Handle', 'Task_Remind']);
    const second = step(s, (x) => x.fireTimer('Start_Remind'));
    expect(second).toEqual([expect.objectContaining({ type: 'createTask', elementId: 'Task_Remind' })]);
    expect(s.active).toEqual(['EventSub_Remind', 'EventSub_Remind', 'Task_Handle', 'Task_Remind', 'Task_Remind']);

    s.completeTask('Task_Handle').completeTask('Task_Reply');
    expect(s.completed).toContain('End_Replied');
    expect(s.status).toBe('active');
    expect(s.describeWaits()).toBe('message@Start_Withdraw, task@Task_Remind, task@Task_Remind');

    s.completeTask('Task_Remind');
    expect(s.status).toBe('active');
    const sub = s.wait('Start_Withdraw').id;
    const last = step(s, (x) => x.completeTask('Task_Remind'));
    expect(last).toEqual([{ type: 'closeSubscription', subscriptionId: sub }]);
    expect(s.status).toBe('completed');
    expect(s.completed.filter((el) => el === 'EventSub_Remind')).toHaveLength(2);
  });

  it('an interrupting message start terminates the main path and running non-interrupting event subprocesses', () => {
    const s = new Scenario(def('esp-process-level')).start({ appealId: 'A-5' });
    s.fireTimer('Start_Remind');
    const handle = s.wait('Task_Handle').id;
    const remindTask = s.wait('Task_Remind').id;
    const remindTimer = s.wait('Start_Remind').id;
    const effects = step(s, (x) => x.message('appealWithdrawn', 'A-5', { withdrawReason: '已自行解决' }));
    expect(effects).toHaveLength(4);
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: handle },
        { type: 'cancelTask', taskId: remindTask },
        { type: 'cancelTimer', timerId: remindTimer },
        expect.objectContaining({ type: 'createTask', elementId: 'Task_ConfirmWithdraw' }),
      ]),
    );
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['EventSub_Remind', 'Task_Handle', 'Task_Remind']);
    expect(s.active).toEqual(['EventSub_Withdraw', 'Task_ConfirmWithdraw']);
    expect(s.variables).toEqual({ appealId: 'A-5', withdrawReason: '已自行解决' });
    expect(waitIds(s)).toEqual([s.wait('Task_ConfirmWithdraw').id]);

    s.completeTask('Task_ConfirmWithdraw');
    expect(s.status).toBe('completed');
    expect(s.completed.slice(-4)).toEqual([
      'Start_Withdraw',
      'Task_ConfirmWithdraw',
      'End_Withdrawn',
      'EventSub_Withdraw',
    ]);
  });

  it('a non-interrupting escalation start runs alongside the path that threw', () => {
    const s = new Scenario(def('esp-process-level')).start({ appealId: 'A-5' });
    s.completeTask('Task_Handle', { needsSupervision: true });
    expect(s.eventsOf('escalationCaught')).toEqual([
      expect.objectContaining({ el: 'Start_Supervise', data: { code: 'SUPERVISE' } }),
    ]);
    expect(s.active).toEqual(['EventSub_Supervise', 'Task_Reply', 'Task_Supervise']);
    s.completeTask('Task_Reply');
    expect(s.status).toBe('active');
    s.completeTask('Task_Supervise');
    expect(s.status).toBe('completed');
  });

  it('an interrupting error start takes over the process; the instance completes when it ends', () => {
    const s = new Scenario(def('esp-process-level')).start({ appealId: 'A-5' });
    const sub = s.wait('Start_Withdraw').id;
    const timer = s.wait('Start_Remind').id;
    const effects = step(s, (x) => x.completeTask('Task_Handle', { fake: true }));
    expect(effects).toEqual([
      { type: 'closeSubscription', subscriptionId: sub },
      { type: 'cancelTimer', timerId: timer },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Archive' }),
    ]);
    expect(s.eventsOf('errorCaught')).toEqual([
      expect.objectContaining({ el: 'Start_Fake', data: { code: 'FAKE_APPEAL' } }),
    ]);
    expect(s.active).toEqual(['EventSub_Fake', 'Task_Archive']);
    expect(() => s.message('appealWithdrawn', 'A-5')).toThrow(
      expect.objectContaining({ code: 'MESSAGE_NOT_CORRELATED' }),
    );
    s.completeTask('Task_Archive');
    expect(s.status).toBe('completed');
    expect(s.eventsOf('instanceCompleted')).toHaveLength(1);
  });
});

describe('event subprocesses inside an embedded subprocess', () => {
  it('opens their starts when the subprocess is entered, in the subprocess scope', () => {
    const s = new Scenario(def('esp-in-subprocess')).start({ appealId: 'A-6' });
    const subScope =
      s.state!.tokens[Object.values(s.state!.tokens).find((t) => t.el === 'SubProcess_Handle')!.id]!.local;
    expect(s.wait('Start_S_Supplement').scope).toBe(subScope);
    expect(s.wait('Start_S_Timeout').scope).toBe(subScope);
    expect(s.effects.filter((e) => e.type === 'scheduleTimer')).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Start_S_Timeout').id,
        elementId: 'Start_S_Timeout',
        dueAt: '2026-03-04T01:00:00.000Z',
      },
    ]);
  });

  it('a non-interrupting message start can run twice; the subprocess completes only after them, then closes its starts', () => {
    const s = new Scenario(def('esp-in-subprocess')).start({ appealId: 'A-6' });
    s.message('supplementReceived', 'A-6', { n: 1 }).message('supplementReceived', 'A-6', { n: 2 });
    expect(s.active).toEqual([
      'EventSub_S_Supplement',
      'EventSub_S_Supplement',
      'SubProcess_Handle',
      'Task_Investigate',
      'Task_ReadSupplement',
      'Task_ReadSupplement',
    ]);
    s.completeTask('Task_Investigate', { fake: false });
    expect(s.active).toContain('SubProcess_Handle');
    s.completeTask('Task_ReadSupplement');
    const sub = s.wait('Start_S_Supplement').id;
    const timer = s.wait('Start_S_Timeout').id;
    const effects = step(s, (x) => x.completeTask('Task_ReadSupplement'));
    expect(effects).toEqual([
      { type: 'cancelTimer', timerId: timer },
      { type: 'closeSubscription', subscriptionId: sub },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_FollowUp' }),
    ]);
    expect(s.active).toEqual(['Task_FollowUp']);
    expect(s.completed.at(-1)).toBe('SubProcess_Handle');
  });

  it('an interrupting timer start ends the subprocess work; when it finishes the subprocess completes and the process goes on', () => {
    const s = new Scenario(def('esp-in-subprocess')).start({ appealId: 'A-6' });
    const investigate = s.wait('Task_Investigate').id;
    const sub = s.wait('Start_S_Supplement').id;
    const effects = step(s, (x) => x.fireTimer('Start_S_Timeout'));
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: investigate },
      { type: 'closeSubscription', subscriptionId: sub },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Escalated' }),
    ]);
    expect(s.active).toEqual(['EventSub_S_Timeout', 'SubProcess_Handle', 'Task_Escalated']);
    s.completeTask('Task_Escalated');
    expect(s.active).toEqual(['Task_FollowUp']);
    expect(s.completed.slice(-4)).toEqual([
      'Task_Escalated',
      'End_Escalated',
      'EventSub_S_Timeout',
      'SubProcess_Handle',
    ]);
    s.completeTask('Task_FollowUp');
    expect(s.status).toBe('completed');
  });

  it('an error inside the subprocess is caught by its own error event subprocess before the process-level one', () => {
    const s = new Scenario(def('esp-in-subprocess')).start({ appealId: 'A-6' });
    s.completeTask('Task_Investigate', { fake: true });
    expect(s.eventsOf('errorCaught').map((e) => e.el)).toEqual(['Start_S_Fake']);
    expect(s.active).toEqual(['EventSub_S_Fake', 'SubProcess_Handle', 'Task_SubArchive']);
    expect(s.describeWaits()).toBe('task@Task_SubArchive');
    s.completeTask('Task_SubArchive');
    expect(s.active).toEqual(['Task_FollowUp']);
    expect(s.completed).not.toContain('Start_Q_Fake');
  });
});

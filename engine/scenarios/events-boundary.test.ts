import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-boundary.bpmn';
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

const timersOf = (s: Scenario, el: string) =>
  Object.values(s.state!.waits).filter((w) => w.el === el && w.kind === 'timer');

describe('boundary timers', () => {
  it('arms every timer of the activity with its exact due instant', () => {
    const s = new Scenario(def('boundary-timers')).start();
    const task = s.wait('Task_Handle', 'task').id;
    expect(s.effects).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Urge').id,
        elementId: 'Timer_Urge',
        dueAt: '2026-03-05T01:00:00.000Z',
      },
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Deadline').id,
        elementId: 'Timer_Deadline',
        dueAt: '2026-03-10T01:00:00.000Z',
      },
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Remind').id,
        elementId: 'Timer_Remind',
        dueAt: '2026-03-02T02:00:00.000Z',
      },
      {
        type: 'createTask',
        taskId: task,
        elementId: 'Task_Handle',
        name: '部门办理',
        candidateGroups: ['dept-rs'],
        candidateUsers: [],
        priority: 50,
      },
    ]);
  });

  it('a cycle R3/PT1H re-arms itself and fires exactly three times, each an hour after the last', () => {
    const s = new Scenario(def('boundary-timers')).start();
    const dues: string[] = [];
    for (let i = 0; i < 3; i++) {
      const effects = step(s, (x) => x.fireTimer('Timer_Remind'));
      dues.push(...effects.filter((e) => e.type === 'scheduleTimer').map((e) => (e as { dueAt: string }).dueAt));
      expect(effects.every((e) => e.type === 'scheduleTimer')).toBe(true);
    }
    expect(dues).toEqual(['2026-03-02T03:00:00.000Z', '2026-03-02T04:00:00.000Z']);
    expect(s.eventsOf('timerFired').map((e) => e.at)).toEqual([
      '2026-03-02T02:00:00.000Z',
      '2026-03-02T03:00:00.000Z',
      '2026-03-02T04:00:00.000Z',
    ]);
    expect(s.completed.filter((el) => el === 'End_Reminded')).toHaveLength(3);
    expect(timersOf(s, 'Timer_Remind')).toEqual([]);
    expect(s.active).toEqual(['Task_Handle']);
    expect(() => s.fireTimer('Timer_Remind')).toThrow(/no open timer at <Timer_Remind>/);
  });

  it('a non-interrupting duration timer starts a parallel path and leaves the task and the other timers armed', () => {
    const s = new Scenario(def('boundary-timers')).start();
    const deadline = s.wait('Timer_Deadline').id;
    const effects = step(s, (x) => x.fireTimer('Timer_Urge'));
    expect(effects).toEqual([expect.objectContaining({ type: 'createTask', elementId: 'Task_Urge' })]);
    expect(s.active).toEqual(['Task_Handle', 'Task_Urge']);
    expect(s.wait('Timer_Deadline').id).toBe(deadline);
    expect(timersOf(s, 'Timer_Urge')).toEqual([]);
    expect(s.completed).toEqual(['Start_BT', 'Timer_Urge']);
  });

  it('completing the task cancels its remaining timers, and no cancel for the completed task', () => {
    const s = new Scenario(def('boundary-timers')).start();
    s.fireTimer('Timer_Remind');
    const task = s.wait('Task_Handle').id;
    const open = ['Timer_Urge', 'Timer_Deadline', 'Timer_Remind'].map((el) => s.wait(el).id);
    const effects = step(s, (x) => x.completeTask('Task_Handle'));
    expect(effects).toEqual(open.map((timerId) => ({ type: 'cancelTimer', timerId })));
    expect(effects).not.toContainEqual({ type: 'cancelTask', taskId: task });
    expect(s.status).toBe('completed');
  });

  it('an interrupting date timer cancels the task and the other timers, then takes its own path', () => {
    const s = new Scenario(def('boundary-timers')).start();
    s.fireTimer('Timer_Urge');
    const task = s.wait('Task_Handle').id;
    const remind = s.wait('Timer_Remind').id;
    const effects = step(s, (x) => x.fireTimer('Timer_Deadline'));
    expect(s.now).toBe('2026-03-10T01:00:00.000Z');
    expect(effects).toEqual([
      { type: 'cancelTimer', timerId: remind },
      { type: 'cancelTask', taskId: task },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Overdue' }),
    ]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Handle']);
    expect(s.active).toEqual(['Task_Overdue', 'Task_Urge']);
    expect(s.describeWaits()).toBe('task@Task_Urge, task@Task_Overdue');
  });

  it('an interrupting duration timer and a non-interrupting FEEL date timer', () => {
    const s = new Scenario(def('boundary-timeout')).start({ remindAt: '2026-03-02T09:10:00+08:00' });
    expect(s.effects.filter((e) => e.type === 'scheduleTimer')).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_SignTimeout').id,
        elementId: 'Timer_SignTimeout',
        dueAt: '2026-03-02T01:30:00.000Z',
      },
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_RemindAt').id,
        elementId: 'Timer_RemindAt',
        dueAt: '2026-03-02T01:10:00.000Z',
      },
    ]);
    s.fireTimer('Timer_RemindAt');
    expect(s.active).toEqual(['Task_Sign']);
    expect(s.completed).toEqual(['Start_TO', 'Timer_RemindAt', 'End_RemindedAt']);
    const sign = s.wait('Task_Sign').id;
    expect(step(s, (x) => x.fireTimer('Timer_SignTimeout'))).toEqual([
      { type: 'cancelTask', taskId: sign },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Reassign' }),
    ]);
    expect(s.active).toEqual(['Task_Reassign']);
  });
});

describe('boundary messages', () => {
  it('subscribes with the evaluated correlation key', () => {
    const s = new Scenario(def('boundary-messages')).start({ appealId: 'A-2026-0315' });
    expect(s.effects.filter((e) => e.type === 'openSubscription')).toEqual([
      {
        type: 'openSubscription',
        subscriptionId: s.wait('Msg_Withdraw').id,
        elementId: 'Msg_Withdraw',
        messageName: 'appealWithdrawn',
        correlationKey: 'A-2026-0315',
      },
      {
        type: 'openSubscription',
        subscriptionId: s.wait('Msg_Supplement').id,
        elementId: 'Msg_Supplement',
        messageName: 'supplementReceived',
        correlationKey: 'A-2026-0315',
      },
    ]);
  });

  it('a non-interrupting message boundary can fire twice; each brings its variables', () => {
    const s = new Scenario(def('boundary-messages')).start({ appealId: 'A-1' });
    const sub = s.wait('Msg_Supplement').id;
    s.message('supplementReceived', 'A-1', { attachment: 'photo-1.jpg' });
    s.message('supplementReceived', 'A-1', { attachment: 'photo-2.jpg' });
    expect(s.wait('Msg_Supplement').id).toBe(sub);
    expect(s.eventsOf('messageCorrelated')).toHaveLength(2);
    expect(s.active).toEqual(['Task_ReadSupplement', 'Task_ReadSupplement', 'Task_Review']);
    expect(s.variables).toEqual({ appealId: 'A-1', attachment: 'photo-2.jpg' });
    expect(s.effects.filter((e) => e.type === 'closeSubscription')).toEqual([]);
  });

  it('an interrupting message boundary cancels the task and closes the other subscription', () => {
    const s = new Scenario(def('boundary-messages')).start({ appealId: 'A-1' });
    s.message('supplementReceived', 'A-1', {});
    const review = s.wait('Task_Review').id;
    const supplement = s.wait('Msg_Supplement').id;
    expect(() => s.message('appealWithdrawn', 'A-2', {})).toThrow(
      expect.objectContaining({ code: 'MESSAGE_NOT_CORRELATED' }),
    );
    const effects = step(s, (x) => x.message('appealWithdrawn', 'A-1', { reason: '已协商解决' }));
    expect(effects).toEqual([
      { type: 'closeSubscription', subscriptionId: supplement },
      { type: 'cancelTask', taskId: review },
    ]);
    expect(s.active).toEqual(['Task_ReadSupplement']);
    expect(s.variables).toMatchObject({ reason: '已协商解决' });
    expect(s.completed).toEqual(['Start_BM', 'Msg_Supplement', 'Msg_Withdraw', 'End_Withdrawn']);
    s.completeTask('Task_ReadSupplement');
    expect(s.status).toBe('completed');
  });
});

describe('error boundary on a service task, fed by throwError', () => {
  it('catches the thrown code, terminates the task and carries the variables', () => {
    const s = new Scenario(def('boundary-error-job')).start();
    const job = s.wait('Task_Verify', 'job');
    expect(job.retries).toBe(2);
    const slow = s.wait('Timer_VerifySlow').id;
    const effects = step(s, (x) =>
      x.send({
        type: 'throwError',
        waitId: job.id,
        errorCode: 'IDENTITY_MISMATCH',
        errorMessage: '姓名与证件号不符',
        variables: { mismatch: 'name' },
      }),
    );
    expect(s.eventsOf('errorThrown')).toEqual([
      { type: 'errorThrown', at: NOW, el: 'Task_Verify', data: { code: 'IDENTITY_MISMATCH', caught: true } },
    ]);
    expect(s.eventsOf('errorCaught')).toEqual([
      { type: 'errorCaught', at: NOW, el: 'Boundary_Mismatch', data: { code: 'IDENTITY_MISMATCH' } },
    ]);
    // The job was ended by the worker's throwError: no cancelJob, only the timer is cancelled.
    expect(effects).toEqual([
      { type: 'cancelTimer', timerId: slow },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_ManualCheck' }),
    ]);
    expect(s.variables).toEqual({ mismatch: 'name' });
    expect(s.active).toEqual(['Task_ManualCheck']);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Verify']);
  });

  it('an error code no boundary catches becomes an UNHANDLED_ERROR incident at the task', () => {
    const s = new Scenario(def('boundary-error-job')).start();
    s.send({
      type: 'throwError',
      waitId: s.wait('Task_Verify', 'job').id,
      errorCode: 'SERVICE_DOWN',
      errorMessage: '接口超时',
    });
    expect(s.incidents).toEqual([
      expect.objectContaining({
        code: 'UNHANDLED_ERROR',
        el: 'Task_Verify',
        message: 'error "SERVICE_DOWN" was thrown and nothing catches it: 接口超时',
      }),
    ]);
    expect(s.eventsOf('errorThrown')[0]!.data).toEqual({ code: 'SERVICE_DOWN', caught: false });
    expect(s.active).toEqual(['Task_Verify']);
  });

  it('throwError names a job or call activity; a timer id is rejected', () => {
    const s = new Scenario(def('boundary-error-job')).start();
    expect(() =>
      s.send({ type: 'throwError', waitId: s.wait('Timer_VerifySlow').id, errorCode: 'IDENTITY_MISMATCH' }),
    ).toThrow(expect.objectContaining({ code: 'WAIT_NOT_FOUND' }));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandRejected, run, type Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-start-end.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = (id: string) => processes[id]!;
const NOW = '2026-03-02T01:00:00.000Z';

/** The effects one step produced. */
function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

describe('start events', () => {
  it('a none start event starts the instance without naming it', () => {
    const s = new Scenario(def('appeal-intake')).start({ appealId: 'A-1' });
    expect(s.eventsOf('instanceStarted')).toEqual([{ type: 'instanceStarted', at: NOW, el: 'Start_Walkin' }]);
    expect(s.completed).toEqual(['Start_Walkin']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual(['Flow_Walkin']);
    expect(s.active).toEqual(['Task_Register']);
    expect(s.variables).toEqual({ appealId: 'A-1' });
  });

  it('a message start event starts the instance when named, with the message variables', () => {
    const s = new Scenario(def('appeal-intake')).start({ appealId: 'H-12345', channel: 'hotline' }, 'Start_Hotline');
    expect(s.eventsOf('instanceStarted')[0]!.el).toBe('Start_Hotline');
    expect(s.completed).toEqual(['Start_Hotline']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual(['Flow_Hotline']);
    expect(s.active).toEqual(['Task_Register']);
    expect(s.variables).toEqual({ appealId: 'H-12345', channel: 'hotline' });
    s.completeTask('Task_Register');
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual(['Start_Hotline', 'Task_Register', 'End_Registered']);
  });

  it('a timer start event is scheduled by the runtime; the engine starts from it when told and opens no timer', () => {
    const s = new Scenario(def('appeal-intake')).start({}, 'Start_Daily');
    expect(s.eventsOf('instanceStarted')[0]!.el).toBe('Start_Daily');
    expect(s.completed).toEqual(['Start_Daily']);
    expect(s.effects.map((e) => e.type)).toEqual(['createTask']);
  });

  it('without a none start event the start event must be named', () => {
    expect(() => run(def('hotline-only'), null, { type: 'startInstance' }, { now: NOW })).toThrow(
      expect.objectContaining({ name: 'CommandRejected', code: 'START_EVENT_INVALID' }),
    );
    const s = new Scenario(def('hotline-only')).start({}, 'Start_OnlyTimer');
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual(['Start_OnlyTimer', 'End_Only']);
  });

  it('naming an element that is not a start event of the process is rejected', () => {
    for (const startEventId of ['Task_Register', 'Start_OnlyHotline', 'Nope']) {
      try {
        run(def('appeal-intake'), null, { type: 'startInstance', startEventId }, { now: NOW });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(CommandRejected);
        expect((err as CommandRejected).code).toBe('START_EVENT_INVALID');
      }
    }
  });
});

describe('end events', () => {
  it('a none end event completes the instance when it consumes the last token', () => {
    const s = new Scenario(def('appeal-intake')).start();
    const effects = step(s, (x) => x.completeTask('Task_Register'));
    expect(s.status).toBe('completed');
    expect(s.eventsOf('instanceCompleted')).toHaveLength(1);
    expect(s.history.at(-1)!.type).toBe('instanceCompleted');
    // The completed task is done outside already: no cancel effect for it.
    expect(effects).toEqual([]);
  });

  it('a terminate end event inside a subprocess ends only that subprocess', () => {
    const s = new Scenario(def('terminate-in-subprocess')).start();
    expect(s.active).toEqual(['SubProcess_Verify', 'Task_Outer', 'Task_Phone', 'Task_Visit']);
    const visitTask = s.wait('Task_Visit').id;
    const effects = step(s, (x) => x.completeTask('Task_Phone'));
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: visitTask },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Reply' }),
    ]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Visit']);
    expect(s.completed).toEqual([
      'Start_T1',
      'Gateway_T1_Fork',
      'Start_Verify',
      'Gateway_V_Fork',
      'Task_Phone',
      'End_VerifyTerminate',
      'SubProcess_Verify',
    ]);
    expect(s.status).toBe('active');
    expect(s.active).toEqual(['Task_Outer', 'Task_Reply']);
    s.completeTask('Task_Reply').completeTask('Task_Outer');
    expect(s.status).toBe('completed');
    expect(s.eventsOf('instanceTerminated')).toEqual([]);
  });

  it('a terminate end event at process level ends the instance and cancels every parallel branch through effects', () => {
    const s = new Scenario(def('terminate-process')).start({ appealId: 'A-9' });
    expect(s.active).toEqual(['Task_Handle', 'Task_SyncHotline', 'Task_Withdraw', 'Timer_Cooling']);
    const handle = s.wait('Task_Handle', 'task').id;
    const urge = s.wait('Timer_HandleUrge', 'timer').id;
    const job = s.wait('Task_SyncHotline', 'job').id;
    const cooling = s.wait('Timer_Cooling', 'timer').id;
    const supplement = s.wait('Start_SupplementMsg', 'message').id;
    const withdraw = s.wait('Task_Withdraw', 'task').id;

    const effects = step(s, (x) => x.completeTask('Task_Withdraw'));
    expect(s.status).toBe('completed');
    expect(s.active).toEqual([]);
    expect(s.state!.waits).toEqual({});
    expect(effects).toHaveLength(5);
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: handle },
        { type: 'cancelTimer', timerId: urge },
        { type: 'cancelJob', jobId: job },
        { type: 'cancelTimer', timerId: cooling },
        { type: 'closeSubscription', subscriptionId: supplement },
      ]),
    );
    expect(effects).not.toContainEqual({ type: 'cancelTask', taskId: withdraw });
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['Task_Handle', 'Task_SyncHotline', 'Timer_Cooling']);
    expect(s.completed.slice(-2)).toEqual(['Task_Withdraw', 'End_Terminate']);
    expect(s.eventsOf('instanceCompleted')).toHaveLength(1);
  });

  it('a message end event with a task definition creates a job; one without publishes the message', () => {
    const s = new Scenario(def('message-end')).start({ appealId: 'A-2026-0042', result: '已办结' });
    const job = s.wait('End_NotifySms', 'job').id;
    expect(s.effects).toEqual([
      {
        type: 'createJob',
        jobId: job,
        elementId: 'End_NotifySms',
        jobType: 'sms-notify',
        retries: 5,
        headers: { template: 'appeal-closed' },
      },
      {
        type: 'publishMessage',
        elementId: 'End_PublishClosed',
        messageName: 'appealClosed',
        correlationKey: 'A-2026-0042',
        variables: { appealId: 'A-2026-0042', result: '已办结' },
      },
    ]);
    expect(s.eventsOf('messagePublished')).toEqual([
      {
        type: 'messagePublished',
        at: NOW,
        el: 'End_PublishClosed',
        data: { name: 'appealClosed', correlationKey: 'A-2026-0042' },
      },
    ]);
    // The publishing end event is done; the job end event waits for its worker.
    expect(s.active).toEqual(['End_NotifySms']);
    expect(s.status).toBe('active');
    s.completeJob('End_NotifySms', { smsSent: true });
    expect(s.status).toBe('completed');
    expect(s.variables).toMatchObject({ smsSent: true });
    expect(s.completed).toEqual(['Start_M', 'Gateway_M_Fork', 'End_PublishClosed', 'End_NotifySms']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandRejected, run, type Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-intermediate.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = (id: string) => processes[id]!;

function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

describe('intermediate catch and throw events', () => {
  it('waits on duration, date and FEEL timers in turn, each due from the moment it was reached', () => {
    const s = new Scenario(def('intermediate-chain')).start({ appealId: 1001, hours: 4 });
    expect(s.completed).toEqual(['Start_I', 'Throw_Received']);
    expect(s.effects).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Wait').id,
        elementId: 'Timer_Wait',
        dueAt: '2026-03-02T03:00:00.000Z',
      },
    ]);

    expect(step(s, (x) => x.fireTimer('Timer_Wait'))).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Until').id,
        elementId: 'Timer_Until',
        dueAt: '2026-03-03T01:00:00.000Z',
      },
    ]);
    expect(s.now).toBe('2026-03-02T03:00:00.000Z');
    // A fired timer is used up: the runtime already knows, so there is no cancel effect for it.
    expect(step(s, (x) => x.fireTimer('Timer_Until'))).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_OneDay').id,
        elementId: 'Timer_OneDay',
        dueAt: '2026-03-04T01:00:00.000Z',
      },
    ]);
    expect(step(s, (x) => x.fireTimer('Timer_OneDay'))).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Hours').id,
        elementId: 'Timer_Hours',
        dueAt: '2026-03-04T05:00:00.000Z',
      },
    ]);
    expect(s.eventsOf('timerFired').map((e) => [e.el, e.at])).toEqual([
      ['Timer_Wait', '2026-03-02T03:00:00.000Z'],
      ['Timer_Until', '2026-03-03T01:00:00.000Z'],
      ['Timer_OneDay', '2026-03-04T01:00:00.000Z'],
    ]);
    expect(s.active).toEqual(['Timer_Hours']);
    expect(Object.keys(s.state!.waits)).toHaveLength(1);
  });

  it('subscribes a message catch with the evaluated correlation key, then publishes, opens a job and escalates', () => {
    const s = new Scenario(def('intermediate-chain')).start({ appealId: 1001, hours: 4 });
    s.fireTimer('Timer_Wait').fireTimer('Timer_Until').fireTimer('Timer_OneDay');
    const opened = step(s, (x) => x.fireTimer('Timer_Hours'));
    expect(opened).toEqual([
      {
        type: 'openSubscription',
        subscriptionId: s.wait('Catch_Reply').id,
        elementId: 'Catch_Reply',
        messageName: 'citizenReply',
        correlationKey: '1001',
      },
    ]);

    expect(() => s.message('citizenReply', '1002', {})).toThrow(
      expect.objectContaining({ code: 'MESSAGE_NOT_CORRELATED' }),
    );
    expect(() => s.message('citizenReply', undefined, {})).toThrow(CommandRejected);

    const effects = step(s, (x) => x.message('citizenReply', '1001', { reply: '满意' }));
    expect(s.eventsOf('messageCorrelated')).toEqual([
      {
        type: 'messageCorrelated',
        at: '2026-03-04T05:00:00.000Z',
        el: 'Catch_Reply',
        data: { name: 'citizenReply', correlationKey: '1001' },
      },
    ]);
    const job = s.wait('Throw_Sms', 'job').id;
    expect(effects).toEqual([
      {
        type: 'publishMessage',
        elementId: 'Throw_Forward',
        messageName: 'replyForwarded',
        correlationKey: 'fw-1001',
        variables: { appealId: 1001, hours: 4, reply: '满意' },
      },
      { type: 'createJob', jobId: job, elementId: 'Throw_Sms', jobType: 'sms-notify', retries: 3, headers: {} },
    ]);
    expect(s.active).toEqual(['Throw_Sms']);

    const last = step(s, (x) => x.completeJob('Throw_Sms'));
    expect(last).toEqual([expect.objectContaining({ type: 'createTask', elementId: 'Task_Attention' })]);
    expect(s.eventsOf('escalationCaught')).toEqual([
      expect.objectContaining({ el: 'Start_Attention', data: { code: 'ATTENTION' } }),
    ]);
    expect(s.completed.slice(-6)).toEqual([
      'Catch_Reply',
      'Throw_Forward',
      'Throw_Sms',
      'Throw_Escalate',
      'Start_Attention',
      'End_I',
    ]);
    // The main path has ended; the non-interrupting event subprocess keeps the instance open.
    expect(s.active).toEqual(['EventSub_Attention', 'Task_Attention']);
    s.completeTask('Task_Attention');
    expect(s.status).toBe('completed');
  });

  it('a timer whose FEEL value is not a duration is an incident, resolved after fixing the variable', () => {
    const s = new Scenario(def('intermediate-chain')).start({ appealId: 'A-7' });
    s.fireTimer('Timer_Wait').fireTimer('Timer_Until').fireTimer('Timer_OneDay');
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Timer_Hours' })]);
    expect(s.incidents[0]!.message).toContain('<Timer_Hours>');
    expect(s.describeWaits()).toBe('none');
    s.send({ type: 'setVariables', variables: { hours: 2 } });
    const effects = step(s, (x) => x.send({ type: 'resolveIncident', incidentId: x.incidents[0]!.id }));
    expect(s.incidents).toEqual([]);
    expect(effects).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Hours').id,
        elementId: 'Timer_Hours',
        dueAt: '2026-03-04T03:00:00.000Z',
      },
    ]);
  });

  it('a correlation key that evaluates to null is an incident, not a subscription', () => {
    const s = new Scenario(def('intermediate-chain')).start({ hours: 1 });
    s.fireTimer('Timer_Wait').fireTimer('Timer_Until').fireTimer('Timer_OneDay').fireTimer('Timer_Hours');
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Catch_Reply' })]);
    expect(s.effects.filter((e) => e.type === 'openSubscription')).toEqual([]);
    s.send({ type: 'setVariables', variables: { appealId: 'A-8' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.effects.at(-1)).toMatchObject({
      type: 'openSubscription',
      elementId: 'Catch_Reply',
      correlationKey: 'A-8',
    });
  });

  it('a message throw without a task definition publishes with the evaluated key', () => {
    const s = new Scenario(def('publish-key')).start({ gridId: 'G-17' });
    expect(s.effects).toEqual([
      {
        type: 'publishMessage',
        elementId: 'Throw_Publish',
        messageName: 'gridTask',
        correlationKey: 'G-17',
        variables: { gridId: 'G-17' },
      },
    ]);
    expect(s.status).toBe('completed');
  });

  it('publishing with a correlation key that evaluates to null is an incident, never a message keyed "null"', () => {
    const s = new Scenario(def('publish-key')).start({});
    expect(s.effects).toEqual([]);
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Throw_Publish' })]);
    s.send({ type: 'setVariables', variables: { gridId: 'G-3' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.effects).toEqual([
      {
        type: 'publishMessage',
        elementId: 'Throw_Publish',
        messageName: 'gridTask',
        correlationKey: 'G-3',
        variables: { gridId: 'G-3' },
      },
    ]);
    expect(s.status).toBe('completed');
  });

  it('the input state is not modified by a run', () => {
    const s = new Scenario(def('intermediate-chain')).start({ appealId: 1, hours: 1 });
    const before = structuredClone(s.state!);
    run(
      def('intermediate-chain'),
      s.state,
      { type: 'fireTimer', timerId: s.wait('Timer_Wait').id },
      { now: '2026-03-02T03:00:00.000Z' },
    );
    expect(s.state).toEqual(before);
  });
});

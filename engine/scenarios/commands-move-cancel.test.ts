import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run, type Command, type Effect, type Env } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'commands-move-cancel.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = processes['appeal-handling']!;
const NOW = '2026-03-02T01:00:00.000Z';

function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

/** An appeal that reached the handling task inside the subprocess. */
function atHandling(): Scenario {
  return new Scenario(def).start({ appealId: 'A-1' }).completeTask('Task_Register').completeTask('Task_Review');
}

describe('moveTokens', () => {
  it('退回: returns a case from the handling task inside the subprocess to the earlier review task', () => {
    const s = atHandling();
    expect(s.active).toEqual(['SubProcess_Handle', 'Task_Handle', 'Task_Sync']);
    const ids = {
      handle: s.wait('Task_Handle').id,
      urge: s.wait('Timer_Urge').id,
      deadline: s.wait('Timer_Deadline').id,
      supplement: s.wait('Start_Supplement').id,
    };
    const effects = step(s, (x) =>
      x.send({
        type: 'moveTokens',
        cancel: ['Task_Handle'],
        activate: ['Task_Review'],
        variables: { returnReason: '分派部门有误' },
      }),
    );
    expect(effects).toHaveLength(5);
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: ids.handle },
        { type: 'cancelTimer', timerId: ids.urge },
        { type: 'cancelTimer', timerId: ids.deadline },
        { type: 'closeSubscription', subscriptionId: ids.supplement },
        expect.objectContaining({ type: 'createTask', elementId: 'Task_Review' }),
      ]),
    );
    expect(s.eventsOf('tokensMoved')).toEqual([
      { type: 'tokensMoved', at: NOW, data: { cancel: ['Task_Handle'], activate: ['Task_Review'] } },
    ]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Handle', 'SubProcess_Handle']);
    expect(s.active).toEqual(['Task_Review', 'Task_Sync']);
    expect(s.variables).toEqual({ appealId: 'A-1', returnReason: '分派部门有误' });
    expect(Object.values(s.state!.scopes)).toHaveLength(1);

    // The returned case runs the normal path again from the review task.
    s.completeTask('Task_Review');
    expect(s.active).toEqual(['SubProcess_Handle', 'Task_Handle', 'Task_Sync']);
    expect(s.completed.filter((el) => el === 'Task_Review')).toHaveLength(2);
  });

  it('jumps into a subprocess that is not active, creating its scope without running its start event', () => {
    const s = new Scenario(def).start({ appealId: 'A-1' }).completeTask('Task_Register');
    const review = s.wait('Task_Review').id;
    const effects = step(s, (x) => x.send({ type: 'moveTokens', cancel: ['Task_Review'], activate: ['Task_Sign'] }));
    expect(effects).toEqual([
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Deadline').id,
        elementId: 'Timer_Deadline',
        dueAt: '2026-03-07T01:00:00.000Z',
      },
      {
        type: 'openSubscription',
        subscriptionId: s.wait('Start_Supplement').id,
        elementId: 'Start_Supplement',
        messageName: 'supplementReceived',
        correlationKey: 'A-1',
      },
      { type: 'cancelTask', taskId: review },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Sign' }),
    ]);
    expect(s.active).toEqual(['SubProcess_Handle', 'Task_Sign', 'Task_Sync']);
    expect(
      s.history
        .filter((e) => e.type === 'elementActivated')
        .map((e) => e.el)
        .slice(-2),
    ).toEqual(['SubProcess_Handle', 'Task_Sign']);
    expect(s.completed).not.toContain('Start_H');
    expect(s.completed).not.toContain('Task_Handle');

    const deadline = s.wait('Timer_Deadline').id;
    const supplement = s.wait('Start_Supplement').id;
    const done = step(s, (x) => x.completeTask('Task_Sign'));
    expect(done).toEqual([
      { type: 'closeSubscription', subscriptionId: supplement },
      { type: 'cancelTimer', timerId: deadline },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_FollowUp' }),
    ]);
    expect(s.completed.slice(-3)).toEqual(['Task_Sign', 'End_H', 'SubProcess_Handle']);
    expect(s.active).toEqual(['Task_FollowUp', 'Task_Sync']);
  });

  it('a move inside a subprocess keeps the subprocess instance (activation is applied before termination)', () => {
    const s = atHandling().completeTask('Task_Handle');
    const sign = s.wait('Task_Sign').id;
    const deadline = s.wait('Timer_Deadline');
    const supplement = s.wait('Start_Supplement');
    const effects = step(s, (x) => x.send({ type: 'moveTokens', cancel: ['Task_Sign'], activate: ['Task_Handle'] }));
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: sign },
      {
        type: 'scheduleTimer',
        timerId: s.wait('Timer_Urge').id,
        elementId: 'Timer_Urge',
        dueAt: '2026-03-05T01:00:00.000Z',
      },
      expect.objectContaining({ type: 'createTask', elementId: 'Task_Handle' }),
    ]);
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Sign']);
    expect(s.wait('Timer_Deadline')).toEqual(deadline);
    expect(s.wait('Start_Supplement')).toEqual(supplement);
    expect(s.active).toEqual(['SubProcess_Handle', 'Task_Handle', 'Task_Sync']);
  });

  it('cancelling and activating the same task restarts it as a new task', () => {
    const s = new Scenario(def).start({ appealId: 'A-1' });
    const old = s.wait('Task_Register').id;
    const effects = step(s, (x) =>
      x.send({ type: 'moveTokens', cancel: ['Task_Register'], activate: ['Task_Register'] }),
    );
    const fresh = s.wait('Task_Register').id;
    expect(fresh).not.toBe(old);
    expect(effects).toEqual([
      { type: 'cancelTask', taskId: old },
      expect.objectContaining({ type: 'createTask', taskId: fresh, elementId: 'Task_Register' }),
    ]);
    expect(s.active).toEqual(['Task_Register', 'Task_Sync']);
  });
});

describe('cancelInstance', () => {
  it('cancels every task, job, timer and subscription through effects', () => {
    const s = atHandling();
    const job = s.wait('Task_Sync', 'job').id;
    s.fireTimer('Timer_Urge');
    const open = {
      handle: s.wait('Task_Handle').id,
      deadline: s.wait('Timer_Deadline').id,
      supplement: s.wait('Start_Supplement').id,
      withdraw: s.wait('Start_Withdraw').id,
    };
    const effects = step(s, (x) => x.send({ type: 'cancelInstance' }));
    expect(effects).toHaveLength(5);
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: open.handle },
        { type: 'cancelJob', jobId: job },
        { type: 'cancelTimer', timerId: open.deadline },
        { type: 'closeSubscription', subscriptionId: open.supplement },
        { type: 'closeSubscription', subscriptionId: open.withdraw },
      ]),
    );
    expect(s.status).toBe('terminated');
    expect(s.history.at(-1)).toEqual({ type: 'instanceTerminated', at: '2026-03-05T01:00:00.000Z' });
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['SubProcess_Handle', 'Task_Handle', 'Task_Sync']);
    expect(s.state!.tokens).toEqual({});
    expect(s.state!.waits).toEqual({});
    expect(s.eventsOf('instanceCompleted')).toEqual([]);
  });

  it('cancels a waiting intermediate timer too', () => {
    const s = new Scenario(def).start({ appealId: 'A-1' }).completeJob('Task_Sync');
    const archive = s.wait('Timer_Archive').id;
    const effects = step(s, (x) => x.send({ type: 'cancelInstance' }));
    expect(effects).toContainEqual({ type: 'cancelTimer', timerId: archive });
    expect(effects).toContainEqual({ type: 'cancelTask', taskId: expect.any(Number) });
    expect(s.status).toBe('terminated');
  });
});

describe('determinism', () => {
  const env: Env = { now: NOW };

  it('the same command from the same state and env gives byte-identical results', () => {
    const s = atHandling();
    const commands: Command[] = [
      { type: 'completeTask', taskId: s.wait('Task_Handle').id, variables: { result: '已解决', items: [1, 2] } },
      { type: 'fireTimer', timerId: s.wait('Timer_Urge').id },
      { type: 'correlateMessage', name: 'supplementReceived', correlationKey: 'A-1', variables: { file: 'a.pdf' } },
      { type: 'moveTokens', cancel: ['Task_Handle'], activate: ['Task_Review'], variables: { returnReason: 'x' } },
      { type: 'throwError', waitId: s.wait('Task_Sync', 'job').id, errorCode: 'NOPE' },
      { type: 'cancelInstance' },
    ];
    for (const command of commands) {
      const a = JSON.stringify(run(def, s.state, command, env));
      const b = JSON.stringify(run(def, structuredClone(s.state), command, env));
      const c = JSON.stringify(run(def, JSON.parse(JSON.stringify(s.state)), command, env));
      expect(b).toBe(a);
      expect(c).toBe(a);
    }
    const start = (): string =>
      JSON.stringify(run(def, null, { type: 'startInstance', variables: { appealId: 'A-1' } }, env));
    expect(start()).toBe(start());
  });

  it('replaying a whole case gives the same history, effects and state', () => {
    const play = () => {
      const s = atHandling();
      s.message('supplementReceived', 'A-1', { file: 'b.pdf' });
      s.send({ type: 'moveTokens', cancel: ['Task_Handle'], activate: ['Task_Review'] });
      s.completeTask('Task_Review')
        .completeTask('Task_Handle')
        .fireTimer('Timer_Deadline')
        .completeTask('Task_Sign')
        .completeTask('Task_FollowUp');
      s.completeJob('Task_Sync').fireTimer('Timer_Archive');
      return s;
    };
    const a = play();
    const b = play();
    expect(a.status).toBe('completed');
    expect(JSON.stringify([a.history, a.effects, a.state])).toBe(JSON.stringify([b.history, b.effects, b.state]));
  });
});

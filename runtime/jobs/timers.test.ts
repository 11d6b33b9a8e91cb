import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import * as b from '../testing/bpmn.js';
import { deploy, historyEvents, startCase, waitFor } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { acquireJobs } from './acquire.js';

const dialects = await testDialects();

/** Timers and start timers, driven by the controlled clock; the executor is run by hand (one batch per call). */
describe.each(dialects)('timers on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let clock: ControlledClock;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    clock = rt.deps.clock as ControlledClock;
    await deploy(rt, admin, 'city', {
      'wait-72h.bpmn': b.chainProcess('wait-72h', [b.start(), b.timerCatch('PT72H'), b.userTask('After')]),
      'two-timers.bpmn': b.chainProcess('two-timers', [b.start(), b.userTask('Work'), b.end()], {
        extra:
          b
            .boundaryTimer('Work', 'PT1H', 'Timer_A')
            .replace('<bpmn:boundaryEvent', '<bpmn:boundaryEvent cancelActivity="false"') +
          b
            .boundaryTimer('Work', 'PT1H', 'Timer_B')
            .replace('<bpmn:boundaryEvent', '<bpmn:boundaryEvent cancelActivity="false"'),
      }),
    });
  });
  afterAll(async () => rt?.stop());

  const knex = () => rt.deps.db.knex;
  const timerFired = async (id: string) =>
    (await historyEvents(knex(), { instanceIds: [id], types: ['timerFired'] })).length;
  /** Runs the executor until it finds nothing more to do. */
  const drain = async () => {
    let total = 0;
    for (let n = await rt.executor.runOnce(); n > 0; n = await rt.executor.runOnce()) total += n;
    return total;
  };

  it('fires a timer when it falls due, exactly once', async () => {
    await drain();
    const cases = await Promise.all(Array.from({ length: 5 }, () => startCase(rt, admin, 'wait-72h')));
    const ids = cases.map((c) => c.id as string);
    expect(await knex()('jobs').whereIn('instance_id', ids).where({ kind: 'timer' })).toHaveLength(5);

    clock.advance('PT71H');
    expect(await drain()).toBe(0);
    for (const id of ids) expect(await timerFired(id)).toBe(0);

    clock.advance('PT2H');
    expect(await drain()).toBe(5);
    for (const id of ids) {
      expect(await timerFired(id)).toBe(1);
      const view = (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;
      expect(view.activeElementIds).toEqual(['After']);
    }
    expect(await knex()('jobs').whereIn('instance_id', ids)).toHaveLength(0);
    clock.advance('PT100H');
    expect(await drain()).toBe(0);
    for (const id of ids) expect(await timerFired(id)).toBe(1);
  });

  it('an expired lock makes a job visible again; a live one hides it', async () => {
    await drain();
    const c = await startCase(rt, admin, 'wait-72h');
    clock.advance('PT73H');
    // A node takes the job and dies without finishing it.
    const now = clock.now();
    const taken = await acquireJobs(knex(), rt.deps.db.dialect, {
      owner: 'dead-node',
      now,
      lockUntil: new Date(Date.parse(now) + 5 * 60_000).toISOString(),
      limit: 10,
      serviceTypes: [],
    });
    expect(taken.map((j) => j.instance_id)).toEqual([c.id]);
    expect(await rt.executor.runOnce()).toBe(0);
    expect(await timerFired(c.id)).toBe(0);

    clock.advance('PT6M');
    expect(await rt.executor.runOnce()).toBe(1);
    expect(await timerFired(c.id)).toBe(1);
    // The dead node coming back cannot fire it again.
    expect(await knex()('jobs').where({ instance_id: c.id })).toHaveLength(0);
  });

  it('never hands out two jobs of one instance at the same time', async () => {
    await drain();
    const c = await startCase(rt, admin, 'two-timers');
    const other = await startCase(rt, admin, 'wait-72h');
    clock.advance('PT73H');
    const now = clock.now();
    const lockUntil = new Date(Date.parse(now) + 60_000).toISOString();
    const first = await acquireJobs(knex(), rt.deps.db.dialect, {
      owner: 'node-a',
      now,
      lockUntil,
      limit: 1,
      serviceTypes: [],
    });
    expect(first).toHaveLength(1);
    expect(first[0]!.instance_id).toBe(c.id);
    const second = await acquireJobs(knex(), rt.deps.db.dialect, {
      owner: 'node-b',
      now,
      lockUntil,
      limit: 10,
      serviceTypes: [],
    });
    expect(second.map((j) => j.instance_id)).toEqual([other.id]);
    // Once node A is done with its job (the row is gone), the instance's other timer is free.
    await knex()('jobs').where({ id: first[0]!.id }).delete();
    const third = await acquireJobs(knex(), rt.deps.db.dialect, {
      owner: 'node-b',
      now,
      lockUntil,
      limit: 10,
      serviceTypes: [],
    });
    expect(third.map((j) => j.instance_id)).toEqual([c.id]);
    await knex()('jobs').whereIn('instance_id', [c.id, other.id]).update({ lock_owner: null, lock_expires_at: null });
  });

  // PostgreSQL only: two acquisitions at the same moment (SQLite serialises them).
  if (dialect === 'postgres')
    it("two simultaneous acquisitions do not split one instance's jobs between nodes", async () => {
      await drain();
      const c = await startCase(rt, admin, 'two-timers');
      clock.advance('PT73H');
      const now = clock.now();
      const lockUntil = new Date(Date.parse(now) + 60_000).toISOString();
      await knex().transaction(async (trx) => {
        // Node A's acquisition has locked one job and not committed yet.
        const a = await acquireJobs(trx, 'postgres', { owner: 'node-a', now, lockUntil, limit: 1, serviceTypes: [] });
        expect(a.map((j) => j.instance_id)).toEqual([c.id]);
        const b2 = await acquireJobs(knex(), 'postgres', {
          owner: 'node-b',
          now,
          lockUntil,
          limit: 10,
          serviceTypes: [],
        });
        expect(b2.filter((j) => j.instance_id === c.id)).toEqual([]);
      });
      await knex()('jobs').where({ instance_id: c.id }).update({ lock_owner: null, lock_expires_at: null });
      expect(await drain()).toBe(2);
      expect(await timerFired(c.id)).toBe(2);
    });

  it('timer start events create instances when due; a cycle re-arms until its repetitions run out', async () => {
    await drain();
    const d = await deploy(rt, admin, 'city', {
      'every-hour.bpmn': b.chainProcess('every-hour', [b.timerStart('timeCycle', 'R2/PT1H'), b.userTask('Patrol')]),
    });
    const defId = d.processes[0].id as string;
    const startJobs = () => knex()('jobs').where({ kind: 'start-timer', definition_id: defId });
    const instances = () => knex()('instances').where({ definition_id: defId });
    expect(await startJobs()).toHaveLength(1);
    expect(await drain()).toBe(0);

    clock.advance('PT61M');
    expect(await drain()).toBe(1);
    expect(await instances()).toHaveLength(1);
    expect(await startJobs()).toHaveLength(1);

    clock.advance('PT61M');
    expect(await drain()).toBe(1);
    expect(await instances()).toHaveLength(2);
    expect(await startJobs()).toHaveLength(0);

    clock.advance('PT5H');
    expect(await drain()).toBe(0);
    const rows = await instances();
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['active', 'active']);
    const started = await historyEvents(knex(), {
      instanceIds: rows.map((r: { id: string }) => r.id),
      types: ['instanceStarted'],
    });
    expect(started.map((e) => ({ actor: e.actor }))).toEqual([{ actor: 'system:timer' }, { actor: 'system:timer' }]);
  });

  it('a new version replaces the start timer of the old one', async () => {
    await drain();
    const v1 = await deploy(rt, admin, 'city', {
      'daily.bpmn': b.chainProcess('daily', [b.timerStart('timeCycle', 'R/PT24H'), b.end()], { name: 'v1' }),
    });
    const v2 = await deploy(rt, admin, 'city', {
      'daily.bpmn': b.chainProcess('daily', [b.timerStart('timeCycle', 'R/PT12H'), b.end()], { name: 'v2' }),
    });
    const jobs = await knex()('jobs')
      .where({ kind: 'start-timer' })
      .whereIn('definition_id', [v1.processes[0].id, v2.processes[0].id]);
    expect(jobs.map((j: { definition_id: string }) => j.definition_id)).toEqual([v2.processes[0].id]);
    clock.advance('PT13H');
    expect(await drain()).toBe(1);
    expect(await knex()('instances').where({ definition_id: v2.processes[0].id, status: 'completed' })).toHaveLength(1);
    expect(await knex()('instances').where({ definition_id: v1.processes[0].id })).toHaveLength(0);
    // Unbounded cycle: re-armed 12 hours on.
    const next = await knex()('jobs').where({ kind: 'start-timer', definition_id: v2.processes[0].id }).first();
    expect(Date.parse(next.due_at)).toBeGreaterThan(Date.parse(clock.now()));
    await knex()('jobs').where({ kind: 'start-timer', definition_id: v2.processes[0].id }).delete();
  });

  it('a non-interrupting boundary cycle re-arms after each firing until its repetitions run out', async () => {
    await drain();
    const remind =
      `<bpmn:boundaryEvent id="Remind_Cycle" cancelActivity="false" attachedToRef="Handle"><bpmn:outgoing>Flow_Remind</bpmn:outgoing><bpmn:timerEventDefinition id="Def_Remind"><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
      `<bpmn:sequenceFlow id="Flow_Remind" sourceRef="Remind_Cycle" targetRef="Remind" />` +
      b
        .userTask('Remind')
        .xml.replace(
          '{flows}',
          '<bpmn:incoming>Flow_Remind</bpmn:incoming><bpmn:outgoing>Flow_Reminded</bpmn:outgoing>',
        ) +
      `<bpmn:sequenceFlow id="Flow_Reminded" sourceRef="Remind" targetRef="End_Reminded" /><bpmn:endEvent id="End_Reminded"><bpmn:incoming>Flow_Reminded</bpmn:incoming></bpmn:endEvent>`;
    await deploy(rt, admin, 'city', {
      'remind.bpmn': b.chainProcess('remind', [b.start(), b.userTask('Handle'), b.end()], { extra: remind }),
    });
    const c = await startCase(rt, admin, 'remind');
    const timers = () => knex()('jobs').where({ instance_id: c.id, kind: 'timer' });
    const reminders = async () => (await knex()('tasks').where({ instance_id: c.id, element_id: 'Remind' })).length;
    expect(await timers()).toHaveLength(1);
    for (const expected of [1, 2]) {
      clock.advance('PT61M');
      expect(await drain()).toBe(1);
      expect(await reminders()).toBe(expected);
    }
    expect(await timers()).toHaveLength(0);
    clock.advance('PT5H');
    expect(await drain()).toBe(0);
    expect(await reminders()).toBe(2);
    expect(await timerFired(c.id)).toBe(2);
    expect((await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body.activeElementIds).toEqual(
      ['Handle', 'Remind'],
    );
  });

  it('the running executor fires what the clock move made due', async () => {
    await drain();
    const c = await startCase(rt, admin, 'wait-72h');
    rt.executor.start();
    try {
      clock.advance('PT73H');
      await waitFor(async () => (await timerFired(c.id)) === 1, { what: 'the timer to fire' });
    } finally {
      await rt.executor.stop();
    }
    expect(rt.executor.stats.timersFired).toBeGreaterThan(0);
    // Stopped, it can still be driven by hand.
    const again = await startCase(rt, admin, 'wait-72h');
    clock.advance('PT73H');
    expect(await drain()).toBe(1);
    expect(await timerFired(again.id)).toBe(1);
  });
});

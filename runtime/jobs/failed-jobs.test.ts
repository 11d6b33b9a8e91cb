import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import * as b from '../testing/bpmn.js';
import { deploy, historyEvents, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

/** A job that fails outside the engine's own failure handling (here: its case's state is unreadable). */
describe.each(dialects)('failed jobs on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let clock: ControlledClock;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    clock = rt.deps.clock as ControlledClock;
    await deploy(rt, admin, 'city', {
      'wait-1h.bpmn': b.chainProcess('wait-1h', [b.start(), b.timerCatch('PT1H'), b.userTask('After')]),
    });
  });
  afterAll(async () => rt?.stop());

  const knex = () => rt.deps.db.knex;

  it('lose a retry each time with backoff, then stop and raise a JOB_FAILED incident that an operator can retry', async () => {
    const c = await startCase(rt, admin, 'wait-1h');
    const good = (await knex()('instances').where({ id: c.id }).first()).state as string;
    // Changed behind the server's back the way a writer would: with a new version (servers cache cases they worked on).
    await knex()('instances')
      .where({ id: c.id })
      .update({ state: '{"broken"', version: knex().raw('version + 1') });
    clock.advance('PT2H');

    const job = () => knex()('jobs').where({ instance_id: c.id }).first();
    for (const retriesLeft of [2, 1, 0]) {
      expect(await rt.executor.runOnce()).toBe(1);
      const row = await job();
      expect(row).toMatchObject({ retries: retriesLeft, lock_owner: null, last_error: expect.stringMatching(/JSON/) });
      expect(Date.parse(row.due_at)).toBeGreaterThan(Date.parse(clock.now()));
      clock.advance('PT2H');
    }
    // Out of retries: no longer acquired, and visible as an incident.
    expect(await rt.executor.runOnce()).toBe(0);
    const incidents = (await rt.request('GET', `/api/incidents?processInstanceId=${c.id}`, { token: admin })).body;
    expect(incidents).toEqual([
      expect.objectContaining({
        code: 'JOB_FAILED',
        elementId: 'Timer_Wait',
        status: 'open',
        message: expect.stringMatching(/JSON/),
      }),
    ]);

    // The operator repairs the cause and retries: the timer fires once, the incident is resolved.
    await knex()('instances')
      .where({ id: c.id })
      .update({ state: good, version: knex().raw('version + 1') });
    const retried = await rt.request('POST', `/api/incidents/${incidents[0].id}/retry`, { token: admin, body: {} });
    expect(retried.status).toBe(200);
    expect(await rt.executor.runOnce()).toBe(1);
    expect(await historyEvents(knex(), { instanceIds: [c.id], types: ['timerFired'] })).toHaveLength(1);
    expect((await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body.activeElementIds).toEqual(
      ['After'],
    );
    expect(
      (await rt.request('GET', `/api/incidents?processInstanceId=${c.id}&status=resolved`, { token: admin })).body,
    ).toHaveLength(1);
    expect(await rt.executor.runOnce()).toBe(0);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import * as b from '../testing/bpmn.js';
import { deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('external job workers over REST on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let clock: ControlledClock;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    admin = await rt.login('admin');
    clock = rt.deps.clock as ControlledClock;
    await deploy(rt, admin, 'city', {
      'ext.bpmn': b.chainProcess(
        'ext',
        [
          b.start(),
          b.serviceTask('Check', 'household-check', { retries: 2, headers: { registry: 'hukou' } }),
          b.userTask('Done'),
          b.end(),
        ],
        {
          extra: b.boundaryError('Check', 'Err_NotFound'),
          root: b.bpmnError('Err_NotFound', 'NOT_FOUND'),
        },
      ),
      'ext-timeout.bpmn': b.chainProcess(
        'ext-timeout',
        [b.start(), b.serviceTask('Slow_Check', 'slow-check'), b.userTask('Done'), b.end()],
        {
          extra: b.boundaryTimer('Slow_Check', 'PT30M', 'Timeout'),
        },
      ),
      'ad-hoc.bpmn': readFileSync(new URL('../../engine/scenarios/activities-ad-hoc.bpmn', import.meta.url), 'utf8'),
    });
  });
  afterAll(async () => rt?.stop());

  const activate = async (worker: string, extra: Record<string, unknown> = {}) => {
    const res = await rt.request('POST', '/api/jobs/activate', {
      token: admin,
      body: { type: 'household-check', worker, maxJobs: 50, ...extra },
    });
    expect(res.status).toBe(200);
    return res.body as Array<{
      id: string;
      processInstanceId: string;
      retries: number;
      variables: Record<string, unknown>;
      headers: Record<string, string>;
      elementId: string;
    }>;
  };
  const mine = (jobs: Awaited<ReturnType<typeof activate>>, instanceId: string) =>
    jobs.filter((j) => j.processInstanceId === instanceId);
  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;

  it('activates a job for one worker; only that worker may complete it', async () => {
    const c = await startCase(rt, admin, 'ext', 'city', { idNumber: '110101' });
    const jobs = mine(await activate('w1'), c.id);
    expect(jobs).toEqual([
      expect.objectContaining({
        elementId: 'Check',
        retries: 2,
        headers: { registry: 'hukou' },
        variables: { idNumber: '110101' },
      }),
    ]);
    // Locked: nobody else gets it.
    expect(mine(await activate('w2'), c.id)).toEqual([]);
    // The built-in executor leaves job types it has no handler for alone.
    expect(await rt.executor.runOnce()).toBe(0);

    const stolen = await rt.request('POST', `/api/jobs/${jobs[0]!.id}/complete`, {
      token: admin,
      body: { worker: 'w2', variables: { registered: false } },
    });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.code).toBe('JOB_NOT_LOCKED');
    const ok = await rt.request('POST', `/api/jobs/${jobs[0]!.id}/complete`, {
      token: admin,
      body: { worker: 'w1', variables: { registered: true } },
    });
    expect(ok.status).toBe(200);
    expect(await view(c.id)).toMatchObject({
      activeElementIds: ['Done'],
      variables: { idNumber: '110101', registered: true },
    });
    expect(
      (await rt.request('POST', `/api/jobs/${jobs[0]!.id}/complete`, { token: admin, body: { worker: 'w1' } })).status,
    ).toBe(404);
  });

  it('a failed job comes back with fewer retries, then becomes an incident; retrying the incident re-creates it', async () => {
    const c = await startCase(rt, admin, 'ext', 'city', { idNumber: '220202' });
    const [job] = mine(await activate('w1'), c.id);
    const fail1 = await rt.request('POST', `/api/jobs/${job!.id}/fail`, {
      token: admin,
      body: { worker: 'w1', retries: 1, errorMessage: 'registry timeout', retryBackoffMs: 0 },
    });
    expect(fail1.body).toEqual({ id: job!.id, status: 'retrying' });
    const [again] = mine(await activate('w2'), c.id);
    expect(again).toMatchObject({ id: job!.id, retries: 1 });
    // w1 lost the lock when it reported the failure.
    expect(
      (await rt.request('POST', `/api/jobs/${job!.id}/complete`, { token: admin, body: { worker: 'w1' } })).status,
    ).toBe(409);

    const fail2 = await rt.request('POST', `/api/jobs/${job!.id}/fail`, {
      token: admin,
      body: { worker: 'w2', retries: 0, errorMessage: 'registry down' },
    });
    expect(fail2.body.status).toBe('incident');
    expect(mine(await activate('w3'), c.id)).toEqual([]);
    const [incident] = (await rt.request('GET', `/api/incidents?processInstanceId=${c.id}`, { token: admin })).body;
    expect(incident).toMatchObject({ code: 'JOB_NO_RETRIES', elementId: 'Check' });
    expect(incident.message).toContain('registry down');

    expect(
      (await rt.request('POST', `/api/incidents/${incident.id}/retry`, { token: admin, body: { retries: 5 } })).status,
    ).toBe(200);
    const [fresh] = mine(await activate('w3'), c.id);
    expect(fresh).toMatchObject({ elementId: 'Check', retries: 5 });
    expect(fresh!.id).not.toBe(job!.id);
    expect(
      (await rt.request('POST', `/api/jobs/${fresh!.id}/complete`, { token: admin, body: { worker: 'w3' } })).status,
    ).toBe(200);
    expect(await view(c.id)).toMatchObject({ activeElementIds: ['Done'], incidents: [] });
  });

  it('a worker may throw a BPMN error that a boundary event catches', async () => {
    const c = await startCase(rt, admin, 'ext', 'city', { idNumber: '330303' });
    const [job] = mine(await activate('w1'), c.id);
    expect(
      (
        await rt.request('POST', `/api/jobs/${job!.id}/throw-error`, {
          token: admin,
          body: { worker: 'w2', errorCode: 'NOT_FOUND' },
        })
      ).status,
    ).toBe(409);
    const thrown = await rt.request('POST', `/api/jobs/${job!.id}/throw-error`, {
      token: admin,
      body: { worker: 'w1', errorCode: 'NOT_FOUND', errorMessage: 'no such household' },
    });
    expect(thrown.status).toBe(200);
    const done = await view(c.id);
    expect(done.status).toBe('completed');
    const history = (await rt.request('GET', `/api/process-instances/${c.id}/history`, { token: admin })).body.events;
    expect(
      history
        .filter((e: { type: string }) => e.type === 'elementCompleted')
        .map((e: { elementId: string }) => e.elementId),
    ).toContain('End_Boundary_Error_Check');
    expect(await rt.deps.db.knex('jobs').where({ instance_id: c.id })).toHaveLength(0);
  });

  it('a lock that expired goes to the next worker, and the first one can no longer complete', async () => {
    const c = await startCase(rt, admin, 'ext', 'city', { idNumber: '440404' });
    const [job] = mine(await activate('slow', { lockDurationMs: 1000 }), c.id);
    expect(mine(await activate('fast'), c.id)).toEqual([]);
    clock.advance('PT2S');
    const [taken] = mine(await activate('fast'), c.id);
    expect(taken!.id).toBe(job!.id);
    expect(
      (await rt.request('POST', `/api/jobs/${job!.id}/complete`, { token: admin, body: { worker: 'slow' } })).status,
    ).toBe(409);
    expect(
      (
        await rt.request('POST', `/api/jobs/${job!.id}/complete`, {
          token: admin,
          body: { worker: 'fast', variables: { by: 'fast' } },
        })
      ).status,
    ).toBe(200);
    expect((await view(c.id)).variables.by).toBe('fast');
  });

  it('a worker holding a job does not hold back the timers of its instance (a boundary timer still interrupts)', async () => {
    const c = await startCase(rt, admin, 'ext-timeout');
    const res = await rt.request('POST', '/api/jobs/activate', {
      token: admin,
      body: { type: 'slow-check', worker: 'sleepy', lockDurationMs: 3_600_000 },
    });
    const [job] = (res.body as Array<{ id: string; processInstanceId: string }>).filter(
      (j) => j.processInstanceId === c.id,
    );
    expect(job).toBeDefined();
    clock.advance('PT31M');
    await rt.executor.runOnce();
    // The background executor may have taken the timer first; then it completes the case a moment later.
    await expect.poll(async () => (await view(c.id)).status).toBe('completed');
    const history = (await rt.request('GET', `/api/process-instances/${c.id}/history`, { token: admin })).body.events;
    expect(
      history.filter((e: { type: string }) => e.type === 'timerFired').map((e: { elementId: string }) => e.elementId),
    ).toEqual(['Timeout']);
    // The worker comes back too late: its job is gone with the interrupted task.
    expect(
      (await rt.request('POST', `/api/jobs/${job!.id}/complete`, { token: admin, body: { worker: 'sleepy' } })).status,
    ).toBe(404);
  });
  it('completes an ad-hoc subprocess\u2019s job with a result that activates its elements (Zeebe job worker implementation)', async () => {
    const c = await startCase(rt, admin, 'adhoc-agent', 'city');
    const take = async (type: string) => {
      const res = await rt.request('POST', '/api/jobs/activate', {
        token: admin,
        body: { type, worker: 'agent-1', maxJobs: 10 },
      });
      return (res.body as Array<{ id: string; processInstanceId: string; elementId: string }>).filter(
        (j) => j.processInstanceId === c.id,
      );
    };
    const [first] = await take('agent');
    expect(first).toMatchObject({ elementId: 'AdHoc_Agent' });
    const bad = await rt.request('POST', `/api/jobs/${first!.id}/complete`, {
      token: admin,
      body: { worker: 'agent-1', result: { activateElements: [{ id: 'Tool_Lookup' }] } },
    });
    expect(bad.status).toBe(400);
    const done = await rt.request('POST', `/api/jobs/${first!.id}/complete`, {
      token: admin,
      body: {
        worker: 'agent-1',
        result: {
          type: 'adHocSubProcess',
          activateElements: [{ elementId: 'Tool_Lookup', variables: { toolCall: { id: 'c1' } } }],
        },
      },
    });
    expect(done.status).toBe(200);
    expect((await view(c.id)).activeElementIds.sort()).toEqual(['AdHoc_Agent', 'Tool_Lookup']);
    const [tool] = await take('lookup');
    await rt.request('POST', `/api/jobs/${tool!.id}/complete`, {
      token: admin,
      body: { worker: 'agent-1', variables: { toolCallResult: '已办结' } },
    });
    const [again] = await take('agent');
    await rt.request('POST', `/api/jobs/${again!.id}/complete`, {
      token: admin,
      body: {
        worker: 'agent-1',
        variables: { agent: { responseText: '已办结' } },
        result: { isCompletionConditionFulfilled: true },
      },
    });
    expect(await view(c.id)).toMatchObject({ status: 'completed', variables: { agent: { responseText: '已办结' } } });
  });
});

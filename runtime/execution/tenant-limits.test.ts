import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { configFromEnv } from '../server.js';
import * as b from '../testing/bpmn.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { createTenants, deploy, startCase } from '../testing/durability.js';
import { limitPolicyFromEnv } from './tenant-limits.js';

const dialects = await testDialects();

// 城关镇 (and the villages below it) runs under a tighter policy than the rest of the city.
const POLICY = { tenants: { 'lim-town': { collectionItems: 50, minTimerCycleSeconds: 10, startsPerMinute: 2 } } };

describe.each(dialects)('per-tenant limits on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false, limits: POLICY });
    admin = await rt.login('admin');
    await createTenants(rt, admin, [
      ['lim-town', 'city'],
      ['lim-village', 'lim-town'],
      ['lim-other', 'city'],
    ]);
    await deploy(rt, admin, 'city', {
      'count.bpmn': b.chainProcess('count-100', [
        b.start(),
        b.scriptTask('Script_Count', '=count(for i in 1..100 return i)', 'n'),
        b.userTask('Task_After'),
        b.end(),
      ]),
    });
  });
  afterAll(async () => rt?.stop());

  const incidents = async (id: string) =>
    (await rt.deps.db.knex('incidents').where({ instance_id: id })).map((i: { code: string }) => i.code);

  it("a tenant's collection limit applies to it and the tenants below it, not to others", async () => {
    (rt.deps.clock as ControlledClock).advance('PT1M');
    const village = await startCase(rt, admin, 'count-100', 'lim-village');
    expect(await incidents(village.id)).toEqual(['EVALUATION_LIMIT']);
    const other = await startCase(rt, admin, 'count-100', 'lim-other');
    expect(await incidents(other.id)).toEqual([]);
    expect(await rt.deps.db.knex('tasks').where({ instance_id: other.id, element_id: 'Task_After' })).toHaveLength(1);
  });

  it("a tenant's shortest timer cycle decides what it may deploy", async () => {
    const every30s = { 'tick.bpmn': b.chainProcess('tick', [b.timerStart('timeCycle', 'R/PT30S'), b.end()]) };
    const refused = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'lim-other', resources: [{ name: 'tick.bpmn', content: every30s['tick.bpmn'] }] },
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('Start_Timer');
    await deploy(rt, admin, 'lim-town', every30s);
    expect(await rt.deps.db.knex('jobs').where({ kind: 'start-timer', tenant_id: 'lim-town' })).toHaveLength(1);
  });

  it("a tenant's start quota is its own", async () => {
    (rt.deps.clock as ControlledClock).advance('PT1M');
    const start = async (tenant: string) =>
      (
        await rt.request('POST', '/api/process-instances', {
          token: admin,
          body: { processKey: 'count-100', tenant },
        })
      ).status;
    expect([await start('lim-village'), await start('lim-village'), await start('lim-village')]).toEqual([
      201, 201, 429,
    ]);
    expect([await start('lim-other'), await start('lim-other'), await start('lim-other')]).toEqual([201, 201, 201]);
  });
});

describe('the limits setting', () => {
  it('is read from CIVICFLOW_LIMITS as JSON; a malformed or unknown setting stops the start', async () => {
    expect(configFromEnv({ CIVICFLOW_LIMITS: JSON.stringify(POLICY) }).limits).toEqual(POLICY);
    expect(configFromEnv({}).limits).toBeUndefined();
    expect(() => limitPolicyFromEnv('{collectionItems: 5}')).toThrow(/not JSON/);
    expect(() => limitPolicyFromEnv('[]')).toThrow(/must be an object/);
    await expect(
      startTestRuntime('sqlite', { limits: { tenants: { city: { colectionItems: 5 } as never } } }),
    ).rejects.toThrow(/unknown setting "colectionItems"/);
  });
});

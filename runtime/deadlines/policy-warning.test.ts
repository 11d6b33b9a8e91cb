/**
 * The warning threshold (预警) of the deadline policy: set per unit, inherited down the tenant tree,
 * it decides when a task of a step without its own `warning` turns yellow and its handlers are urged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { deploy, setupOrg, sh, startCase, type Org } from '../testing/deadlines.js';

const dialects = await testDialects();

describe.each(dialects)('the warning threshold of the deadline policy on %s', (dialect) => {
  let rt: TestRuntime;
  let org: Org;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    org = await setupOrg(rt);
    await deploy(rt, org.admin, 'city', 'plain', { deadline: '5 workDay' });
    await deploy(rt, org.admin, 'city', 'own-warning', { deadline: '5 workDay', warning: '1 workDay' });
  });
  afterAll(async () => rt?.stop());

  const clock = () => rt.deps.clock as ControlledClock;
  const put = async (tenant: string, token: string, body: unknown) =>
    rt.request('PUT', `/api/deadline-policies/${tenant}`, { token, body });
  const urges = async (taskId: string) =>
    (await rt.deps.db.knex('notifications').where({ task_id: taskId, kind: 'urge' })).length;
  const light = async (taskId: string) => (await rt.request('GET', `/api/tasks/${taskId}`, { token: org.admin })).body;

  it('is saved, validated in Chinese and inherited like the other keys', async () => {
    const townA = await org.login('towna-admin');
    const saved = await put('town-a', townA, { warning: '2 workDay' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.effective.warning).toBe('2 workDay');
    const east = await rt.request('GET', '/api/deadline-policies/town-a-east', { token: townA });
    expect(east.body.effective.warning).toBe('2 workDay');
    expect(east.body.setBy.warning).toBe('town-a');
    const city = await rt.request('GET', '/api/deadline-policies/city', { token: org.admin });
    expect(city.body.effective.warning).toBeNull();

    for (const warning of ['120%', 'soon']) {
      const bad = await put('town-b', await org.login('townb-admin'), { warning });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('INVALID_DURATION');
      expect(JSON.stringify(bad.body.error.problems)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await put('town-b', await org.login('townb-admin'), { warning: '20%' })).status).toBe(200);
  });

  it("drives the yellow light and the urging of tasks started under it; a step's own warning wins; a later change leaves started tasks alone", async () => {
    clock().set(sh('2026-03-02 10:00')); // Monday: 5 working days → due Monday 03-09 24:00
    const east = (await startCase(rt, org.admin, 'town-a-east', 'plain')).task; // town-a: 2 working days left
    const b = (await startCase(rt, org.admin, 'town-b', 'plain')).task; // 20% used: the last 4 days
    const city = (await startCase(rt, org.admin, 'city', 'plain')).task; // built-in: the last day
    const own = (await startCase(rt, org.admin, 'town-a-east', 'own-warning')).task;
    const due = '2026-03-09T15:59:59.999Z';
    expect([east, b, city, own].map((t) => t.dueAt)).toEqual([due, due, due, due]);
    expect(east.warnAt).toBe('2026-03-05T15:59:59.999Z');
    expect(b.warnAt).toBe('2026-03-03T15:59:59.999Z');
    expect(city.warnAt).toBe('2026-03-06T15:59:59.999Z');
    expect(own.warnAt).toBe('2026-03-06T15:59:59.999Z');

    clock().set(sh('2026-03-04 09:00')); // Wednesday
    await rt.ladder.runOnce();
    expect((await light(b.id)).light).toBe('yellow');
    expect(await urges(b.id)).toBeGreaterThan(0);
    expect((await light(east.id)).light).toBe('green');
    expect(await urges(east.id)).toBe(0);

    // A later change counts for tasks started after it, not for those already running.
    expect((await put('town-a', await org.login('towna-admin'), {})).status).toBe(200);
    expect((await light(east.id)).warnAt).toBe('2026-03-05T15:59:59.999Z');

    clock().set(sh('2026-03-06 09:00')); // Friday: two working days left
    await rt.ladder.runOnce();
    expect((await light(east.id)).light).toBe('yellow');
    expect(await urges(east.id)).toBeGreaterThan(0);
    for (const t of [city, own]) {
      expect((await light(t.id)).light).toBe('green');
      expect(await urges(t.id)).toBe(0);
    }
    const later = (await startCase(rt, org.admin, 'town-a-east', 'plain')).task; // built-in again
    expect(later.warnAt).toBe('2026-03-12T15:59:59.999Z');
  });
});

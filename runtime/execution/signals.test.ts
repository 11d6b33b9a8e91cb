import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { inconsistencies } from '../testing/consistency.js';
import { createTenants, deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const FIXTURE = readFileSync(new URL('../../engine/scenarios/events-signal.bpmn', import.meta.url), 'utf8');

const signalCatch = (id: string, signalRef: string): b.ChainNode => ({
  id,
  xml: `<bpmn:intermediateCatchEvent id="${id}">{flows}<bpmn:signalEventDefinition id="${id}_Def" signalRef="${signalRef}" /></bpmn:intermediateCatchEvent>`,
});

describe.each(dialects)('signals on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    await createTenants(rt, admin, [
      ['town-a', 'city'],
      ['town-b', 'city'],
      ['village-a1', 'town-a'],
    ]);
    await deploy(rt, admin, 'city', {
      'events-signal.bpmn': FIXTURE,
      'stand-down-watch.bpmn': b.chainProcess(
        'stand-down-watch',
        [b.start(), signalCatch('Catch_StandDown', 'Signal_StandDown'), b.end()],
        { root: '<bpmn:signal id="Signal_StandDown" name="flood-stand-down" />' },
      ),
    });
  });
  afterAll(async () => rt?.stop());

  const broadcast = (body: Record<string, unknown>, token = admin) =>
    rt.request('POST', '/api/signals', { token, body });
  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;

  it('a signal thrown at a township reaches its cases and those below it, never a sibling township or the city', async () => {
    const atA = await startCase(rt, admin, 'flood-patrol', 'town-a');
    const atVillage = await startCase(rt, admin, 'flood-patrol', 'village-a1');
    const atB = await startCase(rt, admin, 'flood-patrol', 'town-b');
    const atCity = await startCase(rt, admin, 'flood-patrol', 'city');
    expect(await rt.deps.db.knex('signal_subscriptions').where({ instance_id: atB.id })).toHaveLength(2);

    const res = await broadcast({ signalName: 'flood-evacuate', tenant: 'town-a', variables: { level: 31.2 } });
    expect(res.status).toBe(200);
    expect(res.body.started).toEqual([]);
    expect(
      [...res.body.caught].sort((x: { tenant: string }, y: { tenant: string }) => x.tenant.localeCompare(y.tenant)),
    ).toEqual([
      { instanceId: atA.id, elementId: expect.stringMatching(/^Boundary_/), tenant: 'town-a' },
      { instanceId: atVillage.id, elementId: expect.stringMatching(/^Boundary_/), tenant: 'village-a1' },
    ]);
    expect(await view(atA.id)).toMatchObject({ status: 'completed', variables: { level: 31.2 } });
    expect((await view(atVillage.id)).status).toBe('completed');
    expect(await view(atB.id)).toMatchObject({ status: 'active', activeElementIds: ['Task_Patrol'] });
    expect((await view(atCity.id)).status).toBe('active');
    expect(await rt.deps.db.knex('signal_subscriptions').whereIn('instance_id', [atA.id, atVillage.id])).toHaveLength(
      0,
    );

    // Thrown at the city, it reaches the city's case and every township's.
    const city = await broadcast({ signalName: 'flood-evacuate', tenant: 'city' });
    expect(city.body.caught.map((c: { instanceId: string }) => c.instanceId).sort()).toEqual(
      [atB.id, atCity.id].sort(),
    );
    expect(await inconsistencies(rt.deps.db.knex)).toEqual([]);
  });

  it('a non-interrupting signal boundary event keeps the task open and stays subscribed', async () => {
    const c = await startCase(rt, admin, 'flood-patrol', 'town-b');
    await broadcast({ signalName: 'flood-level-update', tenant: 'town-b', variables: { level: 29.8 } });
    await broadcast({ signalName: 'flood-level-update', tenant: 'town-b', variables: { level: 30.1 } });
    expect(await view(c.id)).toMatchObject({ status: 'active', variables: { level: 30.1 } });
    expect(await rt.deps.db.knex('tasks').where({ instance_id: c.id, element_id: 'Task_Patrol' })).toHaveLength(1);
    expect(
      await rt.deps.db.knex('signal_subscriptions').where({ instance_id: c.id, element_id: 'Boundary_Update' }),
    ).toHaveLength(1);
    expect(await rt.deps.db.knex('jobs').where({ instance_id: c.id, job_type: 'log-flood-level' })).toHaveLength(2);
    expect(await inconsistencies(rt.deps.db.knex)).toEqual([]);
  });

  it('a signal start event starts a case in every tenant of the subtree that sees the process', async () => {
    const town = await broadcast({ signalName: 'flood-warning', tenant: 'town-a', variables: { area: '东湖' } });
    expect(town.body.caught).toEqual([]);
    expect(town.body.started.map((s: { tenant: string }) => s.tenant).sort()).toEqual(['town-a', 'village-a1']);
    const started = await view(town.body.started[0].instanceId);
    expect(started).toMatchObject({ activeElementIds: ['Task_Prepare'], variables: { area: '东湖' } });

    const city = await broadcast({ signalName: 'flood-warning', tenant: 'city' });
    expect(
      city.body.started.map((s: { tenant: string; processKey: string }) => `${s.processKey}@${s.tenant}`).sort(),
    ).toEqual(['flood-warning@city', 'flood-warning@town-a', 'flood-warning@town-b', 'flood-warning@village-a1']);
  });

  it('a signal thrown by a case reaches waiting cases of its own tenant and below, in the same step', async () => {
    const watchA = await startCase(rt, admin, 'stand-down-watch', 'town-a');
    const watchB = await startCase(rt, admin, 'stand-down-watch', 'town-b');
    const patrol = await startCase(rt, admin, 'flood-patrol', 'town-a');
    const task = (await rt.request('GET', `/api/tasks?processInstanceId=${patrol.id}`, { token: admin })).body;
    const taskId = (Array.isArray(task) ? task : task.items)[0].id;
    expect(
      (await rt.request('POST', `/api/tasks/${taskId}/complete`, { token: admin, body: { variables: {} } })).status,
    ).toBe(200);
    const clear = await broadcast({
      signalName: 'flood-all-clear',
      tenant: 'town-a',
      variables: { clearedBy: '防汛办' },
    });
    expect(clear.body.caught).toEqual([{ instanceId: patrol.id, elementId: 'Catch_AllClear', tenant: 'town-a' }]);
    expect((await view(patrol.id)).status).toBe('completed');
    // The end event's signal, thrown at town-a, reached town-a's watcher with the case's variables, not town-b's.
    expect(await view(watchA.id)).toMatchObject({ status: 'completed', variables: { clearedBy: '防汛办' } });
    expect((await view(watchB.id)).status).toBe('active');
    expect(await inconsistencies(rt.deps.db.knex)).toEqual([]);
  });

  it('only integrations and administrators broadcast, and only to tenants they see', async () => {
    const created = await rt.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'flood-clerk',
        password: 'a-Long-passphrase-9',
        displayName: '值班员',
        tenantId: 'town-a',
        roles: ['staff'],
      },
    });
    expect(created.status).toBe(201);
    const clerk = await rt.login('flood-clerk', 'a-Long-passphrase-9');
    expect((await broadcast({ signalName: 'flood-warning', tenant: 'city' }, clerk)).status).toBe(403);
    expect((await broadcast({ signalName: 'flood-warning', tenant: 'nowhere' })).status).toBe(404);
    expect((await broadcast({ signalName: '', tenant: 'city' })).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { createTenants, deploy, startCase } from '../testing/durability.js';
import { readHistory } from '../store/history.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('messages and call activities on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    await createTenants(rt, admin, [
      ['town-a', 'city'],
      ['street-b', 'city'],
    ]);
    await deploy(rt, admin, 'city', {
      'hotline.bpmn': b.chainProcess('hotline', [b.messageStart('Msg_Hotline'), b.userTask('Register')], {
        root: b.message('Msg_Hotline', 'hotline-call'),
        name: 'city',
      }),
      'await-reply.bpmn': b.chainProcess('await-reply', [b.start(), b.messageCatch('Msg_Reply'), b.end()], {
        root: b.message('Msg_Reply', 'citizen-reply', '=caseId'),
      }),
      'ca-parent.bpmn': b.chainProcess('ca-parent', [
        b.start(),
        b.callActivity('Call_Child', 'ca-child'),
        b.userTask('After_Call'),
        b.end(),
      ]),
      'ca-child.bpmn': b.chainProcess('ca-child', [b.start(), b.userTask('Child_Task'), b.end()]),
    });
    // street-b has its own hotline process: the city's is hidden there.
    await deploy(rt, admin, 'street-b', {
      'hotline.bpmn': b.chainProcess('hotline', [b.messageStart('Msg_Hotline'), b.userTask('Register_Street')], {
        root: b.message('Msg_Hotline', 'hotline-call'),
        name: 'street',
      }),
    });
  });
  afterAll(async () => rt?.stop());

  const publish = (body: Record<string, unknown>) => rt.request('POST', '/api/messages', { token: admin, body });
  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;

  it('a message start event starts a case in the tenant the message was published to', async () => {
    const res = await publish({
      name: 'hotline-call',
      tenant: 'town-a',
      correlationKey: 'H-9',
      variables: { phone: '13800138000' },
    });
    expect(res.status).toBe(200);
    expect(res.body.correlated).toEqual([]);
    expect(res.body.started).toEqual([{ instanceId: expect.any(String), processKey: 'hotline' }]);
    const started = await view(res.body.started[0].instanceId);
    expect(started).toMatchObject({
      tenant: 'town-a',
      businessKey: 'H-9',
      activeElementIds: ['Register'],
      variables: { phone: '13800138000' },
    });

    const street = await publish({ name: 'hotline-call', tenant: 'street-b', variables: {} });
    expect(street.body.started).toHaveLength(1);
    expect((await view(street.body.started[0].instanceId)).activeElementIds).toEqual(['Register_Street']);

    expect((await publish({ name: 'nobody-listens', tenant: 'city' })).body).toEqual({ correlated: [], started: [] });
  });

  it('a message reaches the case waiting with its correlation key, and only that one', async () => {
    const one = await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-1' });
    const two = await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-2' });
    expect(await rt.deps.db.knex('subscriptions').whereIn('instance_id', [one.id, two.id])).toHaveLength(2);
    const res = await publish({
      name: 'citizen-reply',
      tenant: 'city',
      correlationKey: 'R-1',
      variables: { answer: '同意' },
    });
    expect(res.body).toEqual({ correlated: [{ instanceId: one.id, elementId: 'Catch_Message' }], started: [] });
    expect(await view(one.id)).toMatchObject({ status: 'completed', variables: { answer: '同意' } });
    expect((await view(two.id)).status).toBe('active');
    expect(await rt.deps.db.knex('subscriptions').where({ instance_id: one.id })).toHaveLength(0);
    // Published again: nobody waits for R-1 any more.
    expect((await publish({ name: 'citizen-reply', tenant: 'city', correlationKey: 'R-1' })).body.correlated).toEqual(
      [],
    );
    // Another tenant's message never reaches a city case.
    expect((await publish({ name: 'citizen-reply', tenant: 'town-a', correlationKey: 'R-2' })).body.correlated).toEqual(
      [],
    );
  });

  it('a call activity starts the child in the same command; the parent continues when the child completes', async () => {
    const parent = await startCase(rt, admin, 'ca-parent', 'city', { caseNo: 'C-1' });
    expect(parent.activeElementIds).toEqual(['Call_Child']);
    // No executor ran: the child exists as soon as the parent's start was acknowledged.
    const child = await rt.deps.db.knex('instances').where({ parent_id: parent.id }).first();
    expect(child).toMatchObject({ process_key: 'ca-child', status: 'active', tenant_id: 'city' });
    expect(child.created_at).toBe(parent.createdAt);
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${child.id}`, { token: admin })).body;
    expect(task.elementId).toBe('Child_Task');
    expect((await view(child.id)).variables).toMatchObject({ caseNo: 'C-1' });

    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/complete`, {
          token: admin,
          body: { variables: { verdict: 'ok' } },
        })
      ).status,
    ).toBe(200);
    expect((await view(child.id)).status).toBe('completed');
    expect(await view(parent.id)).toMatchObject({
      status: 'active',
      activeElementIds: ['After_Call'],
      variables: { caseNo: 'C-1', verdict: 'ok' },
    });
    const parentHistory = (await readHistory(rt.deps.db.knex, parent.id)).filter((e) =>
      ['callStarted', 'callCompleted'].includes(e.type),
    );
    expect(parentHistory.map((e) => e.type)).toContain('callStarted');
  });

  it('cancelling the parent cancels the child and its tasks', async () => {
    const parent = await startCase(rt, admin, 'ca-parent', 'city');
    const child = await rt.deps.db.knex('instances').where({ parent_id: parent.id }).first();
    const cancelled = await rt.request('POST', `/api/process-instances/${parent.id}/cancel`, {
      token: admin,
      body: { reason: '当事人撤回' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('terminated');
    expect((await view(child.id)).status).toBe('terminated');
    const knex = rt.deps.db.knex;
    // The cancelled task left the open tasks and the inbox for task_history; its row there still names its candidates.
    expect(await knex('tasks').where({ instance_id: child.id })).toEqual([]);
    expect(await knex('task_history').where({ instance_id: child.id }).select('status', 'candidate_groups')).toEqual([
      { status: 'cancelled', candidate_groups: '["window"]' },
    ]);
    expect(
      await knex('task_candidates').whereIn(
        'task_id',
        knex('task_history').select('id').where({ instance_id: child.id }),
      ),
    ).toHaveLength(0);
  });
});

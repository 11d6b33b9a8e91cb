import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('messages with a time to live (buffering) on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    await deploy(rt, admin, 'city', {
      'await-reply.bpmn': b.chainProcess('await-reply', [b.start(), b.messageCatch('Msg_Reply'), b.end()], {
        root: b.message('Msg_Reply', 'citizen-reply', '=caseId'),
      }),
      'await-reply-too.bpmn': b.chainProcess('await-reply-too', [b.start(), b.messageCatch('Msg_Reply'), b.end()], {
        root: b.message('Msg_Reply', 'citizen-reply', '=caseId'),
      }),
    });
  });
  afterAll(async () => rt?.stop());

  const publish = (body: Record<string, unknown>) => rt.request('POST', '/api/messages', { token: admin, body });
  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;

  it('a message published before the case subscribes reaches it when it does, once per process', async () => {
    const res = await publish({
      name: 'citizen-reply',
      tenant: 'city',
      correlationKey: 'R-7',
      variables: { answer: '补正材料' },
      timeToLive: 3_600_000,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ correlated: [], started: [] });

    const first = await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-7' });
    expect(await view(first.id)).toMatchObject({ status: 'completed', variables: { answer: '补正材料' } });
    // the same process again: the message already reached it
    const second = await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-7' });
    expect((await view(second.id)).status).toBe('active');
    // another process: it reaches that one too
    const other = await startCase(rt, admin, 'await-reply-too', 'city', { caseId: 'R-7' });
    expect(await view(other.id)).toMatchObject({ status: 'completed', variables: { answer: '补正材料' } });
  });

  it('a message without a time to live, or whose time ran out, is not kept', async () => {
    await publish({ name: 'citizen-reply', tenant: 'city', correlationKey: 'R-8' });
    expect((await view((await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-8' })).id)).status).toBe(
      'active',
    );

    await publish({ name: 'citizen-reply', tenant: 'city', correlationKey: 'R-9', timeToLive: 60_000 });
    expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'PT2M' } })).status).toBe(
      200,
    );
    expect((await view((await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-9' })).id)).status).toBe(
      'active',
    );
  });

  it('a message waits in its own tenant only, and no longer than thirty days', async () => {
    const created = await rt.request('POST', '/api/tenants', {
      token: admin,
      body: { id: 'town-ttl', name: '缓冲镇', parentId: 'city' },
    });
    expect(created.status).toBe(201);
    await publish({ name: 'citizen-reply', tenant: 'town-ttl', correlationKey: 'R-10', timeToLive: 3_600_000 });
    expect((await view((await startCase(rt, admin, 'await-reply', 'city', { caseId: 'R-10' })).id)).status).toBe(
      'active',
    );
    expect(
      (
        await publish({
          name: 'citizen-reply',
          tenant: 'city',
          correlationKey: 'R-11',
          timeToLive: 31 * 24 * 3_600_000,
        })
      ).status,
    ).toBe(400);
  });
});

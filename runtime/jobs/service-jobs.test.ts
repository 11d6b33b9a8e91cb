import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import * as b from '../testing/bpmn.js';
import { deploy, failTaskInsertsFor, startCase } from '../testing/durability.js';
import { readHistory } from '../store/history.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

/** A tiny system to call: `/ok` answers, `/flaky` fails while `failing` is set. */
function hookServer() {
  const hits: Array<{ path: string; body: any }> = [];
  const control = { failing: true };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', body: text ? JSON.parse(text) : undefined });
      if (req.url === '/flaky' && control.failing) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: true, ticket: `T-${hits.length}` }));
    });
  });
  return { server, hits, control };
}

describe.each(dialects)('built-in service jobs on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let clock: ControlledClock;
  const hook = hookServer();
  let hookUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}`;
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    clock = rt.deps.clock as ControlledClock;
    await deploy(rt, admin, 'city', {
      'call-ok.bpmn': b.chainProcess('call-ok', [
        b.start(),
        b.serviceTask('Call_Ok', 'http', { headers: { url: `${hookUrl}/ok`, resultVariable: 'reply' } }),
        b.userTask('Done'),
        b.end(),
      ]),
      'call-flaky.bpmn': b.chainProcess('call-flaky', [
        b.start(),
        b.serviceTask('Call_Flaky', 'http', {
          retries: 2,
          headers: { url: `${hookUrl}/flaky`, resultVariable: 'reply' },
        }),
        b.userTask('Done'),
        b.end(),
      ]),
      'notify.bpmn': b.chainProcess('notify', [
        b.start(),
        b.serviceTask('Notify', 'notify', { headers: { groups: 'window', users: '=reviewers', subject: '新诉求' } }),
        b.userTask('Done'),
        b.end(),
      ]),
      'notify-boom.bpmn': b.chainProcess('notify-boom', [
        b.start(),
        b.serviceTask('Notify', 'notify', { headers: { groups: 'window', subject: '新诉求' } }),
        b.userTask('Task_Boom'),
        b.end(),
      ]),
    });
  });
  afterAll(async () => {
    await rt?.stop();
    await new Promise((r) => hook.server.close(r));
  });

  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;
  const jobsOf = (id: string) => rt.deps.db.knex('jobs').where({ instance_id: id });
  const drain = async () => {
    let total = 0;
    for (let n = await rt.executor.runOnce(); n > 0; n = await rt.executor.runOnce()) total += n;
    return total;
  };

  it('http: a successful call merges its result and moves on', async () => {
    const c = await startCase(rt, admin, 'call-ok', 'city', { caseNo: 'H-1' });
    expect(c.activeElementIds).toEqual(['Call_Ok']);
    expect(await drain()).toBe(1);
    const hit = hook.hits.find((h) => h.path === '/ok' && h.body?.caseNo === 'H-1');
    expect(hit).toBeDefined();
    const after = await view(c.id);
    expect(after.activeElementIds).toEqual(['Done']);
    expect(after.variables.reply).toEqual({
      status: 200,
      body: { accepted: true, ticket: expect.stringMatching(/^T-\d+$/) },
    });
    expect(await jobsOf(c.id)).toHaveLength(0);
  });

  it('http: failures retry with backoff, end in a JOB_NO_RETRIES incident, and a retry re-creates the job', async () => {
    hook.control.failing = true;
    const flakyHits = () => hook.hits.filter((h) => h.path === '/flaky').length;
    const before = flakyHits();
    const c = await startCase(rt, admin, 'call-flaky', 'city', { caseNo: 'F-1' });
    expect(await rt.executor.runOnce()).toBe(1);
    expect(flakyHits()).toBe(before + 1);
    const [job] = await jobsOf(c.id);
    expect(job).toMatchObject({ retries: 1, lock_owner: null, lock_expires_at: null });
    expect(job.last_error).toContain('HTTP 503');
    expect(Date.parse(job.due_at)).toBeGreaterThan(Date.parse(clock.now()));
    // Backing off: not due yet.
    expect(await rt.executor.runOnce()).toBe(0);
    expect(flakyHits()).toBe(before + 1);

    clock.advance('PT1H');
    expect(await rt.executor.runOnce()).toBe(1);
    expect(flakyHits()).toBe(before + 2);
    expect(await jobsOf(c.id)).toHaveLength(0);
    const incidents = (await rt.request('GET', `/api/incidents?processInstanceId=${c.id}`, { token: admin })).body;
    expect(incidents).toEqual([
      expect.objectContaining({
        processInstanceId: c.id,
        elementId: 'Call_Flaky',
        code: 'JOB_NO_RETRIES',
        status: 'open',
      }),
    ]);
    expect(incidents[0].message).toContain('HTTP 503');
    expect((await view(c.id)).incidents).toHaveLength(1);
    const failed = (await readHistory(rt.deps.db.knex, c.id)).filter((e) => e.type === 'jobFailed');
    expect(failed.map((e) => (e.data as { retries: number }).retries)).toEqual([1, 0]);

    hook.control.failing = false;
    const retry = await rt.request('POST', `/api/incidents/${incidents[0].id}/retry`, { token: admin, body: {} });
    expect(retry.status).toBe(200);
    const recreated = await jobsOf(c.id);
    expect(recreated).toEqual([
      expect.objectContaining({
        kind: 'service',
        job_type: 'http',
        element_id: 'Call_Flaky',
        retries: 2,
        lock_owner: null,
      }),
    ]);
    expect(await rt.executor.runOnce()).toBe(1);
    expect(flakyHits()).toBe(before + 3);
    const done = await view(c.id);
    expect(done).toMatchObject({ activeElementIds: ['Done'], incidents: [] });
    expect(
      (await rt.request('GET', `/api/incidents?processInstanceId=${c.id}&status=resolved`, { token: admin })).body,
    ).toHaveLength(1);
    expect(
      (await rt.request('POST', `/api/incidents/${incidents[0].id}/retry`, { token: admin, body: {} })).status,
    ).toBe(409);
  });

  it('notify writes a notification per recipient', async () => {
    const c = await startCase(rt, admin, 'notify', 'city', { reviewers: ['rs1', 'rs2'] });
    expect(await drain()).toBe(1);
    const rows = await rt.deps.db
      .knex('notifications')
      .where({ instance_id: c.id })
      .orderBy('id')
      .select('recipient_kind', 'recipient', 'subject', 'tenant_id');
    expect(rows).toEqual([
      { recipient_kind: 'user', recipient: 'rs1', subject: '新诉求', tenant_id: 'city' },
      { recipient_kind: 'user', recipient: 'rs2', subject: '新诉求', tenant_id: 'city' },
      { recipient_kind: 'group', recipient: 'window', subject: '新诉求', tenant_id: 'city' },
    ]);
    expect(await view(c.id)).toMatchObject({ activeElementIds: ['Done'], variables: { notified: 3 } });
  });

  it('notify writes its notifications exactly once, even when completing the job fails and it runs again', async () => {
    const c = await startCase(rt, admin, 'notify-boom');
    const restore = await failTaskInsertsFor(rt.deps.db.knex, dialect, 'Task_Boom');
    try {
      expect(await rt.executor.runOnce()).toBe(1);
    } finally {
      await restore();
    }
    expect(await rt.deps.db.knex('notifications').where({ instance_id: c.id })).toHaveLength(0);
    expect((await view(c.id)).activeElementIds).toEqual(['Notify']);
    // The lock of the failed attempt expires; the job runs again.
    expect(await rt.executor.runOnce()).toBe(0);
    clock.advance('PT1M');
    expect(await rt.executor.runOnce()).toBe(1);
    expect(await rt.deps.db.knex('notifications').where({ instance_id: c.id })).toHaveLength(1);
    expect((await view(c.id)).activeElementIds).toEqual(['Task_Boom']);
  });
});

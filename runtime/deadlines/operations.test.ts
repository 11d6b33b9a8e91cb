import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { deploy, setupOrg, sh, startCase, type Org } from '../testing/deadlines.js';

const dialects = await testDialects();
const near = (iso: string | null | undefined, expected: string) =>
  !!iso && Math.abs(Date.parse(iso) - Date.parse(expected)) < 2000;
const END = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

describe.each(dialects)('deadline operations over HTTP on %s', (dialect) => {
  let rt: TestRuntime;
  let org: Org;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    org = await setupOrg(rt);
    await deploy(rt, org.admin, 'city', 'claim-start', {
      deadline: '1 workDay',
      start: 'claimed',
      timers: [{ id: 'Timer_Sign', duration: '1 workDay' }],
    });
    await deploy(rt, org.admin, 'city', 'handled', {
      deadline: '5 workDay',
      warning: '1 workDay',
      timers: [
        { id: 'Timer_Escalate', duration: '5 workDay' },
        { id: 'Timer_Remind', duration: '19 workHour' },
      ],
    });
  });
  afterAll(async () => rt?.stop());

  const clock = () => rt.deps.clock as ControlledClock;
  const deadline = async (taskId: string) =>
    (await rt.request('GET', `/api/tasks/${taskId}/deadline`, { token: org.admin })).body;
  const timerDue = async (taskId: string, el: string) =>
    ((await deadline(taskId)).timers as Array<{ elementId: string; dueAt: string | null }>).find(
      (t) => t.elementId === el,
    )?.dueAt;
  const history = async (instanceId: string) =>
    (await rt.request('GET', `/api/process-instances/${instanceId}/history`, { token: org.admin })).body
      .events as Array<{ type: string; elementId: string; actor: string; data: Record<string, any> }>;

  it('a deadline that starts at the claim (签收): no due instant and held timers until then', async () => {
    clock().set(sh('2026-03-02 10:00'));
    const { instanceId, task } = await startCase(rt, org.admin, 'city', 'claim-start');
    expect(task).toMatchObject({ dueAt: null, warnAt: null, light: 'green' });
    expect((await deadline(task.id)).timers).toEqual([
      expect.objectContaining({ elementId: 'Timer_Sign', dueAt: null, paused: true }),
    ]);

    clock().set(sh('2026-03-03 11:00'));
    const rs1 = await org.login('rs1');
    const claimed = await rt.request('POST', `/api/tasks/${task.id}/claim`, { token: rs1 });
    expect(claimed.body).toMatchObject({ assignee: 'rs1', dueAt: END('2026-03-04'), light: 'green' });
    expect(await timerDue(task.id, 'Timer_Sign')).toBe(END('2026-03-04'));
    expect((await history(instanceId)).filter((e) => e.type === 'deadlineStarted')).toEqual([
      expect.objectContaining({ actor: 'rs1', data: expect.objectContaining({ dueAt: END('2026-03-04') }) }),
    ]);
    // A second claim (unclaim, claim again) does not restart the clock.
    await rt.request('POST', `/api/tasks/${task.id}/unclaim`, { token: rs1 });
    clock().set(sh('2026-03-04 09:00'));
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/claim`, { token: await org.login('rs2') })).body.dueAt,
    ).toBe(END('2026-03-04'));
  });

  it('pause keeps the remaining working time; a paused task is never yellow or red; resume counts from where it stopped', async () => {
    clock().set(sh('2026-03-02 10:00')); // Monday
    const { instanceId, task } = await startCase(rt, org.admin, 'city', 'handled');
    expect(task).toMatchObject({ dueAt: END('2026-03-09'), warnAt: END('2026-03-06') });
    expect(await timerDue(task.id, 'Timer_Escalate')).toBe(END('2026-03-09'));
    // 19 office hours: Monday 6, Tuesday 7, Wednesday 6 → Wednesday 16:30 (the controlled clock runs on by milliseconds).
    expect(near(await timerDue(task.id, 'Timer_Remind'), sh('2026-03-04 16:30'))).toBe(true);
    const rs1 = await org.login('rs1');

    // Wednesday 10:00: waiting for the citizen's documents. Tuesday is used; Wednesday counts in the handler's favour.
    clock().set(sh('2026-03-04 10:00'));
    expect((await rt.request('POST', `/api/tasks/${task.id}/resume`, { token: rs1 })).status).toBe(409);
    const paused = await rt.request('POST', `/api/tasks/${task.id}/pause`, {
      token: rs1,
      body: { reason: '等待群众补充材料' },
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body).toMatchObject({ remaining: '4 workDay', dueAtBefore: END('2026-03-09') });
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/pause`, { token: rs1, body: { reason: 'again' } })).status,
    ).toBe(409);
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body).toMatchObject({
      paused: true,
      dueAt: null,
      warnAt: null,
      light: 'green',
    });
    expect(
      (await deadline(task.id)).timers.map((t: { paused: boolean; dueAt: string | null }) => [t.paused, t.dueAt]),
    ).toEqual([
      [true, null],
      [true, null],
    ]);

    // Two weeks later, far past the old due date: still green, no urge, no overdue notice.
    clock().set(sh('2026-03-16 09:00'));
    await rt.ladder.runOnce();
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body.light).toBe('green');
    expect(
      (await rt.request('GET', '/api/tasks?light=red', { token: rs1 })).body.map((t: { id: string }) => t.id),
    ).not.toContain(task.id);
    expect(await rt.deps.db.knex('notifications').where({ task_id: task.id })).toEqual([]);

    // Monday 03-16 09:00: 4 working days remain → Friday 03-20; the timers resume too.
    const resumed = await rt.request('POST', `/api/tasks/${task.id}/resume`, { token: rs1 });
    expect(resumed.body).toMatchObject({ remaining: '4 workDay', dueAt: END('2026-03-20'), warnAt: END('2026-03-19') });
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body).toMatchObject({
      paused: false,
      dueAt: END('2026-03-20'),
      light: 'green',
    });
    expect(await timerDue(task.id, 'Timer_Escalate')).toBe(END('2026-03-20'));
    // The office-hour timer had 5 of its 19 hours left at the pause (Wednesday 09:00–10:00 was used): Monday 09:00 + 5 h → 15:30.
    expect(near(await timerDue(task.id, 'Timer_Remind'), sh('2026-03-16 15:30'))).toBe(true);
    const types = (await history(instanceId)).map((e) => e.type);
    expect(types.filter((t) => t === 'deadlinePaused' || t === 'deadlineResumed')).toEqual([
      'deadlinePaused',
      'deadlineResumed',
    ]);

    // An overdue clock cannot be paused.
    clock().set(sh('2026-03-21 09:00'));
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/pause`, { token: rs1, body: { reason: 'late' } })).body.error
        .code,
    ).toBe('DEADLINE_PASSED');
  });

  it('an extension asked before the deadline and approved moves the deadline and every dependent timer in one step; capped per step', async () => {
    clock().set(sh('2026-03-02 10:00'));
    const { instanceId, task } = await startCase(rt, org.admin, 'city', 'handled');
    const rs1 = await org.login('rs1');
    const sup1 = await org.login('sup1');

    const asked = await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
      token: rs1,
      body: { reason: '需要现场勘查', extendBy: '3 workDay' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'pending',
      previousDueAt: END('2026-03-09'),
      requestedDueAt: END('2026-03-12'),
      extendBy: '3 workDay',
    });
    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
          token: rs1,
          body: { reason: 'again', extendBy: '1 workDay' },
        })
      ).body.error.code,
    ).toBe('EXTENSION_PENDING');
    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
          token: await org.login('dispatcher1'),
          body: { reason: 'x', extendBy: '1 workDay' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await rt.request('POST', `/api/extension-requests/${asked.body.id}/approve`, { token: rs1, body: {} })).status,
    ).toBe(403);
    // The supervisor was told there is a request to decide.
    expect((await rt.request('GET', '/api/notifications?kind=extension', { token: sup1 })).body).toEqual([
      expect.objectContaining({ data: { requestId: asked.body.id, status: 'pending' } }),
    ]);

    const approved = await rt.request('POST', `/api/extension-requests/${asked.body.id}/approve`, {
      token: sup1,
      body: { note: '同意' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'sup1', newDueAt: END('2026-03-12') });
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body).toMatchObject({
      dueAt: END('2026-03-12'),
      warnAt: END('2026-03-11'),
      extensions: 1,
    });
    expect(await timerDue(task.id, 'Timer_Escalate')).toBe(END('2026-03-12'));
    expect(
      (await rt.request('POST', `/api/extension-requests/${asked.body.id}/reject`, { token: sup1, body: {} })).body
        .error.code,
    ).toBe('EXTENSION_DECIDED');
    expect((await history(instanceId)).filter((e) => e.type === 'deadlineExtended')).toEqual([
      expect.objectContaining({
        actor: 'sup1',
        data: expect.objectContaining({
          from: END('2026-03-09'),
          to: END('2026-03-12'),
          count: 1,
          reason: '需要现场勘查',
        }),
      }),
    ]);
    expect((await rt.request('GET', '/api/notifications?kind=extension', { token: rs1 })).body[0]).toMatchObject({
      subject: expect.stringContaining('已批准'),
      body: expect.stringContaining('2026-03-12'),
    });

    // One extension per step by default.
    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
          token: rs1,
          body: { reason: 'more', extendBy: '1 workDay' },
        })
      ).body.error.code,
    ).toBe('EXTENSION_LIMIT');
    expect(
      (await rt.request('PUT', '/api/deadline-policies/city', { token: org.admin, body: { maxExtensions: 2 } })).status,
    ).toBe(200);
    const second = await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
      token: rs1,
      body: { reason: 'more', requestedDueAt: '2026-03-13' },
    });
    expect(second.body).toMatchObject({ requestedDueAt: END('2026-03-13'), extendBy: '1 workDay' });
    expect(
      (
        await rt.request('POST', `/api/extension-requests/${second.body.id}/reject`, {
          token: sup1,
          body: { note: '理由不足' },
        })
      ).body,
    ).toMatchObject({ status: 'rejected' });
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body).toMatchObject({
      dueAt: END('2026-03-12'),
      extensions: 1,
    });
    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
          token: rs1,
          body: { reason: 'same day', requestedDueAt: '2026-03-12T18:00:00+08:00' },
        })
      ).body.error.code,
    ).toBe('EXTENSION_TOO_SHORT');

    // Too late once the deadline has passed.
    clock().set(sh('2026-03-13 09:00'));
    expect(
      (
        await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
          token: rs1,
          body: { reason: 'late', extendBy: '1 workDay' },
        })
      ).body.error.code,
    ).toBe('DEADLINE_PASSED');
    // The moved timer fires at its new instant (the job executor runs on the controlled clock).
    await expect
      .poll(
        async () =>
          (await history(instanceId)).some(
            (e) => e.type === 'elementCompleted' && e.elementId === 'End_Timer_Escalate',
          ),
        { timeout: 5000 },
      )
      .toBe(true);
    expect((await rt.request('PUT', '/api/deadline-policies/city', { token: org.admin, body: {} })).status).toBe(200);
  });

  it('a closed task keeps its deadline operations answering: 409 TASK_NOT_OPEN, and its pending extension request can still be rejected', async () => {
    clock().set(sh('2026-03-02 10:00'));
    const { task } = await startCase(rt, org.admin, 'city', 'handled');
    const rs1 = await org.login('rs1');
    const sup1 = await org.login('sup1');
    const pending = await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
      token: rs1,
      body: { reason: '需要现场勘查', extendBy: '1 workDay' },
    });
    expect(pending.status).toBe(201);
    const other = await rt.request('POST', `/api/tasks/${task.id}/extension-requests`, {
      token: rs1,
      body: { reason: 'x', extendBy: '1 workDay' },
    });
    expect(other.body.error.code).toBe('EXTENSION_PENDING');
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/complete`, { token: rs1, body: { variables: {} } })).status,
    ).toBe(200);

    const code = async (method: string, path: string, token: string, body: unknown = {}) => {
      const r = await rt.request(method, path, { token, body });
      return [r.status, r.body.error?.code];
    };
    expect(await code('POST', `/api/extension-requests/${pending.body.id}/approve`, sup1)).toEqual([
      409,
      'TASK_NOT_OPEN',
    ]);
    expect(await code('POST', `/api/tasks/${task.id}/pause`, rs1, { reason: '等待材料' })).toEqual([
      409,
      'TASK_NOT_OPEN',
    ]);
    expect(await code('POST', `/api/tasks/${task.id}/resume`, rs1, undefined)).toEqual([409, 'TASK_NOT_OPEN']);
    expect(await code('POST', `/api/tasks/${task.id}/urge`, sup1)).toEqual([409, 'TASK_NOT_OPEN']);
    const rejected = await rt.request('POST', `/api/extension-requests/${pending.body.id}/reject`, {
      token: sup1,
      body: { note: '已办结' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'sup1' });
    expect((await rt.request('GET', `/api/tasks/${task.id}/deadline`, { token: rs1 })).body).toMatchObject({
      taskId: task.id,
      light: null,
      stage: 'green',
      extensionRequests: [expect.objectContaining({ status: 'rejected' })],
    });
  });

  it('manual urge (催办) by a dispatcher: a running count and read receipts; channels only record what they would send', async () => {
    clock().set(sh('2026-03-02 10:00'));
    const { task } = await startCase(rt, org.admin, 'city', 'handled');
    const dispatcher = await org.login('dispatcher1');
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/urge`, { token: await org.login('rs2'), body: {} })).status,
    ).toBe(403);
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/urge`, { token: await org.login('townb-staff'), body: {} }))
        .status,
    ).toBe(404);
    expect(
      (await rt.request('PUT', '/api/deadline-policies/city', { token: org.admin, body: { channels: ['sms'] } }))
        .status,
    ).toBe(200);
    const first = await rt.request('POST', `/api/tasks/${task.id}/urge`, {
      token: dispatcher,
      body: { message: '请今天答复群众' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      count: 1,
      urgedBy: 'dispatcher1',
      notifications: [{ recipient: { kind: 'group', id: 'dept-rs' }, readAt: null }],
    });
    const second = await rt.request('POST', `/api/tasks/${task.id}/urge`, { token: await org.login('sup1'), body: {} });
    expect(second.body.count).toBe(2);

    const rs1 = await org.login('rs1');
    const inbox = (await rt.request('GET', `/api/notifications?kind=manual-urge&taskId=${task.id}`, { token: rs1 }))
      .body;
    expect(inbox.map((n: { subject: string }) => n.subject)).toEqual([
      expect.stringContaining('第2次'),
      expect.stringContaining('第1次'),
    ]);
    const read = await rt.request('POST', `/api/notifications/${inbox[1].id}/read`, { token: rs1 });
    expect(read.body).toMatchObject({ readBy: 'rs1' });
    expect(
      (await rt.request('POST', `/api/notifications/${inbox[1].id}/read`, { token: await org.login('townb-staff') }))
        .status,
    ).toBe(404);
    const urges = (await rt.request('GET', `/api/tasks/${task.id}/urges`, { token: dispatcher })).body;
    expect(urges.count).toBe(2);
    expect(
      urges.urges.map((u: { count: number; notifications: Array<{ readBy: string | null }> }) => [
        u.count,
        u.notifications[0]!.readBy,
      ]),
    ).toEqual([
      [1, 'rs1'],
      [2, null],
    ]);

    // SMS: the default adapter records what would be sent, and says "recorded", never "sent".
    // The server's own ladder runs too: a delivery it took on may finish just after this pass returns.
    await rt.ladder.runOnce();
    const smsOf = async () => (await rt.request('GET', `/api/notifications?taskId=${task.id}`, { token: rs1 })).body;
    await expect
      .poll(async () =>
        (await smsOf()).every(
          (n: { deliveries: Array<{ channel: string; status: string }> }) =>
            n.deliveries.length === 1 && n.deliveries[0]!.channel === 'sms' && n.deliveries[0]!.status === 'recorded',
        ),
      )
      .toBe(true);
    const withSms = await smsOf();
    expect(withSms[0].deliveries[0].detail).toEqual({
      wouldSend: { to: 'group:dept-rs', text: expect.stringContaining('催办') },
    });
    expect(await rt.deps.db.knex('notification_deliveries').where({ status: 'sent' })).toEqual([]);
    expect((await rt.request('POST', '/api/notifications/read-all', { token: rs1 })).body.updated).toBeGreaterThan(0);
    expect((await rt.request('GET', `/api/notifications?unread=true&taskId=${task.id}`, { token: rs1 })).body).toEqual(
      [],
    );
    expect((await rt.request('PUT', '/api/deadline-policies/city', { token: org.admin, body: {} })).status).toBe(200);
  });

  it("a supervisor's decision opens a supervision order on the case; its owner closes it", async () => {
    clock().set(sh('2026-03-02 10:00'));
    const { instanceId, task } = await startCase(rt, org.admin, 'city', 'handled');
    const sup1 = await org.login('sup1');
    expect(
      (
        await rt.request('POST', '/api/supervision-orders', {
          token: await org.login('rs1'),
          body: { taskId: task.id, reason: 'x' },
        })
      ).status,
    ).toBe(403);
    const opened = await rt.request('POST', '/api/supervision-orders', {
      token: sup1,
      body: { taskId: task.id, reason: '群众多次来电反映', deadline: '2 workDay' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({
      source: 'manual',
      owner: 'sup1',
      status: 'open',
      dueAt: END('2026-03-04'),
      processInstanceId: instanceId,
    });
    const rs1 = await org.login('rs1');
    expect(
      (await rt.request('GET', '/api/notifications?kind=supervision', { token: rs1 })).body.map(
        (n: { orderId: string }) => n.orderId,
      ),
    ).toContain(opened.body.id);
    expect(
      (await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, { token: rs1 })).body,
    ).toHaveLength(1);
    expect(
      (
        await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, {
          token: await org.login('townb-staff'),
        })
      ).body,
    ).toEqual([]);
    const closed = await rt.request('POST', `/api/supervision-orders/${opened.body.id}/close`, {
      token: sup1,
      body: { resolution: '已约谈责任单位' },
    });
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'sup1', resolution: '已约谈责任单位' });
    expect(
      (
        await rt.request('POST', `/api/supervision-orders/${opened.body.id}/close`, {
          token: sup1,
          body: { resolution: 'again' },
        })
      ).status,
    ).toBe(409);
    expect((await history(instanceId)).map((e) => e.type).filter((t) => t.startsWith('supervision'))).toEqual([
      'supervisionOrdered',
      'supervisionClosed',
    ]);
    // Once the task is done (it leaves the inbox), its group still sees the orders of the case.
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/complete`, { token: rs1, body: { variables: {} } })).status,
    ).toBe(200);
    expect(
      (
        await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, {
          token: await org.login('rs2'),
        })
      ).body,
    ).toHaveLength(1);
    expect(
      (
        await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, {
          token: await org.login('townb-staff'),
        })
      ).body,
    ).toEqual([]);
  });
});

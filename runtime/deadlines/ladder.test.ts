import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { LadderScanner } from './ladder.js';
import { deploy, setupOrg, sh, startCase, type Org } from '../testing/deadlines.js';

const dialects = await testDialects();

describe.each(dialects)('the warning ladder with the controlled clock on %s', (dialect) => {
  let rt: TestRuntime;
  let org: Org;
  let others: LadderScanner[];

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    org = await setupOrg(rt);
    // Two more scanners on the same database, as other nodes would run them.
    others = [0, 1].map(() => new LadderScanner(rt.deps.db, rt.deps.commands.services.deadlines!, rt.deps.clock));
    await deploy(rt, org.admin, 'city', 'ladder-case', { deadline: '3 workDay' });
  });
  afterAll(async () => rt?.stop());

  const clock = () => rt.deps.clock as ControlledClock;
  /** Every scanner (the server's own, running in the background, and the two others) races over the same rows. */
  const scanAll = () =>
    Promise.all([rt.ladder.runOnce(), ...others.map((s) => s.runOnce()), ...others.map((s) => s.runOnce())]);
  const notes = async (taskId: string) =>
    (await rt.deps.db.knex('notifications').where({ task_id: taskId }).orderBy('id')).map(
      (n: Record<string, string>) => `${n.kind} → ${n.recipient_kind}:${n.recipient}`,
    );

  it('goes green → yellow → red → supervised, each notice written exactly once, and the order itself goes overdue into the circular', async () => {
    clock().set(sh('2026-03-02 10:00')); // Monday
    const { instanceId, task } = await startCase(rt, org.admin, 'city', 'ladder-case');
    // 3 working days: Tue, Wed, Thu → due Thursday 24:00; the default warning makes Thursday yellow.
    expect(task).toMatchObject({
      dueAt: sh('2026-03-05 23:59').replace(':00.000Z', ':59.999Z'),
      warnAt: '2026-03-04T15:59:59.999Z',
      light: 'green',
      paused: false,
      extensions: 0,
    });
    const rs1 = await org.login('rs1');
    expect((await rt.request('POST', `/api/tasks/${task.id}/claim`, { token: rs1 })).body.assignee).toBe('rs1');

    await scanAll();
    expect(await notes(task.id)).toEqual([]);

    // Yellow: Thursday morning. The background scanner alone gets there.
    clock().set(sh('2026-03-05 09:00'));
    await expect.poll(() => notes(task.id), { timeout: 5000 }).toEqual(['urge → user:rs1', 'urge → group:dept-rs']);
    await scanAll();
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body.light).toBe('yellow');
    expect(
      (await rt.request('GET', '/api/tasks?light=yellow', { token: rs1 })).body.map((t: { id: string }) => t.id),
    ).toEqual([task.id]);
    expect((await rt.request('GET', '/api/tasks?light=red', { token: rs1 })).body).toEqual([]);
    const rs1Inbox = await rt.request('GET', '/api/notifications?unread=true', { token: rs1 });
    expect(
      rs1Inbox.body.map((n: { kind: string; recipient: { id: string } }) => `${n.kind}:${n.recipient.id}`),
    ).toEqual(['urge:dept-rs', 'urge:rs1']);
    expect(rs1Inbox.body[1]).toMatchObject({
      subject: expect.stringContaining('催办'),
      taskId: task.id,
      processInstanceId: instanceId,
      data: { light: 'yellow' },
      deliveries: [],
    });

    // Red: Friday. The leader of dept-rs gets the overdue notice; the task is marked for assessment.
    clock().set(sh('2026-03-06 09:00'));
    await scanAll();
    expect((await notes(task.id)).slice(2)).toEqual([
      'overdue → user:rs-lead',
      'overdue → user:rs1',
      'overdue → group:dept-rs',
    ]);
    expect(
      (await rt.request('GET', '/api/tasks?light=red&sort=dueAt', { token: rs1 })).body.map(
        (t: { id: string; light: string }) => [t.id, t.light],
      ),
    ).toEqual([[task.id, 'red']]);
    const deadline = (await rt.request('GET', `/api/tasks/${task.id}/deadline`, { token: rs1 })).body;
    // Supervision after 2 working days red: Friday 03-06 and Monday 03-09 → Monday 24:00.
    expect(deadline).toMatchObject({
      stage: 'red',
      light: 'red',
      redAt: task.dueAt,
      supervisionAt: '2026-03-09T15:59:59.999Z',
    });
    const history = async () =>
      (await rt.request('GET', `/api/process-instances/${instanceId}/history`, { token: org.admin })).body
        .events as Array<{ type: string; actor: string; data: Record<string, unknown> }>;
    expect((await history()).filter((e) => e.type === 'taskOverdue')).toEqual([
      expect.objectContaining({
        actor: 'system:ladder',
        data: expect.objectContaining({ assessment: true, dueAt: task.dueAt }),
      }),
    ]);

    // Still red on Monday: no supervision yet.
    clock().set(sh('2026-03-09 17:00'));
    await scanAll();
    expect(await rt.deps.db.knex('supervision_orders').where({ instance_id: instanceId })).toEqual([]);

    // Supervised on Tuesday: a 督办单 owned by the city's supervisor with its own 3-working-day limit.
    clock().set(sh('2026-03-10 09:00'));
    await scanAll();
    const orders = (await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, { token: rs1 }))
      .body;
    expect(orders).toEqual([
      expect.objectContaining({
        source: 'auto',
        owner: 'sup1',
        status: 'open',
        taskId: task.id,
        deadline: '3 workDay',
        dueAt: '2026-03-13T15:59:59.999Z',
        overdue: false,
        reason: expect.stringContaining('超期2个工作日'),
      }),
    ]);
    expect(orders[0].target).toEqual({ assignees: ['rs1'], groups: ['dept-rs'], taskIds: [task.id] });
    expect((await notes(task.id)).slice(5)).toEqual([
      'supervision → user:sup1',
      'supervision → user:rs1',
      'supervision → group:dept-rs',
      'supervision → user:rs-lead',
    ]);
    expect((await history()).filter((e) => e.type === 'supervisionOrdered')).toHaveLength(1);

    // The order's own deadline passes: it goes overdue once and enters the March circular.
    clock().set(sh('2026-03-16 09:00'));
    await scanAll();
    await scanAll();
    expect((await notes(task.id)).slice(9)).toEqual([
      'supervision-overdue → user:sup1',
      'supervision-overdue → user:rs-lead',
    ]);
    const sup1 = await org.login('sup1');
    const circular = (await rt.request('GET', '/api/circulars/2026-03', { token: sup1 })).body;
    expect(circular.overdueTasks).toEqual([
      expect.objectContaining({ taskId: task.id, dueAt: task.dueAt, supervised: true, status: 'open' }),
    ]);
    expect(circular.overdueOrders).toEqual([expect.objectContaining({ id: orders[0].id, overdue: true })]);
    expect((await rt.request('GET', '/api/circulars/2026-02', { token: sup1 })).body).toMatchObject({
      overdueTasks: [],
      overdueOrders: [],
    });
    expect((await rt.request('GET', '/api/circulars/2026-03', { token: rs1 })).status).toBe(403);

    // Exactly once, whatever the number of passes and scanners.
    for (let i = 0; i < 3; i++) await scanAll();
    const all = await notes(task.id);
    expect(all).toHaveLength(11);
    expect(new Set(all).size).toBe(11);
    expect(
      (await history())
        .map((e) => e.type)
        .filter((t) => ['deadlineWarning', 'taskOverdue', 'supervisionOrdered', 'supervisionOverdue'].includes(t)),
    ).toEqual(['deadlineWarning', 'taskOverdue', 'supervisionOrdered', 'supervisionOverdue']);

    // Finishing the task closes the order; its row (with its deadline state) leaves tasks, and task_history keeps how the deadline went.
    clock().set(sh('2026-03-16 10:00'));
    expect(
      (await rt.request('POST', `/api/tasks/${task.id}/complete`, { token: rs1, body: { variables: {} } })).status,
    ).toBe(200);
    await scanAll();
    expect(
      (await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, { token: sup1 })).body[0],
    ).toMatchObject({ status: 'closed', closedBy: 'system:ladder' });
    expect(
      (await rt.request('GET', `/api/supervision-orders?processInstanceId=${instanceId}`, { token: rs1 })).body,
    ).toEqual([expect.objectContaining({ id: orders[0].id, taskId: task.id, status: 'closed' })]);
    expect(await rt.deps.db.knex('tasks').where({ id: task.id })).toEqual([]);
    expect(await rt.deps.db.knex('task_history').where({ id: task.id }).first()).toMatchObject({
      status: 'completed',
      completed_by: 'rs1',
      deadline_stage: 'supervised',
      yellow_at: expect.stringMatching(/^2026-03-05T01:0/),
      red_at: task.dueAt,
      supervised_at: expect.stringMatching(/^2026-03-10T01:0/),
    });
    expect(await notes(task.id)).toHaveLength(11);

    // The closed task: listed by how it went (red), its view and deadline as before, still in the March circular.
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: rs1 })).body).toMatchObject({
      status: 'completed',
      completedBy: 'rs1',
      light: null,
      dueAt: task.dueAt,
    });
    const closed = (light: string) =>
      rt
        .request('GET', `/api/tasks?status=completed&processInstanceId=${instanceId}&light=${light}`, { token: rs1 })
        .then((r) => r.body.map((t: { id: string }) => t.id));
    expect(await closed('red')).toEqual([task.id]);
    expect(await closed('yellow')).toEqual([]);
    expect(await closed('green')).toEqual([]);
    expect(
      (
        await rt.request('GET', `/api/tasks?status=completed&processInstanceId=${instanceId}&sort=light`, {
          token: rs1,
        })
      ).body.map((t: { id: string }) => t.id),
    ).toEqual([task.id]);
    expect((await rt.request('GET', `/api/tasks/${task.id}/deadline`, { token: rs1 })).body).toMatchObject({
      taskId: task.id,
      light: null,
      stage: 'supervised',
      redAt: task.dueAt,
      supervisionOrders: [expect.objectContaining({ status: 'closed' })],
    });
    const urged = await rt.request('POST', `/api/tasks/${task.id}/urge`, { token: sup1, body: {} });
    expect([urged.status, urged.body.error?.code]).toEqual([409, 'TASK_NOT_OPEN']);
    expect((await rt.request('GET', '/api/circulars/2026-03', { token: sup1 })).body.overdueTasks).toEqual([
      expect.objectContaining({
        taskId: task.id,
        dueAt: task.dueAt,
        supervised: true,
        status: 'completed',
        completedAt: expect.stringMatching(/^2026-03-16T02:0/),
      }),
    ]);
  });

  it('sorts the inbox by light and due instant; a case that skipped yellow gets only the red notice', async () => {
    clock().set(sh('2026-04-01 10:00')); // Wednesday
    const a = await startCase(rt, org.admin, 'city', 'ladder-case'); // due Tue 04-07 (04-04 … 04-06 清明)
    clock().set(sh('2026-04-02 10:00'));
    const b = await startCase(rt, org.admin, 'city', 'ladder-case'); // due Wed 04-08
    expect(a.task.dueAt).toBe('2026-04-07T15:59:59.999Z');
    expect(b.task.dueAt).toBe('2026-04-08T15:59:59.999Z');
    clock().set(sh('2026-04-08 09:00')); // a is red, b is yellow
    const rs1 = await org.login('rs1');
    const mine = (await rt.request('GET', '/api/tasks?sort=light', { token: rs1 })).body.filter((t: { id: string }) =>
      [a.task.id, b.task.id].includes(t.id),
    );
    expect(mine.map((t: { id: string; light: string }) => [t.id, t.light])).toEqual([
      [a.task.id, 'red'],
      [b.task.id, 'yellow'],
    ]);
    const byDue = (await rt.request('GET', '/api/tasks?sort=-dueAt', { token: rs1 })).body.filter((t: { id: string }) =>
      [a.task.id, b.task.id].includes(t.id),
    );
    expect(byDue.map((t: { id: string }) => t.id)).toEqual([b.task.id, a.task.id]);
    await scanAll();
    expect(await notes(a.task.id)).toEqual(['overdue → user:rs-lead', 'overdue → group:dept-rs']);
    expect(await notes(b.task.id)).toEqual(['urge → group:dept-rs']);
    expect((await rt.request('GET', '/api/tasks?light=purple', { token: rs1 })).status).toBe(400);

    // Closed, they keep how they went: a red, b yellow, and c, done in time, green.
    const c = await startCase(rt, org.admin, 'city', 'ladder-case');
    for (const t of [a.task, b.task, c.task])
      expect(
        (await rt.request('POST', `/api/tasks/${t.id}/complete`, { token: rs1, body: { variables: {} } })).status,
      ).toBe(200);
    const closed = async (query: string) =>
      (await rt.request('GET', `/api/tasks?status=completed&${query}`, { token: rs1 })).body
        .map((t: { id: string }) => t.id)
        .filter((id: string) => [a.task.id, b.task.id, c.task.id].includes(id));
    expect(await closed('light=red')).toEqual([a.task.id]);
    expect(await closed('light=yellow')).toEqual([b.task.id]);
    expect(await closed('light=green')).toEqual([c.task.id]);
    expect(await closed('sort=light')).toEqual([a.task.id, b.task.id, c.task.id]);
    expect(await closed('sort=-dueAt')).toEqual([c.task.id, b.task.id, a.task.id]);
  });
});

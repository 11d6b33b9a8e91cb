// 离岗代理 over HTTP on both databases: a person away names a colleague; tasks assigned to them go to
// the proxy (said in the case's history and timeline), their open personal tasks are handed over when
// the period starts (at once, or by the scanner on a later day), bad periods and chains are refused in
// Chinese, administrators act only within their units, and cancelling sends new tasks to the person again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { chainProcess, deployment, end, start } from '../testing/bpmn.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const ZH = { 'accept-language': 'zh-CN' };
/** Monday 7 December 2026, 10:00 in Beijing. */
const MONDAY = '2026-12-07T02:00:00.000Z';

const personalStep = chainProcess(
  'personal-step',
  [
    start(),
    {
      id: 'Task_Personal',
      xml: '<bpmn:userTask id="Task_Personal" name="人社局承办"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="rs1" /></bpmn:extensionElements>{flows}</bpmn:userTask>',
    },
    end(),
  ],
  { name: '个人承办' },
);

type Task = { id: string; elementId: string; assignee: string | null; processInstanceId: string };

describe.each(dialects)('离岗代理 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const PASSWORD = 'Renshe-colleague-2026!';
  const created = new Set(['rs2', 'rs3', 'sfs2']);
  const as = async (user: string) => (tokens[user] ??= await rt.login(user, created.has(user) ? PASSWORD : undefined));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  const openTasks = async (caseId: string) =>
    (await get('admin', `/api/tasks?processInstanceId=${caseId}`)).body as Task[];
  const history = async (caseId: string) =>
    (await get('admin', `/api/process-instances/${caseId}/history`)).body.events as Array<{
      type: string;
      actor: string | null;
      data: Record<string, unknown>;
    }>;
  const timeline = async (caseId: string) =>
    ((await get('admin', `/api/cases/${caseId}`)).body.timeline as Array<{ text: string; actor: string | null }>).map(
      (e) => e.text,
    );
  /** A case whose one task is assigned to 张敏 (rs1) personally when it is created. */
  const personalCase = async () => {
    const r = await post('admin', '/api/process-instances', { processKey: 'personal-step', tenant: 'city' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const [task] = await openTasks(r.body.id);
    return { caseId: r.body.id as string, task: task! };
  };
  /** An appeal referred to 人社局 and claimed by 张敏: a personal task she already has. */
  const claimedAppeal = async () => {
    const started = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' });
    const [receive] = await openTasks(started.body.id);
    const done = await post('window1', `/api/tasks/${receive!.id}/complete`, {
      variables: {
        applicantName: '张三',
        phone: '13800138000',
        description: '公司拖欠三个月工资',
        channel: '窗口',
        category: '劳动纠纷',
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [handle] = await openTasks(started.body.id);
    expect((await post('rs1', `/api/tasks/${handle!.id}/claim`)).status).toBe(200);
    return { caseId: started.body.id as string, task: handle! };
  };
  const period = (body: Record<string, unknown>, by = 'rs1') => post(by, '/api/leave-proxies', body);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    (rt.deps.clock as ControlledClock).set(MONDAY);
    const admin = await as('admin');
    for (const [username, displayName, tenantId, groups] of [
      ['rs2', '人社局 孙悦', 'city', ['dept-rs']],
      ['rs3', '人社局 王五', 'city', ['dept-rs']],
      ['sfs2', 'A镇司法所 钱程', 'town-a', ['town-a-sfs']],
    ] as const) {
      const r = await rt.request('POST', '/api/users', {
        token: admin,
        body: { username, password: PASSWORD, displayName, tenantId, groups, roles: ['staff'] },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: deployment('city', ['personal-step.bpmn', personalStep]),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  });
  afterAll(async () => rt?.stop());

  it('refuses bad periods in Chinese: oneself, another unit, an unknown person, the past, an end before the start', async () => {
    const cases: Array<[Record<string, unknown>, number, string, RegExp]> = [
      [{ proxy: 'rs1', startsOn: '2026-12-08' }, 400, 'PROXY_SELF', /不能是本人/],
      [{ proxy: 'sfs1', startsOn: '2026-12-08' }, 400, 'PROXY_OTHER_UNIT', /市综治中心/],
      [{ proxy: 'nobody', startsOn: '2026-12-08' }, 400, 'PROXY_NOT_FOUND', /找不到/],
      [{ proxy: 'rs2', startsOn: '2026-12-06' }, 400, 'PERIOD_IN_PAST', /不能早于今天/],
      [{ proxy: 'rs2', startsOn: '2026-12-09', endsOn: '2026-12-08' }, 400, 'PERIOD_INVALID', /结束日期/],
      [{ proxy: 'rs2', startsOn: '2026-02-30' }, 400, 'PERIOD_INVALID', /结束日期|日期/],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await period(body);
      expect([r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
      expect(r.body.error?.message).toMatch(message);
    }
    expect((await get('rs1', '/api/leave-proxies')).body).toEqual([]);
  });

  it('hands over her open personal tasks when the period starts today, by 转办’s path, in the timeline', async () => {
    const before = await claimedAppeal();
    const status = (await get('rs1', '/api/leave-proxies/status')).body;
    expect(status).toMatchObject({ user: 'rs1', userName: '人社局 张敏', current: null, openTasks: 1 });

    const set = await period({ proxy: 'rs2', startsOn: '2026-12-07', endsOn: '2026-12-11', reason: '外出培训' });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    expect(set.body).toMatchObject({
      user: 'rs1',
      proxy: 'rs2',
      proxyName: '人社局 孙悦',
      period: '12月7日—12月11日',
      state: 'active',
      handedOver: 1,
    });
    const [moved] = await openTasks(before.caseId);
    expect(moved).toMatchObject({ id: before.task.id, assignee: 'rs2' });
    const proxied = (await history(before.caseId)).filter((e) => e.type === 'taskProxied');
    expect(proxied).toHaveLength(1);
    expect(proxied[0]).toMatchObject({
      actor: 'rs1',
      data: { taskId: before.task.id, from: 'rs1', toUser: 'rs2', reason: '外出培训' },
    });
    expect(await timeline(before.caseId)).toContainEqual(
      expect.stringContaining('离岗代理：原办理人 人社局 张敏，代理人 人社局 孙悦'),
    );
    // The proxy works it: the case is hers to read and the task hers to complete.
    expect((await get('rs2', `/api/cases/${before.caseId}`)).status).toBe(200);
    expect((await get('rs2', `/api/tasks/${before.task.id}`)).body.assignee).toBe('rs2');
    expect(
      (await get('rs2', '/api/notifications')).body.some((n: { subject: string }) => n.subject.startsWith('离岗代理')),
    ).toBe(true);
    expect((await get('rs1', '/api/leave-proxies/status')).body).toMatchObject({
      current: { proxyName: '人社局 孙悦', state: 'active' },
      standingInFor: [],
      openTasks: 0,
    });
    // The proxy reads whom she stands in for.
    const proxy = (await get('rs2', '/api/leave-proxies/status')).body;
    expect(proxy.current).toBeNull();
    expect(proxy.standingInFor).toMatchObject([{ user: 'rs1', userName: '人社局 张敏', period: '12月7日—12月11日' }]);
  });

  it('sends a task assigned to her at creation to the proxy, said in the history and the timeline', async () => {
    const { caseId, task } = await personalCase();
    expect(task.assignee).toBe('rs2');
    const proxied = (await history(caseId)).find((e) => e.type === 'taskProxied');
    expect(proxied).toMatchObject({
      actor: null,
      data: { taskId: task.id, from: 'rs1', toUser: 'rs2', atCreation: true },
    });
    expect(await timeline(caseId)).toContainEqual(
      '离岗代理：原办理人 人社局 张敏，代理人 人社局 孙悦，环节「人社局承办」',
    );
    const inbox = (await get('rs2', '/api/tasks?status=open')).body as Task[];
    expect(inbox.map((t) => t.id)).toContain(task.id);
  });

  it('sends nothing to a proxy whose account was disabled meanwhile: the task stays with her', async () => {
    expect((await post('admin', '/api/users/rs2/disable', {})).status).toBe(204);
    const { caseId, task } = await personalCase();
    expect(task.assignee).toBe('rs1');
    expect((await history(caseId)).some((e) => e.type === 'taskProxied')).toBe(false);
    expect((await post('admin', '/api/users/rs2/enable', {})).status).toBe(204);
    delete tokens.rs2; // disabling signed her out
    const again = await personalCase();
    expect(again.task.assignee).toBe('rs2');
    // Neither case stays open for the tests after this one.
    for (const id of [caseId, again.caseId])
      expect((await post('admin', `/api/process-instances/${id}/cancel`, { reason: '测试结束' })).status).toBe(200);
  });

  it('allows one period at a time and no chains', async () => {
    const again = await period({ proxy: 'rs3', startsOn: '2026-12-10' });
    expect([again.status, again.body.error?.code]).toEqual([409, 'PERIOD_OVERLAPS']);
    expect(again.body.error?.message).toBe(
      '人社局 张敏 在12月7日—12月11日已设置离岗代理（代理人 人社局 孙悦），同一时间只能有一个，请先取消原来的',
    );
    const toAbsent = await period({ proxy: 'rs1', startsOn: '2026-12-08', endsOn: '2026-12-09' }, 'rs3');
    expect([toAbsent.status, toAbsent.body.error?.code]).toEqual([409, 'PROXY_AWAY']);
    expect(toAbsent.body.error?.message).toMatch(/^人社局 张敏 在12月7日—12月11日也设置了离岗代理，不能担任代理人/);
    const proxyLeaves = await period({ proxy: 'rs3', startsOn: '2026-12-11' }, 'rs2');
    expect([proxyLeaves.status, proxyLeaves.body.error?.code]).toEqual([409, 'USER_IS_PROXY']);
    expect(proxyLeaves.body.error?.message).toMatch(/人社局 孙悦 是 人社局 张敏 的离岗代理人/);
    // After her period the proxy may be away.
    const later = await period({ proxy: 'rs3', startsOn: '2026-12-12', endsOn: '2026-12-13', handover: false }, 'rs2');
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect((await post('rs2', `/api/leave-proxies/${later.body.id}/cancel`)).status).toBe(200);
    // Two overlapping periods sent at once: one is set, the other refused.
    const both = await Promise.all([
      period({ proxy: 'rs2', startsOn: '2026-12-20' }, 'rs3'),
      period({ proxy: 'zj1', startsOn: '2026-12-21', endsOn: '2026-12-22' }, 'rs3'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const kept = both.find((r) => r.status === 201)!;
    expect((await post('rs3', `/api/leave-proxies/${kept.body.id}/cancel`)).status).toBe(200);
  });

  it('keeps administrators to their units; staff set only their own', async () => {
    const other = await period({ user: 'wy1', proxy: 'admin', startsOn: '2026-12-08' }, 'towna-admin');
    expect([other.status, other.body.error?.code]).toEqual([404, 'USER_NOT_FOUND']);
    const city = await period({ user: 'rs3', proxy: 'rs2', startsOn: '2026-12-08' }, 'towna-admin');
    expect([city.status, city.body.error?.code]).toEqual([404, 'USER_NOT_FOUND']);
    const colleague = await period({ user: 'rs3', proxy: 'zj1', startsOn: '2026-12-20' }, 'zj1');
    expect([colleague.status, colleague.body.error?.code]).toEqual([403, 'LEAVE_PROXY_FORBIDDEN']);
    expect((await get('towna-admin', '/api/leave-proxies/status?user=rs1')).status).toBe(404);

    const own = await period({ user: 'sfs1', proxy: 'sfs2', startsOn: '2026-12-08', reason: '病假' }, 'towna-admin');
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body).toMatchObject({
      user: 'sfs1',
      proxy: 'sfs2',
      createdBy: 'A镇管理员 周涛',
      state: 'scheduled',
      handedOver: 0,
    });
    const listed = (await get('towna-admin', '/api/leave-proxies')).body as Array<{ user: string }>;
    expect(listed.map((p) => p.user)).toEqual(['sfs1']);
    const cityPeriod = ((await get('rs1', '/api/leave-proxies')).body as Array<{ id: number; state: string }>).find(
      (p) => p.state === 'active',
    )!;
    expect((await post('towna-admin', `/api/leave-proxies/${cityPeriod.id}/cancel`)).status).toBe(404);
    expect((await post('rs2', `/api/leave-proxies/${cityPeriod.id}/cancel`)).status).toBe(404);
    expect((await post('sfs1', `/api/leave-proxies/${own.body.id}/cancel`)).status).toBe(200);
  });

  it('after cancelling, new tasks go to her again and what the proxy has stays there', async () => {
    const mine = (
      (await get('rs1', '/api/leave-proxies')).body as Array<{ id: number; state: string; user: string }>
    ).find((p) => p.user === 'rs1' && p.state === 'active')!;
    const cancelled = await post('rs1', `/api/leave-proxies/${mine.id}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelledBy: '人社局 张敏' });
    expect((await post('rs1', `/api/leave-proxies/${mine.id}/cancel`)).body.error?.code).toBe('LEAVE_PROXY_CLOSED');
    const { task } = await personalCase();
    expect(task.assignee).toBe('rs1');
    expect((await get('rs1', '/api/leave-proxies/status')).body.current).toBeNull();
  });

  it('a period set ahead hands over when its first day comes (the scanner), and ends without moving anything back', async () => {
    const { caseId, task } = await claimedAppeal();
    const ahead = await period({ proxy: 'rs3', startsOn: '2026-12-08', endsOn: '2026-12-08' });
    expect(ahead.body).toMatchObject({ state: 'scheduled', handedOver: 0 });
    // The proxy is told at once, before any task comes to her.
    const notices = (await get('rs3', '/api/notifications')).body as Array<{ subject: string; kind: string }>;
    expect(notices).toContainEqual(
      expect.objectContaining({ kind: 'leave-proxy', subject: '离岗代理：人社局 张敏（12月8日）的个人待办将转给您' }),
    );
    expect(await rt.leaveHandover.runOnce()).toBe(0);
    expect((await openTasks(caseId))[0]!.assignee).toBe('rs1');

    (rt.deps.clock as ControlledClock).set('2026-12-08T01:00:00.000Z');
    // This appeal's task and the personal step she got back in the test before.
    expect(await rt.leaveHandover.runOnce()).toBe(2);
    expect(await rt.leaveHandover.runOnce()).toBe(0);
    expect((await openTasks(caseId))[0]).toMatchObject({ id: task.id, assignee: 'rs3' });
    expect((await history(caseId)).find((e) => e.type === 'taskProxied')).toMatchObject({
      actor: 'system:leave-proxy',
      data: { from: 'rs1', toUser: 'rs3' },
    });
    expect((await personalCase()).task.assignee).toBe('rs3');

    (rt.deps.clock as ControlledClock).set('2026-12-09T01:00:00.000Z');
    expect((await personalCase()).task.assignee).toBe('rs1');
    expect((await openTasks(caseId))[0]!.assignee).toBe('rs3');
    const list = (await get('rs1', '/api/leave-proxies')).body as Array<{ id: number; state: string }>;
    expect(list.find((p) => p.id === ahead.body.id)!.state).toBe('ended');
  });
});

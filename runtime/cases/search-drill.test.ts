// 案件查询 as the dashboard drills into it: by level, by a unit with everything below it, with no
// channel recorded, and by the department an open task waits on (and its light), each giving as
// many cases as the figure it was opened from, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '吴九',
  phone: '13500008888',
  category: '物业纠纷',
  description: '楼道漏水已经一个月没人修',
};

describe.each(dialects)('case search filters behind the dashboard on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-03-02T01:00:00.000Z' } });
  });
  afterAll(async () => rt?.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const r = await rt.request(method, path, { token: admin, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };
  const search = async (query: string) => (await call('GET', `/api/cases?${query}`)) as { total: number };

  it('finds the cases of a level, of a unit and below, and those with no channel, as the figures count them', async () => {
    for (const tenant of ['city', 'city', 'town-a', 'town-a-east', 'street-b'])
      await call('POST', `/api/public/intake/${tenant}`, { data: APPEAL });
    await call('POST', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' }); // no channel yet

    const figures = (await call('GET', '/api/dashboard/figures?by=level')) as {
      from: string;
      to: string;
      rows: Array<{ key: string; received: number }>;
    };
    expect(figures.rows.map((r) => [r.key, r.received])).toEqual([
      ['0', 2],
      ['1', 3],
      ['2', 1],
    ]);
    for (const row of figures.rows)
      expect((await search(`level=${row.key}&from=${figures.from}&to=${figures.to}`)).total, row.key).toBe(
        row.received,
      );
    expect((await search('under=town-a')).total).toBe(3);
    expect((await search('under=town-a&level=2')).total).toBe(1);
    expect((await search('tenant=city&level=1')).total).toBe(0);
    expect((await search('channel=-')).total).toBe(1);
    expect((await search('channel=-&level=1')).total).toBe(1);
    expect((await search('channel=-&level=0')).total).toBe(0);
  });

  it('finds the cases waiting on a department, and those overdue there, as the dashboard counts their tasks', async () => {
    await call('POST', '/api/admin/clock', { advance: 'P5D' });
    const summary = (await call('GET', '/api/dashboard')) as {
      byDepartment: Array<{ group: string; open: number; overdue: number }>;
      byTenant: Array<{ tenant: string; overdue: number }>;
      casesByLight: { red: number; yellow: number };
    };
    expect(summary.byDepartment.length).toBeGreaterThan(0);
    for (const d of summary.byDepartment) {
      expect((await search(`openDepartment=${d.group}`)).total, d.group).toBe(d.open);
      expect((await search(`openDepartment=${d.group}&light=red`)).total, d.group).toBe(d.overdue);
    }
    expect(summary.casesByLight.red).toBeGreaterThan(0);
    expect((await search('light=red')).total).toBe(summary.casesByLight.red);
    expect((await search('light=yellow')).total).toBe(summary.casesByLight.yellow);
    for (const u of summary.byTenant)
      expect((await search(`tenant=${u.tenant}&light=red`)).total, u.tenant).toBe(u.overdue);
    expect((await search('openDepartment=nobody')).total).toBe(0);

    // 超期 in the figures (each case once, late at any step): the same cases.
    const figures = (await call('GET', '/api/dashboard/figures?by=level')) as {
      from: string;
      to: string;
      total: { overdue: number };
      rows: Array<{ key: string; overdue: number }>;
    };
    expect(figures.total.overdue).toBeGreaterThan(0);
    expect((await search(`overdue=true&from=${figures.from}&to=${figures.to}`)).total).toBe(figures.total.overdue);
    for (const row of figures.rows)
      expect((await search(`overdue=true&level=${row.key}&from=${figures.from}&to=${figures.to}`)).total, row.key).toBe(
        row.overdue,
      );
  });

  it('finds the cases a department refused, a figure’s appeals and a step’s open cases, by words not patterns', async () => {
    const r = (await call('POST', '/api/public/intake/city', { data: APPEAL })) as { trackingNo: string };
    const [c] = (await call('GET', `/api/process-instances?businessKey=${r.trackingNo}`)) as Array<{ id: string }>;
    const step = async (elementId: string, changes: Record<string, unknown> = {}) => {
      const [task] = (await call('GET', `/api/tasks?processInstanceId=${c!.id}`)) as Array<{
        id: string;
        elementId: string;
      }>;
      expect(task?.elementId).toBe(elementId);
      const form = (await call('GET', `/api/tasks/${task!.id}/form`)) as { data: Record<string, unknown> };
      await call('POST', `/api/tasks/${task!.id}/complete`, { variables: { ...form.data, ...changes } });
    };
    await step('Task_Receive');
    await step('Task_Accept', { acceptance: '转办' });
    await step('Task_Dispatch', { department: 'dept-sj', departmentName: '市市场监督管理局', timeLimit: '5 workDay' });
    await step('Task_Handle', { handleResult: '退单', refusalReason: '职能交叉' });

    expect((await search('refusedBy=dept-sj')).total).toBe(1);
    expect((await search(`refusedBy=${encodeURIComponent('dept-s_')}`)).total).toBe(0);
    expect((await search(`refusedBy=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await search('figure=refused')).total).toBe(1);
    // Still the department's case (its 承办部门) until dispatch sends it elsewhere.
    expect((await search('figure=refused&department=dept-sj')).total).toBe(1);
    expect((await search('figure=refused&department=dept-zz')).total).toBe(0);
    const figures = (await call('GET', '/api/dashboard/figures?by=department')) as {
      rows: Array<{ key: string; refusals: number }>;
    };
    expect(figures.rows.find((row) => row.key === 'dept-sj')?.refusals).toBe(1);
    // Back at 分类转办: the step's bar counts it, by the step's name.
    const summary = (await call('GET', '/api/dashboard')) as { byStep: Array<{ name: string; open: number }> };
    const dispatch = summary.byStep.find((s) => s.name === '分类转办');
    expect(dispatch?.open).toBe(1);
    expect((await search(`openStep=${encodeURIComponent('分类转办')}`)).total).toBe(1);
    expect((await search('openStep=Task_Dispatch')).total).toBe(0);
  });

  it('refuses a unit outside the caller’s own', async () => {
    const town = await rt.login('towna-admin');
    expect((await rt.request('GET', '/api/cases?under=town-a', { token: town })).status).toBe(200);
    const r = await rt.request('GET', '/api/cases?under=street-b', { token: town });
    expect(r.status).toBe(404);
  });
});

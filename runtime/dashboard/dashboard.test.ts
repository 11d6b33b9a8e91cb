import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

const INTAKE = {
  applicantName: '张三',
  phone: '13800000000',
  category: '劳动纠纷',
  description: '公司拖欠工资三个月未发放',
  channel: '窗口',
};
const HANDLE = { result: '已协调企业补发全部拖欠工资', resolved: true };
const FOLLOW_UP = { satisfaction: '满意', remark: '群众对处理结果表示满意' };

describe.each(dialects)('GET /api/dashboard on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  type Task = { id: string; elementId: string; light: string };

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  async function complete(caseId: string, elementId: string, variables: object) {
    const task = (await tasksOf(caseId)).find((t) => t.elementId === elementId)!;
    const r = await rt.request('POST', `/api/tasks/${task.id}/complete`, { token: admin, body: { variables } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  async function start(tenant: string): Promise<string> {
    const r = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    // Monday 2 March 2026, 09:00 in Shanghai.
    expect(
      (await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-03-02T01:00:00.000Z' } }))
        .status,
    ).toBe(200);
    const closed = await start('town-a');
    await complete(closed, 'Task_Receive', INTAKE);
    await complete(closed, 'Task_HandleLabour', HANDLE);
    await complete(closed, 'Task_FollowUp', FOLLOW_UP);
    await complete(await start('town-a'), 'Task_Receive', INTAKE); // at the labour department
    await complete(await start('town-a'), 'Task_Receive', { ...INTAKE, category: '物业纠纷' }); // at housing
    await start('town-a'); // not received yet
    await start('street-b');
    // Wednesday evening: the intake tasks (one working day) are overdue; the departments' five days
    // are not, and their 72-hour urge timers have not fired yet.
    expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P2DT12H' } })).status).toBe(
      200,
    );
  }, 60_000);
  afterAll(async () => rt?.stop());

  it('counts cases, open tasks by light, steps, departments and townships; the loop so far', async () => {
    const r = await rt.request('GET', '/api/dashboard', { token: admin });
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.cases).toEqual({ active: 4, completed: 1, terminated: 0 });
    // The lights agree with the task list's own.
    const lights = ((await rt.request('GET', '/api/tasks?status=open', { token: admin })).body as Task[]).map(
      (t) => t.light,
    );
    expect(d.openTasks).toEqual({
      total: 4,
      red: lights.filter((l) => l === 'red').length,
      yellow: lights.filter((l) => l === 'yellow').length,
      green: lights.filter((l) => l === 'green').length,
    });
    expect(d.openTasks.red).toBe(2);
    // The cases behind them, each once (every case here has one open task).
    expect(d.casesByLight).toEqual({ red: 2, yellow: d.openTasks.yellow });
    expect(d.byStep).toEqual([
      { elementId: 'Task_Receive', name: '受理登记', open: 2, overdue: 2 },
      { elementId: 'Task_HandleHousing', name: '住建局办理', open: 1, overdue: 0 },
      { elementId: 'Task_HandleLabour', name: '人社局办理', open: 1, overdue: 0 },
    ]);
    expect(d.byDepartment).toEqual([
      { group: 'window', name: '受理窗口', open: 2, overdue: 2 },
      { group: 'dept-rs', name: '市人力资源和社会保障局', open: 1, overdue: 0 },
      { group: 'dept-zj', name: '市住房和城乡建设局', open: 1, overdue: 0 },
    ]);
    expect(d.byTenant).toEqual([
      { tenant: 'town-a', name: 'A镇综治中心', activeCases: 3, openTasks: 3, overdue: 1 },
      { tenant: 'street-b', name: 'B街道综治中心', activeCases: 1, openTasks: 1, overdue: 1 },
    ]);
    // One closed case (all three of its tasks) and two received intakes, all done the day they came.
    expect(d.loop).toEqual({
      completedCases: 1,
      averageHours: 0,
      medianHours: 0,
      tasksCompleted: 5,
      tasksOnTime: 5,
      onTimeRate: 1,
    });
    expect(d.now).toMatch(/^2026-03-04T13:00:/); // the controlled clock moves on in real time
  });

  it('a township sees its own subtree only; another tenant is not found; staff may not look', async () => {
    const towna = await rt.login('towna-admin');
    const own = await rt.request('GET', '/api/dashboard', { token: towna });
    expect(own.status).toBe(200);
    expect(own.body.cases).toEqual({ active: 3, completed: 1, terminated: 0 });
    expect(own.body.byTenant.map((t: { tenant: string }) => t.tenant)).toEqual(['town-a']);
    expect(JSON.stringify(own.body)).not.toContain('street-b');
    expect((await rt.request('GET', '/api/dashboard?tenant=street-b', { token: towna })).status).toBe(404);
    expect((await rt.request('GET', '/api/dashboard', { token: await rt.login('window1') })).status).toBe(403);
    const oneTenant = await rt.request('GET', '/api/dashboard?tenant=street-b', { token: admin });
    expect(oneTenant.body).toMatchObject({ tenant: 'street-b', cases: { active: 1, completed: 0, terminated: 0 } });
    expect((await rt.request('GET', '/api/dashboard?days=0', { token: admin })).status).toBe(400);
  });
});

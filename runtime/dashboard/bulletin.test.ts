// The monthly 通报 on both databases: honest rates (no 100% when nothing closed), a unit's own
// subtree only (another township's unit does not exist for the caller), the month's cases only,
// the departments ranked, and the same figures as an Excel workbook.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const APPEAL = { applicantName: '林一', phone: '13300005555', category: '物业纠纷', description: '小区电梯停运一个月' };

describe.each(dialects)('the monthly bulletin on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  const step = async (caseId: string, elementId: string, changes: Record<string, unknown> = {}) => {
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
    }>;
    expect(task?.elementId).toBe(elementId);
    const form = (await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin })).body;
    const done = await rt.request('POST', `/api/tasks/${task!.id}/complete`, {
      token: admin,
      body: { variables: { ...form.data, ...changes } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  };
  const appeal = async (tenant: string) => {
    const r = await rt.request('POST', `/api/public/intake/${tenant}`, { body: { data: APPEAL } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body[0].id as string;
  };
  const bulletinOf = async (query: string, token = admin) =>
    rt.request('GET', `/api/dashboard/bulletin?${query}`, { token });

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-05-06T02:00:00.000Z' } });
  });
  afterAll(async () => rt?.stop());

  it('says "—" for the rates while nothing has closed or been followed up, not 100%', async () => {
    const id = await appeal('city');
    await step(id, 'Task_Receive');
    const b = (await bulletinOf('month=2026-05')).body;
    expect(b).toMatchObject({
      month: '2026-05',
      title: '市综治中心2026年5月群众诉求办理情况通报',
      total: { received: 1, closed: 0, onTimeRate: null, satisfactionRate: null },
    });
    expect(b.byLevel).toEqual([expect.objectContaining({ name: '市级', received: 1 })]);
    expect((await bulletinOf('month=2026-04')).body.total.received).toBe(0);
  });

  it("ranks the month's departments and names a unit's own subtree only", async () => {
    for (const [department, departmentName, late] of [
      ['dept-rs', '人社局', false],
      ['dept-zj', '住建局', true],
    ] as const) {
      const id = await appeal('city');
      await step(id, 'Task_Receive');
      await step(id, 'Task_Accept', { acceptance: '转办' });
      await step(id, 'Task_Dispatch', { department, departmentName, timeLimit: '1 workDay' });
      if (late) await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P5D' } });
      await step(id, 'Task_Handle', { handleResult: '办结', answer: '已联系物业恢复电梯运行' });
      await step(id, 'Task_Review', { reviewResult: '通过' });
      await step(id, 'Task_FollowUp', { satisfaction: '满意' });
    }
    const b = (await bulletinOf('month=2026-05')).body;
    expect(b.departmentRanking.map((r: { name: string; rank: number }) => [r.rank, r.name])).toEqual([
      [1, '人社局'],
      [2, '住建局'],
    ]);
    expect(b.departmentRanking[1]).toMatchObject({ onTimeRate: 0, overdue: 1 });
    // The late 住建局 case, and the first appeal, still waiting at 受理审查 five days on; not 人社局's.
    expect(b.overdueCases.map((c: { department: string; status: string }) => [c.department, c.status])).toEqual([
      ['未转办', 'active'],
      ['住建局', 'completed'],
    ]);
    // A镇's administrator: their own unit only; the city's 通报 does not exist for them.
    await appeal('town-a');
    const townAdmin = await rt.login('towna-admin');
    expect((await bulletinOf('month=2026-05&tenant=city', townAdmin)).status).toBe(404);
    expect((await bulletinOf('month=2026-05', townAdmin)).body).toMatchObject({
      unit: { id: 'town-a', name: 'A镇综治中心' },
      total: { received: 1 },
    });
    const city = (await bulletinOf('month=2026-05')).body;
    expect(city.unitRanking.map((r: { name: string }) => r.name)).toContain('A镇综治中心');
    expect(city.total.received).toBe(4);
  });

  it('exports the 通报 as an Excel workbook with Chinese headings', async () => {
    const r = await fetch(`${rt.url}/api/dashboard/bulletin/export?month=2026-05`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(r.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await r.arrayBuffer());
    const departments = book.getWorksheet('部门排名')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(departments[2]?.slice(1, 4)).toEqual(['名次', '承办部门', '受理量']);
    expect(departments[3]?.slice(1, 3)).toEqual([1, '人社局']);
  });
});

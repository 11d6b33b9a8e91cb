// The figures a centre reports with: each case counted once, every grouping adding up to the
// whole, rates "—" (null) when nothing is in their denominator, and the same table as Excel and CSV.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { FIGURE_COLUMNS } from './figures.js';

const dialects = await testDialects();
const APPEAL = { applicantName: '林一', phone: '13300005555', category: '物业纠纷', description: '小区电梯停运一个月' };
// Every count of a figure row (the rates are derived from them, not summed).
const COUNTS = FIGURE_COLUMNS.map(([key]) => key).filter((key) => !key.endsWith('Rate'));

describe.each(dialects)('dashboard figures on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  type Task = { id: string; elementId: string };

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  const step = async (caseId: string, elementId: string, changes: Record<string, unknown> = {}) => {
    const [task] = await tasksOf(caseId);
    expect(task?.elementId).toBe(elementId);
    const form = (await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin })).body;
    const done = await rt.request('POST', `/api/tasks/${task!.id}/complete`, {
      token: admin,
      body: { variables: { ...form.data, ...changes } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  };
  const appeal = async (
    tenant: string,
    data: Record<string, unknown> = APPEAL,
    extra: Record<string, unknown> = {},
  ) => {
    const r = await rt.request('POST', `/api/public/intake/${tenant}`, { body: { data, ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body[0].id as string;
  };
  const figures = async (query: string) => {
    const r = await rt.request('GET', `/api/dashboard/figures?${query}`, { token: admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('with nothing received, every rate is "—" (null), not 100%', async () => {
    const r = await figures('by=level');
    expect(r.total).toMatchObject({ received: 0, closed: 0, onTimeRate: null, satisfactionRate: null });
    expect(r.rows).toEqual([]);
    const csv = await fetch(`${rt.url}/api/dashboard/export?format=csv&by=level`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(await csv.text()).toMatch(/合计,0,0,0,0,0,0,0,—/);
  });

  it('counts each case once, however it ran; every grouping adds up to the whole', async () => {
    // On the spot at the window; not accepted; referred, handled and satisfied; refused and re-routed; reworked.
    const onSpot = await appeal('city');
    await step(onSpot, 'Task_Receive');
    await step(onSpot, 'Task_Accept', { acceptance: '当场答复', answer: '已当场解答物业维修资金使用流程' });
    const refusedCase = await appeal('street-b', { ...APPEAL, category: '环境污染' }, { via: 'mini-program' });
    await step(refusedCase, 'Task_Receive');
    await step(refusedCase, 'Task_Accept', { acceptance: '不予受理', rejectReason: '不属于受理范围' });
    const satisfied = await appeal('city', { ...APPEAL, category: '消费纠纷' });
    await step(satisfied, 'Task_Receive');
    await step(satisfied, 'Task_Accept', { acceptance: '转办' });
    await step(satisfied, 'Task_Dispatch');
    await step(satisfied, 'Task_Handle', { handleResult: '退单', refusalReason: '职能交叉' });
    await step(satisfied, 'Task_Dispatch', {
      department: 'dept-zz',
      departmentName: '综治中心综合组',
      timeLimit: '5 workDay',
    });
    await step(satisfied, 'Task_Handle', { handleResult: '办结', answer: '已责令商家退款' });
    await step(satisfied, 'Task_Review', { reviewResult: '退回', reviewComment: '退款金额未写明' });
    await step(satisfied, 'Task_Handle', { handleResult: '办结', answer: '已责令商家全额退款320元' });
    await step(satisfied, 'Task_Review', { reviewResult: '通过' });
    await step(satisfied, 'Task_FollowUp', { satisfaction: '不满意' });
    await step(satisfied, 'Task_Handle', { handleResult: '办结', answer: '退款已到账' });
    await step(satisfied, 'Task_Review', { reviewResult: '通过' });
    await step(satisfied, 'Task_FollowUp', { satisfaction: '基本满意' });
    // A镇's labour dispute that goes on to the city: one case, not two.
    const labour = await appeal('town-a-east', { ...APPEAL, category: '劳动纠纷' });
    await step(labour, 'Task_Verify', { verified: '属实', verifyNote: '已入户核实' });
    await step(labour, 'Task_Mediate', { mediationResult: '调解未成功', mediationNote: '企业拒绝调解' });
    expect(await rt.deps.db.knex('instances').where({ parent_id: labour }).first()).toBeDefined();

    const byLevel = await figures('by=level');
    expect(byLevel.total).toMatchObject({
      received: 4,
      answeredOnSpot: 1,
      notAccepted: 1,
      referred: 1,
      inProgress: 1,
      closed: 3,
      closedOnTime: 3,
      refused: 1,
      refusals: 1,
      returned: 1,
      reworked: 1,
      followedUp: 1,
      satisfied: 1,
      onTimeRate: 1,
      satisfactionRate: 1,
    });
    expect(byLevel.rows.map((r: { name: string; received: number }) => [r.name, r.received])).toEqual([
      ['市级', 2],
      ['乡镇（街道）级', 1],
      ['村（社区）级', 1],
    ]);
    for (const by of ['level', 'tenant', 'category', 'channel', 'department', 'day', 'week', 'month']) {
      const r = await figures(`by=${by}`);
      for (const key of COUNTS)
        expect(
          r.rows.reduce((sum: number, row: Record<string, number>) => sum + row[key]!, 0),
          `${by}.${key}`,
        ).toBe(r.total[key]);
    }
    expect((await figures('by=channel')).rows.map((r: { name: string }) => r.name).sort()).toEqual(
      ['小程序', '网页'].sort(),
    );
    // 退单 is the refusing department's (the case it refused, and its refusal); the case is the
    // department's that handled it.
    const departments = (await figures('by=department')).rows;
    expect(departments.find((r: { key: string }) => r.key === 'dept-sj')).toMatchObject({
      name: '市市场监督管理局',
      received: 0,
      refused: 1,
      refusals: 1,
    });
    expect(departments.find((r: { key: string }) => r.key === 'dept-zz')).toMatchObject({
      name: '综治中心综合组',
      received: 1,
      refused: 0,
      refusals: 0,
      returned: 1,
      reworked: 1,
    });
    const townA = await figures('by=tenant&tenant=town-a');
    expect(townA.total.received).toBe(1);
    expect(await figures('by=level&from=2020-01-01&to=2020-01-31')).toMatchObject({
      total: { received: 0, onTimeRate: null },
      rows: [],
    });
    expect((await rt.request('GET', '/api/dashboard/figures?from=2020-01-01', { token: admin })).status).toBe(400);
    expect((await rt.request('GET', '/api/dashboard/figures', { token: await rt.login('window1') })).status).toBe(403);
  });

  it('exports the table to Excel and CSV with Chinese headings', async () => {
    const xlsx = await fetch(`${rt.url}/api/dashboard/export?format=xlsx&by=category`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('诉求统计')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(2).slice(0, 3)).toEqual(['诉求类别', '受理量', '当场答复']);
    const rows = (await figures('by=category')).rows.length;
    expect(sheet.rowCount).toBe(2 + rows + 1);
    expect(values(sheet.rowCount).slice(0, 2)).toEqual(['合计', 4]);
    const bytes = new Uint8Array(
      await (
        await fetch(`${rt.url}/api/dashboard/export?format=csv&by=channel`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // so Excel reads it as UTF-8
    const csv = new TextDecoder().decode(bytes.slice(3));
    expect(csv.split('\r\n')[0]).toBe(
      '来源渠道,受理量,当场答复,不予受理,转办,办理中,办结,按时办结,按时办结率,超期,督办,延期,退单案件,退单次数,审核退回,重办,已回访,满意（含基本满意）,满意率',
    );
    expect(csv).toContain('合计,4,1,1,1,1,3,3,100.0%');
  });
});

// 逾期督办单 in the monthly 通报 on both databases: an order past its reply deadline is counted and
// named (case title, unit, 督办人, deadline) in the bulletin and its workbook; the case totals stay
// what they were; another township's bulletin does not list it.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const ZH = { 'accept-language': 'zh-CN' };
const INTAKE = {
  applicantName: '李四',
  phone: '13800138000',
  description: '工地拖欠三个月工资',
  channel: '窗口',
  category: '劳动纠纷',
};

type Bulletin = {
  total: { received: number };
  overdueOrders: {
    count: number;
    orders: Array<{ id: string; caseTitle: string | null; unit: string; owner: string | null; dueAt: string | null }>;
  };
};

describe.each(dialects)('逾期督办单 in the 通报 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('counts and names the month’s overdue orders beside unchanged case totals', async () => {
    const c = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' });
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    expect((await post('window1', `/api/tasks/${receive!.id}/complete`, { variables: INTAKE })).status).toBe(200);
    const order = await post('supervisor1', '/api/supervision-orders', {
      processInstanceId: c.body.id,
      reason: '请三个工作日内整改并反馈',
      deadline: '3 workDay',
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const clock = rt.deps.clock as ControlledClock;
    const month = new Date(Date.parse(clock.now()) + 8 * 3_600_000).toISOString().slice(0, 7);
    const before = (await get('supervisor1', `/api/dashboard/bulletin?month=${month}`)).body as Bulletin;
    expect(before.overdueOrders.orders.map((o) => o.id)).not.toContain(order.body.id);

    clock.set(new Date(Date.parse(clock.now()) + 10 * 86_400_000).toISOString());
    await rt.ladder.runOnce();
    const overdueMonth = new Date(Date.parse(clock.now()) + 8 * 3_600_000).toISOString().slice(0, 7);
    const after = (await get('supervisor1', `/api/dashboard/bulletin?month=${overdueMonth}`)).body as Bulletin;
    expect(after.overdueOrders.count).toBeGreaterThanOrEqual(1);
    expect(after.overdueOrders.count).toBeGreaterThanOrEqual(after.overdueOrders.orders.length);
    expect(after.overdueOrders.orders.find((o) => o.id === order.body.id)).toMatchObject({
      caseTitle: expect.stringContaining('李四'),
      unit: 'A镇综治中心',
      owner: '督查员 孙伟',
      dueAt: expect.any(String),
    });
    // The orders stay outside the case totals: one order is not one more case received.
    if (overdueMonth === month) expect(after.total.received).toBe(before.total.received);

    const other = (await get('admin', `/api/dashboard/bulletin?month=${overdueMonth}&tenant=street-b`))
      .body as Bulletin;
    expect(other.overdueOrders.orders.map((o) => o.id)).not.toContain(order.body.id);

    const xlsx = await fetch(`${rt.url}/api/dashboard/bulletin/export?month=${overdueMonth}`, {
      headers: { authorization: `Bearer ${await as('supervisor1')}` },
    });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('逾期督办单')!;
    const cells = (sheet.getSheetValues().filter(Boolean) as unknown[][]).flat().map(String);
    expect(cells).toContain('督查员 孙伟');
  });
});

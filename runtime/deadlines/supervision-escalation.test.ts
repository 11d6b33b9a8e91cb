// 升级督办 over HTTP on both databases: a supervisor escalates a town's 督办单 to the city (a city
// supervisor becomes its 督办人 and is told), the timeline says why; at the top unit, once closed and
// from another township the escalation is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Order = {
  id: string;
  status: string;
  owner: string | null;
  ownerName: string | null;
  level: number;
  unitName: string;
  mayEscalate: boolean;
};

describe.each(dialects)('升级督办 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  /** A case of A镇 (town-a) that the window referred to 人社局, under a 督办单 of supervisor1. */
  const ordered = async () => {
    const c = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' });
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    expect((await post('window1', `/api/tasks/${receive!.id}/complete`, { variables: INTAKE })).status).toBe(200);
    const r = await post('supervisor1', '/api/supervision-orders', {
      processInstanceId: c.body.id,
      reason: '群众反映久拖未办，请三个工作日内整改并反馈',
      owner: 'supervisor1',
      deadline: '3 workDay',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { caseId: c.body.id as string, orderId: r.body.id as string };
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('escalates a town order to the city, tells the new 督办人, and is refused at the top', async () => {
    const { caseId, orderId } = await ordered();
    const [before] = (await get('supervisor1', `/api/cases/${caseId}/supervision-orders`)).body as Order[];
    expect(before).toMatchObject({ id: orderId, level: 0, unitName: 'A镇综治中心', mayEscalate: true });
    // The handler's department answers but does not supervise: no button for them.
    const [forHandler] = (await get('rs1', `/api/cases/${caseId}/supervision-orders`)).body as Order[];
    expect(forHandler?.mayEscalate).toBe(false);

    const noReason = await post('supervisor1', `/api/supervision-orders/${orderId}/escalate`, {});
    expect(noReason.status).toBe(400);
    const up = await post('supervisor1', `/api/supervision-orders/${orderId}/escalate`, { reason: '逾期未整改' });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({
      status: 'open',
      owner: 'city-admin',
      level: 1,
      unitName: '市综治中心',
      mayEscalate: false,
    });
    const bell = (await get('city-admin', '/api/notifications')).body as Array<{ kind: string; subject: string }>;
    expect(bell).toContainEqual(
      expect.objectContaining({ kind: 'supervision-escalated', subject: expect.stringContaining('升级督办') }),
    );
    const texts = ((await get('rs1', `/api/cases/${caseId}`)).body.timeline as Array<{ text: string }>).map(
      (e) => e.text,
    );
    expect(texts).toContain('升级督办：由市综治中心督办（逾期未整改）');

    const top = await post('city-admin', `/api/supervision-orders/${orderId}/escalate`, { reason: '再升级' });
    expect([top.status, top.body.error.code]).toEqual([409, 'ESCALATE_AT_TOP']);
    expect(top.body.error.message).toContain('最上级');
    // The order still waits for the handler's feedback, now judged by the city.
    expect((await post('rs1', `/api/supervision-orders/${orderId}/reply`, { body: '已整改' })).status).toBe(200);
    expect((await post('city-admin', `/api/supervision-orders/${orderId}/accept`, { note: '' })).status).toBe(200);
    const closed = await post('city-admin', `/api/supervision-orders/${orderId}/escalate`, { reason: '再升级' });
    expect([closed.status, closed.body.error.code]).toEqual([409, 'ORDER_CLOSED']);
  });

  it('another township cannot escalate (404); the answering department may not (403)', async () => {
    const { caseId, orderId } = await ordered();
    const other = await post('wy1', `/api/supervision-orders/${orderId}/escalate`, { reason: '越级' });
    expect(other.status).toBe(404);
    const handler = await post('rs1', `/api/supervision-orders/${orderId}/escalate`, { reason: '越级' });
    expect([handler.status, handler.body.error.code]).toEqual([403, 'ORDER_NOT_SUPERVISOR']);
    const [order] = (await get('supervisor1', `/api/cases/${caseId}/supervision-orders`)).body as Order[];
    expect(order).toMatchObject({ level: 0, owner: 'supervisor1' });
  });
});

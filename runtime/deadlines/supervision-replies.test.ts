// 督办单 and 整改反馈 over HTTP on both databases: a supervisor issues an order on a case, the
// department answers it with text and a case attachment, the supervisor returns it once and then
// accepts it; refusals, isolation, the inbox lists, overdue marking and the case's timeline.
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
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type Order = {
  id: string;
  status: string;
  overdue: boolean;
  caseTitle: string | null;
  mayReply: boolean;
  mayDecide: boolean;
  replies: Array<{
    body: string;
    attachments: Array<{ fileName: string }>;
    byName: string | null;
    verdict: string | null;
  }>;
};

describe.each(dialects)('督办单 整改反馈 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  const inbox = async (user: string) =>
    (await get(user, '/api/supervision-orders/inbox')).body as {
      toAnswer: Order[];
      toDecide: Order[];
      issued: Order[];
      open: Order[];
    };
  /** A case of town-a the window referred to 人社局 (rs1's department). */
  const referred = async () => {
    const c = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' });
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    expect((await post('window1', `/api/tasks/${receive!.id}/complete`, { variables: INTAKE })).status).toBe(200);
    return c.body.id as string;
  };
  const issue = async (caseId: string) => {
    const r = await post('supervisor1', '/api/supervision-orders', {
      processInstanceId: caseId,
      reason: '群众反映久拖未办，请三个工作日内整改并反馈',
      deadline: '3 workDay',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('issued → answered with a file → returned → answered again → accepted; each in the timeline and the inboxes', async () => {
    const caseId = await referred();
    const orderId = await issue(caseId);

    const todo = await inbox('rs1');
    expect(todo.toAnswer.map((o) => o.id)).toContain(orderId);
    expect(todo.toAnswer.find((o) => o.id === orderId)).toMatchObject({
      status: 'open',
      mayReply: true,
      mayDecide: false,
    });
    expect(todo.toAnswer.find((o) => o.id === orderId)!.caseTitle).toContain('李四');
    expect((await inbox('supervisor1')).issued.map((o) => o.id)).toContain(orderId);
    // Supervisors also see every order not yet closed in their units; staff do not.
    expect((await inbox('supervisor1')).open.map((o) => o.id)).toContain(orderId);
    expect((await inbox('rs1')).open).toEqual([]);

    const form = new FormData();
    form.append('file', new Blob([PNG]), '整改现场.png');
    const file = await rt.request('POST', `/api/cases/${caseId}/attachments`, { token: await as('rs1'), body: form });
    expect(file.status, JSON.stringify(file.body)).toBe(201);

    // Another department may not answer; the case is not even visible to it.
    expect((await post('zj1', `/api/supervision-orders/${orderId}/reply`, { body: '已整改' })).status).toBe(404);
    // The supervisor cannot decide before there is an answer.
    const early = await post('supervisor1', `/api/supervision-orders/${orderId}/accept`, {});
    expect([early.status, early.body.error.code]).toEqual([409, 'ORDER_NOT_ANSWERED']);
    const wrongFile = await post('rs1', `/api/supervision-orders/${orderId}/reply`, {
      body: '已整改',
      attachmentIds: ['no-such-file'],
    });
    expect([wrongFile.status, wrongFile.body.error.code]).toEqual([400, 'ATTACHMENT_NOT_OF_CASE']);

    const answered = await post('rs1', `/api/supervision-orders/${orderId}/reply`, {
      body: '已约谈用人单位，工资将于本周发放',
      attachmentIds: [file.body.id],
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', mayReply: false });
    expect((answered.body as Order).replies[0]).toMatchObject({
      attachments: [{ fileName: '整改现场.png' }],
      byName: '人社局 张敏',
    });
    const again = await post('rs1', `/api/supervision-orders/${orderId}/reply`, { body: '补充' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ORDER_NOT_OPEN']);
    expect(again.body.error.message).toContain('已反馈');
    // The department cannot judge its own answer.
    const self = await post('rs1', `/api/supervision-orders/${orderId}/accept`, {});
    expect([self.status, self.body.error.code]).toEqual([403, 'ORDER_NOT_SUPERVISOR']);

    const bell = (await get('supervisor1', '/api/notifications')).body as Array<{ kind: string; subject: string }>;
    expect(bell).toContainEqual(expect.objectContaining({ kind: 'supervision-feedback' }));
    expect((await inbox('supervisor1')).toDecide.map((o) => o.id)).toContain(orderId);

    const returned = await post('supervisor1', `/api/supervision-orders/${orderId}/return`, {
      note: '请附工资发放凭证',
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ status: 'open' });
    expect((returned.body as Order).replies[0]!.verdict).toBe('returned');
    expect((await inbox('rs1')).toAnswer.map((o) => o.id)).toContain(orderId);
    expect((await get('rs1', '/api/notifications')).body).toContainEqual(
      expect.objectContaining({ kind: 'supervision-returned', body: '请附工资发放凭证' }),
    );

    expect(
      (await post('rs1', `/api/supervision-orders/${orderId}/reply`, { body: '工资已发放，凭证见附件' })).status,
    ).toBe(200);
    const accepted = await post('supervisor1', `/api/supervision-orders/${orderId}/accept`, { note: '整改到位' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'closed', resolution: '整改到位', mayDecide: false });
    expect((await inbox('rs1')).toAnswer.map((o) => o.id)).not.toContain(orderId);

    const texts = ((await get('rs1', `/api/cases/${caseId}`)).body.timeline as Array<{ text: string }>).map(
      (e) => e.text,
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        '整改反馈：已约谈用人单位，工资将于本周发放（附件：整改现场.png）',
        '督办要求重新整改：请附工资发放凭证',
        '整改反馈：工资已发放，凭证见附件',
        '督办结束：整改到位',
      ]),
    );
    const list = (await get('rs1', `/api/cases/${caseId}/supervision-orders`)).body as Order[];
    expect(list.map((o) => [o.status, o.replies.length])).toEqual([['closed', 2]]);
  });

  it('an order past its reply deadline is marked overdue; another township cannot see it', async () => {
    const caseId = await referred();
    const orderId = await issue(caseId);
    const clock = rt.deps.clock as ControlledClock;
    clock.set(new Date(Date.parse(clock.now()) + 10 * 86_400_000).toISOString());
    await rt.ladder.runOnce();
    const [order] = (await get('supervisor1', `/api/cases/${caseId}/supervision-orders`)).body as Order[];
    expect(order).toMatchObject({ id: orderId, overdue: true, status: 'open' });
    expect((await inbox('rs1')).toAnswer.find((o) => o.id === orderId)?.overdue).toBe(true);
    // The monthly 通报 names the case, the unit and the supervisor, never ids.
    const month = new Date(Date.parse(clock.now()) + 8 * 3_600_000).toISOString().slice(0, 7);
    const circular = (await get('supervisor1', `/api/circulars/${month}`)).body as {
      overdueOrders: Array<{ id: string; caseTitle: string; tenantName: string; ownerName: string }>;
    };
    expect(circular.overdueOrders.find((o) => o.id === orderId)).toMatchObject({
      caseTitle: expect.stringContaining('李四'),
      tenantName: 'A镇综治中心',
      ownerName: expect.not.stringMatching(/supervisor1/),
    });
    expect((await get('towna-admin', `/api/cases/${caseId}/supervision-orders`)).status).toBe(200);
    expect((await post('sfs1', `/api/supervision-orders/${orderId}/reply`, { body: 'x' })).status).toBe(404);
    expect((await get('park1', `/api/cases/${caseId}/supervision-orders`)).status).toBe(404);
  });
});

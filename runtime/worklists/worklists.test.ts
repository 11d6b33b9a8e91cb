// The work lists beside 待办 on both databases: 已办, 我发起, 抄送我 with read receipts, paging, isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const INTAKE = { applicantName: '李四', phone: '13900139000', description: '工地拖欠工资', category: '劳动纠纷' };

describe.each(dialects)('work lists on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const get = async (user: string, path: string) => {
    const r = await rt.request('GET', path, { token: await as(user) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const post = async (user: string, path: string, body: unknown = {}) =>
    rt.request('POST', path, { token: await as(user), body });
  let seq = 0;
  /** window1 registers an appeal in town-a (the appeal loop) and completes the intake: rs1 holds the next task. */
  const registered = async () => {
    const trackingNo = `WL-${++seq}`;
    const r = await post('window1', '/api/process-instances', {
      processKey: 'appeal-loop',
      tenant: 'town-a',
      businessKey: trackingNo,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const caseId = r.body.id as string;
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${caseId}`)) as Array<{ id: string }>;
    expect((await post('window1', `/api/tasks/${receive!.id}/complete`, { variables: INTAKE })).status).toBe(200);
    const [handle] = (await get('admin', `/api/tasks?processInstanceId=${caseId}`)) as Array<{ id: string }>;
    return { caseId, trackingNo, receiveId: receive!.id, handleId: handle!.id };
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('已办 lists the tasks I completed and 我发起 the cases I registered, newest first, with the case title; others see neither', async () => {
    const first = await registered();
    const second = await registered();
    const done = await get('window1', '/api/worklists/done');
    expect(done).toMatchObject({ total: 2, page: 1, pageSize: 20, more: false });
    expect(done.items.map((i: { taskId: string }) => i.taskId)).toEqual([second.receiveId, first.receiveId]);
    expect(done.items[0]).toEqual({
      taskId: second.receiveId,
      caseId: second.caseId,
      trackingNo: second.trackingNo,
      caseTitle: '李四 · 劳动纠纷 · A镇综治中心',
      step: '受理登记',
      completedAt: expect.any(String),
      caseStatus: 'active',
    });
    const started = await get('window1', '/api/worklists/started');
    expect(started.items.map((i: { caseId: string }) => i.caseId)).toEqual([second.caseId, first.caseId]);
    expect(started.items[0]).toMatchObject({
      trackingNo: second.trackingNo,
      status: 'active',
      caseTitle: '李四 · 劳动纠纷 · A镇综治中心',
    });
    // A phone appeal registered at the front desk is the clerk's too, with its channel.
    const phone = await post('window1', '/api/front-desk/appeals', { tenant: 'town-a', channel: '电话', data: INTAKE });
    expect(phone.status, JSON.stringify(phone.body)).toBe(201);
    expect((await get('window1', '/api/worklists/started')).items[0]).toMatchObject({
      caseId: phone.body.processInstanceId,
      trackingNo: phone.body.trackingNo,
      channel: '电话',
    });
    expect(await get('window1', '/api/worklists/counts')).toEqual({ done: 2, started: 3, ccUnread: 0 });
    expect((await get('rs1', '/api/worklists/done')).total).toBe(0);
    expect((await get('rs1', '/api/worklists/started')).total).toBe(0);
  });

  it('pages by 20', async () => {
    const seen = (await get('window1', '/api/worklists/started')).total as number;
    for (let i = seen; i < 21; i++) {
      const r = await post('window1', '/api/front-desk/appeals', { tenant: 'town-a', channel: '窗口', data: INTAKE });
      expect(r.status).toBe(201);
    }
    const page1 = await get('window1', '/api/worklists/started');
    expect(page1).toMatchObject({ total: 21, more: true });
    expect(page1.items).toHaveLength(20);
    const page2 = await get('window1', '/api/worklists/started?page=2');
    expect(page2).toMatchObject({ total: 21, page: 2, more: false });
    expect(page2.items).toHaveLength(1);
    expect(page1.items.map((i: { caseId: string }) => i.caseId)).not.toContain(page2.items[0].caseId);
    expect((await rt.request('GET', '/api/worklists/started?page=0', { token: await as('window1') })).status).toBe(400);
  });

  it('抄送我: unread until opened; opening marks it read and lets the recipient read the case; the sender sees who read it', async () => {
    const { caseId, handleId } = await registered();
    // zz1 (综合组) works nowhere on this case: 404 until it is copied.
    expect((await rt.request('GET', `/api/cases/${caseId}`, { token: await as('zz1') })).status).toBe(404);
    expect(
      (await post('rs1', `/api/tasks/${handleId}/cc`, { users: ['zz1'], groups: ['followup'], note: '请知悉并配合' }))
        .status,
    ).toBe(200);

    const inbox = await get('zz1', '/api/worklists/cc');
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    const [copy] = inbox.items;
    expect(copy).toMatchObject({
      caseId,
      caseTitle: '李四 · 劳动纠纷 · A镇综治中心',
      step: '人社局办理',
      note: '请知悉并配合',
      from: 'rs1',
      fromName: '人社局 张敏',
      readAt: null,
      recipient: { kind: 'user', id: 'zz1', name: '综合组 陈静' },
    });
    expect((await get('zz1', '/api/worklists/counts')).ccUnread).toBe(1);
    expect((await rt.request('GET', `/api/cases/${caseId}`, { token: await as('zz1') })).status).toBe(200);

    // Someone else cannot mark zz1's copy read.
    expect((await post('zj1', `/api/worklists/cc/${copy.id}/read`)).status).toBe(404);
    const read = await post('zz1', `/api/worklists/cc/${copy.id}/read`);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({
      id: copy.id,
      readAt: expect.any(String),
      readBy: 'zz1',
      readByName: '综合组 陈静',
    });
    expect(await get('zz1', '/api/worklists/cc')).toMatchObject({ unread: 0 });
    // Reading again keeps the first reading.
    expect((await post('zz1', `/api/worklists/cc/${copy.id}/read`)).body.readAt).toBe(read.body.readAt);

    // A copy to a department: any member reads it; its name shows.
    const group = (await get('followup1', '/api/worklists/cc')).items[0];
    expect(group).toMatchObject({
      recipient: { kind: 'group', id: 'followup', name: expect.any(String) },
      readAt: null,
    });

    const sent = await get('rs1', '/api/worklists/cc-sent');
    expect(
      sent.items.map((i: { recipient: { id: string }; readBy: string | null }) => [i.recipient.id, i.readBy]).sort(),
    ).toEqual([
      ['followup', null],
      ['zz1', 'zz1'],
    ]);
    expect((await get('zz1', '/api/worklists/cc-sent')).total).toBe(0);
  });
});

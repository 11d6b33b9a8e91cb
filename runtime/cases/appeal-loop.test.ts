import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('appeal loop over HTTP on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('runs a case from intake to follow-up, with forms validated and history kept', async () => {
    const start = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'A-001' },
    });
    expect(start.status).toBe(201);
    expect(start.body.activeElementIds).toEqual(['Task_Receive']);
    const id = start.body.id as string;

    const window1 = await rt.login('window1');
    const inbox = await rt.request('GET', '/api/tasks?candidateGroup=window', { token: window1 });
    const receive = inbox.body.find((t: { processInstanceId: string }) => t.processInstanceId === id);
    expect(receive).toMatchObject({
      elementId: 'Task_Receive',
      formId: 'appeal-intake',
      candidateGroups: ['window'],
      status: 'open',
    });

    const bad = await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
      token: window1,
      body: { variables: { applicantName: '张', phone: '123' } },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FORM_INVALID');
    expect(bad.body.error.problems.map((p: { message: string }) => p.message)).toContain('请填写诉求类别');
    expect((await rt.request('GET', `/api/tasks/${receive.id}`, { token: window1 })).body.status).toBe('open');

    const ok = await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
      token: window1,
      body: {
        variables: {
          applicantName: '张三',
          phone: '13800138000',
          category: '劳动纠纷',
          description: '工地拖欠三个月工资',
        },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'completed', completedBy: 'window1' });
    const again = await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
      token: window1,
      body: { variables: {} },
    });
    expect(again.status).toBe(409);

    const rs1 = await rt.login('rs1');
    const handle = (await rt.request('GET', `/api/tasks?processInstanceId=${id}`, { token: rs1 })).body[0];
    expect(handle).toMatchObject({
      elementId: 'Task_HandleLabour',
      candidateGroups: ['dept-rs'],
      deadline: '5 workDay',
    });
    expect(handle.dueAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await rt.request('POST', `/api/tasks/${handle.id}/claim`, { token: rs1 })).body.assignee).toBe('rs1');
    expect(
      (
        await rt.request('POST', `/api/tasks/${handle.id}/complete`, {
          token: rs1,
          body: { variables: { result: '已督促企业支付工资', resolved: true } },
        })
      ).status,
    ).toBe(200);

    const follow1 = await rt.login('followup1');
    const follow = (await rt.request('GET', `/api/tasks?candidateGroup=followup`, { token: follow1 })).body.find(
      (t: { processInstanceId: string }) => t.processInstanceId === id,
    );
    expect(
      (
        await rt.request('POST', `/api/tasks/${follow.id}/complete`, {
          token: follow1,
          body: { variables: { satisfaction: '满意' } },
        })
      ).status,
    ).toBe(200);

    const done = await rt.request('GET', `/api/process-instances/${id}`, { token: admin });
    expect(done.body).toMatchObject({ status: 'completed', businessKey: 'A-001', activeElementIds: [] });
    expect(done.body.variables).toMatchObject({ category: '劳动纠纷', resolved: true, satisfaction: '满意' });
    const history = (await rt.request('GET', `/api/process-instances/${id}/history`, { token: admin })).body.events;
    const completed = history
      .filter((e: { type: string }) => e.type === 'elementCompleted')
      .map((e: { elementId: string }) => e.elementId);
    expect(completed).toEqual([
      'StartEvent_Appeal',
      'Task_Receive',
      'Gateway_Route',
      'Task_HandleLabour',
      'Gateway_Handled',
      'Task_FollowUp',
      'End_Closed',
    ]);
    expect(history.find((e: { type: string }) => e.type === 'taskClaimed').actor).toBe('rs1');
    // The 72-hour urge timer was cancelled when the department finished.
    expect(await rt.deps.db.knex('jobs').where({ instance_id: id }).count('* as n')).toEqual([{ n: 0 }]);
  });

  it('fires the urge timer when the controlled clock passes 72 hours', async () => {
    const start = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'city' },
    });
    const id = start.body.id as string;
    const receive = (await rt.request('GET', `/api/tasks?processInstanceId=${id}`, { token: admin })).body[0];
    await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
      token: admin,
      body: {
        variables: {
          applicantName: '李四',
          phone: '13900139000',
          category: '物业纠纷',
          description: '物业长期不维修电梯',
        },
      },
    });
    expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'PT73H' } })).status).toBe(
      200,
    );
    await expect
      .poll(
        async () => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body.activeElementIds,
        { timeout: 5000 },
      )
      .toEqual(['Task_HandleHousing', 'Task_Urge']);
  });
});

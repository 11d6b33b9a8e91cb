// The city template (examples/appeal/city-appeal.bpmn): every path of the closed loop, as the
// report runs it — 受理审查, 分类转办 by the 派单目录 with the dispatcher's confirmation, the
// department's handling with 退单, the centre's 审核, 回访 with 重办 and 督办.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '周八',
  phone: '13500003333',
  category: '劳动纠纷',
  description: '工地拖欠三个月工资，多次讨要无果',
};

describe.each(dialects)('the city appeal loop on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  type Task = { id: string; elementId: string; candidateGroups: string[]; deadline?: string; light: string | null };

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  const caseOf = async (caseId: string) =>
    (await rt.request('GET', `/api/process-instances/${caseId}`, { token: admin })).body;
  /** Completes the case's one open task, which must be `elementId`, with what the form showed plus `changes`. */
  const step = async (caseId: string, elementId: string, changes: Record<string, unknown> = {}, user = 'admin') => {
    const open = await tasksOf(caseId);
    expect(open.map((t) => t.elementId)).toEqual([elementId]);
    const token = user === 'admin' ? admin : await rt.login(user);
    const form = (await rt.request('GET', `/api/tasks/${open[0]!.id}/form`, { token })).body;
    const done = await rt.request('POST', `/api/tasks/${open[0]!.id}/complete`, {
      token,
      body: { variables: { ...form.data, ...changes } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return { task: open[0]!, form };
  };
  /** A citizen's appeal from the public page, registered and accepted for referral. */
  const referred = async (tenant: string, appeal: Record<string, unknown> = APPEAL) => {
    const r = await rt.request('POST', `/api/public/intake/${tenant}`, { body: { data: appeal } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body;
    expect(c.processKey).toBe('city-appeal');
    await step(c.id, 'Task_Receive');
    await step(c.id, 'Task_Accept', { acceptance: '转办' });
    return c.id as string;
  };
  const completedElements = async (caseId: string) =>
    (
      (await rt.request('GET', `/api/process-instances/${caseId}/history`, { token: admin })).body.events as Array<{
        type: string;
        elementId: string;
      }>
    )
      .filter((e) => e.type === 'elementCompleted')
      .map((e) => e.elementId);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('a read-only phone shown masked (no pii:read) carries no phone format, so the form can be submitted in the browser', async () => {
    const r = await rt.request('POST', '/api/public/intake/city', { body: { data: APPEAL } });
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body;
    await step(c.id, 'Task_Receive');
    const [accept] = await tasksOf(c.id);
    const form = (await rt.request('GET', `/api/tasks/${accept!.id}/form`, { token: await rt.login('window1') })).body;
    expect(form.data.phone).toBe('135****3333');
    expect(form.schema.properties.phone).toMatchObject({ readOnly: true });
    expect(form.schema.properties.phone).not.toHaveProperty('format');
    expect(form.schema.properties.phone).not.toHaveProperty('pattern');
    // The administrator reads the number and keeps its format.
    const full = (await rt.request('GET', `/api/tasks/${accept!.id}/form`, { token: admin })).body;
    expect(full.data.phone).toBe('13500003333');
  });

  it('answers on the spot and closes (即时响应)', async () => {
    const r = await rt.request('POST', '/api/tenants/city/appeals', {
      token: await rt.login('window1'),
      body: { channel: 'window', data: { ...APPEAL, category: '法律援助' } },
    });
    const id = r.body.processInstanceId as string;
    await step(id, 'Task_Receive', {}, 'window1');
    const missing = await rt.request('POST', `/api/tasks/${(await tasksOf(id))[0]!.id}/complete`, {
      token: admin,
      body: { variables: { ...APPEAL, acceptance: '当场答复' } },
    });
    expect(missing.body.error.code).toBe('FORM_INVALID'); // an on-the-spot answer needs the answer
    await step(id, 'Task_Accept', { acceptance: '当场答复', answer: '已当场告知申请法律援助的条件和材料' }, 'window1');
    expect(await caseOf(id)).toMatchObject({
      status: 'completed',
      variables: { channel: '窗口', acceptance: '当场答复' },
    });
    expect(await completedElements(id)).toContain('End_OnSpot');
  });

  it('does not accept, with the reason', async () => {
    const r = await rt.request('POST', '/api/public/intake/city', {
      body: { data: { ...APPEAL, category: '涉诉纠纷' } },
    });
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body;
    await step(c.id, 'Task_Receive');
    await step(c.id, 'Task_Accept', { acceptance: '不予受理', rejectReason: '属诉讼、仲裁、复议等法定途径' });
    expect(await caseOf(c.id)).toMatchObject({
      status: 'completed',
      variables: { rejectReason: '属诉讼、仲裁、复议等法定途径' },
    });
    expect(await completedElements(c.id)).toContain('End_NotAccepted');
  });

  it('refers by the 派单目录: the dispatcher confirms the proposal, the department handles within its limit, the centre accepts, the citizen is satisfied', async () => {
    const id = await referred('street-b');
    const { form } = await step(id, 'Task_Dispatch', {}, 'dispatcher1');
    expect(form.data).toMatchObject({
      department: 'dept-rs',
      departmentName: '市人力资源和社会保障局',
      timeLimit: '5 workDay',
      category: '劳动纠纷',
    });
    const [handle] = await tasksOf(id);
    expect(handle).toMatchObject({ elementId: 'Task_Handle', candidateGroups: ['dept-rs'], deadline: '5 workDay' });
    await step(id, 'Task_Handle', { handleResult: '办结', answer: '已责令施工方三日内结清工资' }, 'rs1');
    await step(id, 'Task_Review', { reviewResult: '通过' }, 'dispatcher1');
    await step(id, 'Task_FollowUp', { satisfaction: '基本满意' }, 'followup1');
    expect(await caseOf(id)).toMatchObject({
      status: 'completed',
      variables: { satisfaction: '基本满意', department: 'dept-rs' },
    });
    expect(await completedElements(id)).toEqual([
      'StartEvent_Appeal',
      'Task_Receive',
      'Task_Accept',
      'Gateway_Accept',
      'Rule_Catalogue',
      'Gateway_ToDispatch',
      'Task_Dispatch',
      'Gateway_ToHandle',
      'Task_Handle',
      'Gateway_Handled',
      'Task_Review',
      'Gateway_Review',
      'Task_FollowUp',
      'Gateway_Satisfaction',
      'End_Closed',
    ]);
  });

  it('the dispatcher changes the proposal; the department refuses (退单) and the case is re-routed', async () => {
    const id = await referred('city', { ...APPEAL, category: '其他' });
    await step(id, 'Task_Dispatch', {
      department: 'dept-zj',
      departmentName: '市住房和城乡建设局',
      timeLimit: '3 workDay',
    });
    expect((await tasksOf(id))[0]).toMatchObject({ candidateGroups: ['dept-zj'], deadline: '3 workDay' });
    const refused = await rt.request('POST', `/api/tasks/${(await tasksOf(id))[0]!.id}/complete`, {
      token: admin,
      body: { variables: { handleResult: '退单' } },
    });
    expect(refused.body.error.code).toBe('FORM_INVALID'); // a refusal needs its reason
    await step(id, 'Task_Handle', { handleResult: '退单', refusalReason: '不属本部门职责' }, 'zj1');
    const { form } = await step(
      id,
      'Task_Dispatch',
      { department: 'dept-rs', departmentName: '市人力资源和社会保障局', timeLimit: '5 workDay' },
      'dispatcher1',
    );
    expect(form.data).toMatchObject({ refusalReason: '不属本部门职责', department: 'dept-zj' });
    expect((await tasksOf(id))[0]).toMatchObject({
      elementId: 'Task_Handle',
      candidateGroups: ['dept-rs'],
      deadline: '5 workDay',
    });
  });

  it('the centre returns an answer to the department (审核退回), which handles it again', async () => {
    const id = await referred('city');
    await step(id, 'Task_Dispatch');
    await step(id, 'Task_Handle', { handleResult: '办结', answer: '已电话联系企业' });
    await step(id, 'Task_Review', { reviewResult: '退回', reviewComment: '未说明工资何时支付' });
    const { form } = await step(id, 'Task_Handle', { handleResult: '办结', answer: '企业承诺12月10日前支付全部工资' });
    expect(form.data.reviewComment).toBe('未说明工资何时支付');
    expect((await tasksOf(id))[0]!.elementId).toBe('Task_Review');
  });

  it('不满意 reopens the case for 重办 by the same department with a new deadline; then satisfied, it closes', async () => {
    const id = await referred('city', { ...APPEAL, category: '物业纠纷' });
    await step(id, 'Task_Dispatch');
    const first = (await step(id, 'Task_Handle', { handleResult: '办结', answer: '已约谈物业公司' })).task;
    await step(id, 'Task_Review', { reviewResult: '通过' });
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P2D' } });
    await step(id, 'Task_FollowUp', { satisfaction: '不满意', remark: '电梯仍未修好' });
    const [rework] = await tasksOf(id);
    expect(rework).toMatchObject({ elementId: 'Task_Handle', candidateGroups: ['dept-zj'], deadline: '5 workDay' });
    expect(rework!.id).not.toBe(first.id);
    expect((await caseOf(id)).variables.reworkCount).toBe(1);
    await step(id, 'Task_Handle', { handleResult: '办结', answer: '电梯已修复并验收' });
    await step(id, 'Task_Review', { reviewResult: '通过' });
    await step(id, 'Task_FollowUp', { satisfaction: '满意' });
    expect(await caseOf(id)).toMatchObject({
      status: 'completed',
      variables: { satisfaction: '满意', reworkCount: 1 },
    });
  });

  it('still 不满意 after two reworks: the case goes to the supervisor (督办)', async () => {
    const id = await referred('city', { ...APPEAL, category: '环境污染' });
    await step(id, 'Task_Dispatch');
    for (let round = 1; round <= 3; round++) {
      await step(id, 'Task_Handle', { handleResult: '办结', answer: `第${round}次处理：已现场检查` });
      await step(id, 'Task_Review', { reviewResult: '通过' });
      await step(id, 'Task_FollowUp', { satisfaction: '不满意', remark: '异味依旧' });
      expect((await caseOf(id)).variables.reworkCount).toBe(round);
    }
    await step(id, 'Task_Supervise', { supervisionNote: '约谈生态环境局分管领导，限期整改' }, 'supervisor1');
    expect((await caseOf(id)).status).toBe('completed');
    expect(await completedElements(id)).toContain('End_Supervised');
  });

  it('an overdue department task turns red through the deadline ladder; no empty 催办 task appears', async () => {
    const id = await referred('city', { ...APPEAL, category: '治安问题' });
    await step(id, 'Task_Dispatch');
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P5D' } });
    await expect
      .poll(async () => (await tasksOf(id)).map((t) => [t.elementId, t.light]), { timeout: 5000 })
      .toEqual([['Task_Handle', 'red']]);
  });
});

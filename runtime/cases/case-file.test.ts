import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

// The appeal loop as "appeal-perm", whose 人社局 step hides the channel, lets the handler correct
// the category (and requires it), and leaves the rest of the intake read-only by default.
const PERMISSIONS =
  '<civic:fieldPermissions><civic:field name="channel" access="hidden" /><civic:field name="category" access="required" /></civic:fieldPermissions>';
const BPMN = readFileSync(new URL('../../examples/appeal/appeal-loop.bpmn', import.meta.url), 'utf8')
  .replace('<bpmn:process id="appeal-loop"', '<bpmn:process id="appeal-perm"')
  .replace('bpmnElement="appeal-loop"', 'bpmnElement="appeal-perm"')
  .replace(/(<bpmn:userTask id="Task_HandleLabour"[\s\S]*?<civic:deadline [^>]*\/>)/, `$1${PERMISSIONS}`);

const INTAKE = {
  applicantName: '张三',
  phone: '13812341234',
  category: '劳动纠纷',
  description: '工地拖欠三个月工资',
  channel: '电话',
};

describe.each(dialects)('the case file on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let rs1: string;
  let zj1: string;
  let caseId: string;
  let handleId: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    expect(
      (
        await rt.request('POST', '/api/deployments', {
          token: admin,
          body: { tenant: 'city', resources: [{ name: 'appeal-perm.bpmn', content: BPMN }] },
        })
      ).status,
    ).toBe(201);
    rs1 = await rt.login('rs1');
    zj1 = await rt.login('zj1');
    const start = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-perm', tenant: 'city', businessKey: 'SQ20261207-0001' },
    });
    caseId = start.body.id;
    const window1 = await rt.login('window1');
    const receive = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: window1 })).body[0];
    expect(
      (
        await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
          token: window1,
          body: { variables: INTAKE, opinion: '材料齐全，转人社局' },
        })
      ).status,
    ).toBe(200);
    handleId = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: rs1 })).body[0].id;
  });
  afterAll(async () => rt?.stop());

  it('shows the handler the intake above its own form, the hidden field nowhere, the phone masked', async () => {
    const form = await rt.request('GET', `/api/tasks/${handleId}/form`, { token: rs1 });
    expect(form.status).toBe(200);
    expect(form.body.caseData).toEqual([
      expect.objectContaining({
        elementId: 'Task_Receive',
        name: '受理登记',
        completedBy: 'window1',
        fields: [
          { key: 'applicantName', label: '诉求人姓名', value: '张三' },
          { key: 'phone', label: '联系电话', value: '138****1234' },
          { key: 'description', label: '诉求内容', value: '工地拖欠三个月工资' },
        ],
      }),
    ]);
    // `required` brings the category into the step's own form, editable and required.
    expect(Object.keys(form.body.schema.properties)).toEqual(['result', 'resolved', 'category']);
    expect(form.body.schema.required).toEqual(['result', 'resolved', 'category']);
    expect(form.body.data).toEqual({ category: '劳动纠纷' });
    for (const path of [
      `/api/tasks/${handleId}/form`,
      `/api/cases/${caseId}`,
      `/api/process-instances/${caseId}`,
      `/api/cases/${caseId}/print`,
    ]) {
      const r = await rt.request('GET', path, { token: rs1 });
      expect(r.status, path).toBe(200);
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      expect(text, path).not.toContain('"电话"'); // the channel's value as a JSON string
      expect(text, path).not.toContain('来源渠道：电话'); // … and as printed
      expect(text, path).not.toContain('"channel":"');
      expect(text, path).not.toContain('13812341234');
      expect(text, path).toContain('138****1234');
    }
  });

  it('shows supervisors every field and administrators (pii:read) the phone in full', async () => {
    const byAdmin = await rt.request('GET', `/api/cases/${caseId}`, { token: admin });
    expect(byAdmin.body).toMatchObject({
      trackingNo: 'SQ20261207-0001',
      channel: '电话',
      category: '劳动纠纷',
      appellant: { name: '张三', phone: '13812341234' },
    });
    const dispatcher = await rt.login('dispatcher1'); // supervisor without pii:read
    const bySupervisor = await rt.request('GET', `/api/cases/${caseId}`, { token: dispatcher });
    expect(bySupervisor.body).toMatchObject({ channel: '电话', appellant: { phone: '138****1234' } });
  });

  it('refuses a change to read-only data with FIELD_READONLY and accepts the form with the masked phone sent back', async () => {
    const changed = await rt.request('POST', `/api/tasks/${handleId}/complete`, {
      token: rs1,
      body: { variables: { result: '已督促企业支付工资', resolved: true, category: '劳动纠纷', phone: '13900000000' } },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error.code).toBe('FIELD_READONLY');
    expect(changed.body.error.message).toContain('联系电话');
    const hidden = await rt.request('POST', `/api/tasks/${handleId}/complete`, {
      token: rs1,
      body: { variables: { result: '已督促企业支付工资', resolved: true, category: '劳动纠纷', channel: '窗口' } },
    });
    expect(hidden.body.error.code).toBe('FIELD_READONLY');
    const missing = await rt.request('POST', `/api/tasks/${handleId}/complete`, {
      token: rs1,
      body: { variables: { result: '已督促企业支付工资', resolved: true, category: '' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('FORM_INVALID');
    expect(missing.body.error.problems).toContainEqual(
      expect.objectContaining({ path: '/category', message: '请填写诉求类别' }),
    );
  });

  it('keeps a draft for its holder only, unvalidated, and completes later with an opinion', async () => {
    expect((await rt.request('GET', `/api/tasks/${handleId}/draft`, { token: rs1 })).status).toBe(404);
    const saved = await rt.request('PUT', `/api/tasks/${handleId}/draft`, {
      token: rs1,
      body: { data: { result: '未完' } },
    });
    expect(saved.status).toBe(200);
    expect((await rt.request('GET', `/api/tasks/${handleId}/draft`, { token: rs1 })).body.data).toEqual({
      result: '未完',
    });
    expect((await rt.request('GET', `/api/tasks/${handleId}/form`, { token: rs1 })).body.draft.data).toEqual({
      result: '未完',
    });
    expect((await rt.request('GET', `/api/tasks/${handleId}/draft`, { token: admin })).status).toBe(404);
    const done = await rt.request('POST', `/api/tasks/${handleId}/complete`, {
      token: rs1,
      body: {
        variables: {
          result: '已督促企业支付工资',
          resolved: true,
          category: '劳动纠纷',
          phone: '138****1234',
          description: '工地拖欠三个月工资',
        },
        opinion: '企业已承诺月底前付清',
      },
    });
    expect(done.status).toBe(200);
    expect((await rt.request('GET', `/api/tasks/${handleId}/draft`, { token: rs1 })).status).toBe(404);
    expect((await rt.request('GET', `/api/cases/${caseId}`, { token: admin })).body.appellant.phone).toBe(
      '13812341234',
    );
    expect(
      (
        await rt.request('POST', `/api/tasks/${handleId}/comments`, {
          token: rs1,
          body: { body: '补充：已电话回复诉求人' },
        })
      ).status,
    ).toBe(201);

    const file = (await rt.request('GET', `/api/cases/${caseId}`, { token: rs1 })).body;
    expect(file.opinions.map((o: { body: string; stepName: string }) => [o.stepName, o.body])).toEqual([
      ['受理登记', '材料齐全，转人社局'],
      ['人社局办理', '企业已承诺月底前付清'],
      ['人社局办理', '补充：已电话回复诉求人'],
    ]);
    expect(file.currentSteps).toEqual([
      expect.objectContaining({ elementId: 'Task_FollowUp', departments: ['回访组'], light: 'green' }),
    ]);
    const texts = file.timeline.map((e: { actor: string | null; text: string }) => `${e.actor ?? ''} ${e.text}`);
    expect(texts).toContain('窗口受理员 王芳 办结「受理登记」');
    expect(texts).toContain('人社局 张敏 办结「人社局办理」');
    expect(texts).toContain('人社局 张敏 在「人社局办理」填写意见：企业已承诺月底前付清');
    expect(JSON.stringify(file.timeline)).not.toMatch(/Task_|StartEvent|Gateway/);
    expect(file.diagram.elements).toContainEqual({ id: 'Task_FollowUp', state: 'active', times: 1 });
    expect(file.diagram.elements).toContainEqual({ id: 'Task_HandleLabour', state: 'completed', times: 1 });

    const print = await rt.request('GET', `/api/cases/${caseId}/print`, { token: rs1 });
    expect(print.status).toBe(200);
    for (const text of [
      '市综治中心',
      'SQ20261207-0001',
      '受理登记',
      '人社局办理',
      '回访',
      '企业已承诺月底前付清',
      '人社局 张敏',
      'counter(page)',
    ])
      expect(print.body).toContain(text);
    const xml = await rt.request('GET', `/api/cases/${caseId}/diagram`, { token: rs1 });
    expect(xml.body).toContain('id="appeal-perm"');
  });

  it('answers 404 to staff of another department for a case it never touched', async () => {
    for (const path of [`/api/cases/${caseId}`, `/api/cases/${caseId}/print`, `/api/cases/${caseId}/diagram`])
      expect((await rt.request('GET', path, { token: zj1 })).status, path).toBe(404);
    expect(
      (await rt.request('POST', `/api/cases/${caseId}/opinions`, { token: zj1, body: { body: '越权' } })).status,
    ).toBe(404);
  });
});

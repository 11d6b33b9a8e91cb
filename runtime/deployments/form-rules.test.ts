import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { linearBpmn } from '../testing/http.js';

/** A JSON Schema `if/then` (a `then` property written in place reads to the linter like a thenable). */
const ifThen = (condition: object, then: object) => ({ if: condition, then });

const dialects = await testDialects();

// A mediation form as the form designer writes it: formats, a repeatable list, and a field shown and required
// only when 是否群体性 = 是 (an `if/then` the server enforces as the browser does).
const MEDIATION = {
  id: 'mediation-apply',
  name: '调解申请',
  schema: {
    type: 'object',
    required: ['applicant', 'phone'],
    properties: {
      applicant: { type: 'string', title: '申请人', minLength: 2 },
      phone: { type: 'string', title: '联系电话', format: 'cn-mobile', errorMessage: '请填写11位手机号码' },
      idNumber: { type: 'string', title: '身份证号码', format: 'cn-id-card' },
      isGroup: { type: 'boolean', title: '是否群体性' },
      parties: {
        type: 'array',
        title: '当事人',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', title: '姓名' },
            idNumber: { type: 'string', title: '身份证号码', format: 'cn-id-card' },
          },
        },
      },
    },
    allOf: [
      ifThen(
        { properties: { isGroup: { const: true } }, required: ['isGroup'] },
        { properties: { headcount: { type: 'integer', title: '涉及人数', minimum: 2 } }, required: ['headcount'] },
      ),
    ],
  },
  uiSchema: {},
};
const VALID = {
  applicant: '张三',
  phone: '13800000000',
  idNumber: '11010519491231002X',
  parties: [{ name: '李四', idNumber: '440524198001010013' }],
};

describe.each(dialects)('form rules enforced by the server on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  const deploy = (resources: Array<{ name: string; content: unknown }>) =>
    rt.request('POST', '/api/deployments', { token: admin, body: { tenant: 'city', resources } });
  const newTask = async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'mediation', tenant: 'city' },
    });
    return (await rt.request('GET', `/api/tasks?processInstanceId=${c.body.id}`, { token: admin })).body[0]
      .id as string;
  };
  const complete = (task: string, variables: Record<string, unknown>) =>
    rt.request('POST', `/api/tasks/${task}/complete`, {
      token: admin,
      headers: { 'accept-language': 'zh-CN' },
      body: { variables },
    });
  const problems = (res: { body: { error: { problems: Array<{ path: string; message: string }> } } }) =>
    Object.fromEntries(res.body.error.problems.map((p) => [p.path, p.message]));

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    const bpmn = linearBpmn('mediation', [
      { kind: 'user', id: 'Apply', name: '申请', assignee: 'admin', formId: 'mediation-apply' },
    ]);
    const res = await deploy([
      { name: 'mediation.bpmn', content: bpmn },
      { name: 'mediation-apply.form.json', content: MEDIATION },
    ]);
    expect(res.status).toBe(201);
  });
  afterAll(async () => rt?.stop());

  it('refuses a wrong ID check digit, a wrong mobile number and an unnamed party, in plain Chinese naming the labels', async () => {
    const task = await newTask();
    const res = await complete(task, {
      ...VALID,
      phone: '1380000000',
      idNumber: '110105194912310021',
      parties: [{ name: '李四' }, { idNumber: '440524198001010014' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('FORM_INVALID');
    expect(problems(res)).toEqual({
      '/phone': '请填写11位手机号码',
      '/idNumber': '身份证号码不是有效的18位身份证号码，请核对出生日期和最后一位校验码',
      '/parties/1/name': '请填写当事人第2项的姓名',
      '/parties/1/idNumber': '当事人第2项的身份证号码不是有效的18位身份证号码，请核对出生日期和最后一位校验码',
    });
    expect(res.body.error.message).not.toMatch(/\^|\\d|#\/|must|应当/);
    expect((await rt.request('GET', `/api/tasks/${task}`, { token: admin })).body.status).toBe('open');
  });

  it('requires 涉及人数 only when 是否群体性 = 是', async () => {
    const task = await newTask();
    expect(problems(await complete(task, { ...VALID, isGroup: true }))).toEqual({ '/headcount': '请填写涉及人数' });
    expect(problems(await complete(task, { ...VALID, isGroup: true, headcount: 1 }))).toEqual({
      '/headcount': '涉及人数不能小于2',
    });
    expect((await complete(task, { ...VALID, isGroup: false })).status).toBeLessThan(300);
    const other = await newTask();
    expect((await complete(other, { ...VALID, isGroup: true, headcount: 30 })).status).toBeLessThan(300);
  });

  it('refuses at deploy time a form that writes a field key twice or gives one key to two fields', async () => {
    const twice =
      '{"id": "dup", "schema": {"type": "object", "properties": {"phone": {"type": "string", "title": "联系电话"}, "phone": {"type": "string", "title": "手机号码"}}}}';
    const res = await deploy([{ name: 'dup.form.json', content: twice }]);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('FORM_FIELD_DUPLICATE');
    const clash = {
      ...MEDIATION,
      id: 'clash',
      schema: {
        ...MEDIATION.schema,
        properties: { ...MEDIATION.schema.properties, headcount: { type: 'string', title: '备注' } },
      },
    };
    const refused = await deploy([{ name: 'clash.form.json', content: clash }]);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain(
      'field key \\"headcount\\" is used by \\"备注\\" and \\"涉及人数\\"',
    );
    const keys = (await rt.request('GET', '/api/form-definitions', { token: admin })).body.map(
      (f: { key: string }) => f.key,
    );
    expect(keys).toContain('mediation-apply');
    expect(keys).not.toContain('clash');
  });
});

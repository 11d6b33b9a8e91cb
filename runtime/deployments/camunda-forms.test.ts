import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { createTenants, deploy, startCase } from '../testing/durability.js';

const dialects = await testDialects();

// The shared interop corpus (third-party, read in place, never copied): beside the checkout, or beside the worktrees.
const ROOT = resolve(import.meta.dirname, '../..');
const CASES = [resolve(ROOT, '../shared/interop/cases'), resolve(ROOT, '../../shared/interop/cases')].find((d) =>
  existsSync(d),
);
const corpus = (name: string) => readFileSync(resolve(CASES!, `camunda__camunda-8-tutorials__${name}`), 'utf8');

/** A form-js schema as Camunda Modeler writes it. */
const formJs = (id: string, components: unknown[]) =>
  JSON.stringify({ executionPlatform: 'Camunda Cloud', schemaVersion: 18, id, type: 'default', components });

const REVIEW_FORM = formJs('review-form', [
  { type: 'text', id: 'Field_T', text: '## 审核意见' },
  {
    type: 'radio',
    id: 'Field_O',
    key: 'outcome',
    label: '审核结果',
    values: [
      { label: '通过', value: 'approved' },
      { label: '退回', value: 'rejected' },
    ],
    validate: { required: true },
  },
  {
    type: 'textarea',
    id: 'Field_R',
    key: 'reason',
    label: '退回理由',
    conditional: { hide: '=outcome != "rejected"' },
    validate: { required: true, minLength: 4 },
  },
  {
    type: 'group',
    id: 'Field_G',
    label: '经办人',
    path: 'reviewer',
    components: [
      { type: 'textfield', id: 'Field_P', key: 'phone', label: '联系电话', validate: { validationType: 'phone' } },
    ],
  },
]);

describe.each(dialects)('Camunda forms deployed and completed over the API on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    admin = await rt.login('admin');
    await createTenants(rt, admin, [['cf-district', 'city']]);
  });
  afterAll(async () => rt?.stop());

  const openTask = async (instanceId: string) => {
    const res = await rt.request('GET', `/api/tasks?processInstanceId=${instanceId}&status=open`, { token: admin });
    expect(res.status).toBe(200);
    return res.body as Array<{ id: string; elementId: string; formId: string | null }>;
  };
  const complete = async (taskId: string, variables: Record<string, unknown>) => {
    await rt.request('POST', `/api/tasks/${taskId}/claim`, { token: admin, body: {} });
    return rt.request('POST', `/api/tasks/${taskId}/complete`, { token: admin, body: { variables } });
  };

  it('a .bpmn + .form pair: the task form is the compiled schema; completion is checked against it, hidden fields aside', async () => {
    await deploy(rt, admin, 'city', {
      'review.form': REVIEW_FORM,
      'review.bpmn': b.chainProcess('cf-review', [
        b.start(),
        b.userTask('Review', 'window', { formId: 'review-form' }),
        b.end(),
      ]),
    });
    const c = await startCase(rt, admin, 'cf-review', 'city');
    const [task] = await openTask(c.id);
    expect(task).toMatchObject({ elementId: 'Review', formId: 'review-form' });

    const form = await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin });
    expect(form.status).toBe(200);
    expect(form.body.schema.properties.outcome).toEqual({
      type: 'string',
      title: '审核结果',
      enum: ['approved', 'rejected'],
    });
    expect(form.body.schema.properties.reviewer.properties.phone.title).toBe('联系电话');
    expect(form.body.uiSchema.outcome).toEqual({
      'ui:widget': 'radio',
      'ui:enumNames': ['通过', '退回'],
      'ui:description': '审核意见',
    });
    expect(form.body.uiSchema['ui:hideWhen']).toEqual([{ path: ['reason'], when: ['outcome != "rejected"'] }]);

    const wrong = await complete(task!.id, { outcome: 'maybe', reviewer: { phone: '12345' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('FORM_INVALID');
    expect(wrong.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['/outcome', '/reviewer/phone']);
    expect(wrong.body.error.message).toContain('联系电话');

    // Rejected: the reason shows, so it is checked.
    const short = await complete(task!.id, { outcome: 'rejected', reason: '不行' });
    expect(short.status).toBe(400);
    expect(short.body.error.problems).toEqual([
      { path: '/reason', keyword: 'minLength', message: '退回理由至少填写4个字' },
    ]);

    // Approved: the reason is hidden, so a leftover value is not checked.
    const ok = await complete(task!.id, { outcome: 'approved', reason: 'x', reviewer: { phone: '13812345678' } });
    expect(ok.status).toBe(200);
    const done = await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin });
    expect(done.body).toMatchObject({
      status: 'completed',
      variables: { outcome: 'approved', reviewer: { phone: '13812345678' } },
    });
  });

  it('options from a variable (valuesKey) are shown from the case and checked on completion', async () => {
    await deploy(rt, admin, 'city', {
      'street.form': formJs('street-form', [
        { type: 'select', id: 'Field_S', key: 'street', label: '街道', valuesKey: 'streets' },
      ]),
      'street.bpmn': b.chainProcess('cf-street', [
        b.start(),
        b.userTask('Pick', 'window', { formId: 'street-form' }),
        b.end(),
      ]),
    });
    const c = await startCase(rt, admin, 'cf-street', 'city', {
      streets: [
        { label: '东街', value: 'east' },
        { label: '西街', value: 'west' },
      ],
    });
    const [task] = await openTask(c.id);
    const form = await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin });
    expect(form.body.schema.properties.street).toEqual({ title: '街道', enum: ['east', 'west'] });
    expect(form.body.uiSchema.street).toEqual({
      'ui:options': { valuesKey: 'streets' },
      'ui:enumNames': ['东街', '西街'],
    });
    const wrong = await complete(task!.id, { street: 'north' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['/street']);
    expect((await complete(task!.id, { street: 'west' })).status).toBe(200);
  });

  it('formId links a form deployed earlier by an ancestor tenant; a form nobody deployed refuses the deployment', async () => {
    await deploy(rt, admin, 'city', { 'shared-review.form': REVIEW_FORM.replace('"review-form"', '"shared-review"') });
    await deploy(rt, admin, 'cf-district', {
      'district.bpmn': b.chainProcess('cf-district-review', [
        b.start(),
        b.userTask('Review', 'window', { formId: 'shared-review' }),
        b.end(),
      ]),
    });
    const c = await startCase(rt, admin, 'cf-district-review', 'cf-district');
    const [task] = await openTask(c.id);
    expect((await complete(task!.id, { outcome: 'approved' })).status).toBe(200);

    const missing = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'cf-district',
        resources: [
          {
            name: 'm.bpmn',
            content: b.chainProcess('cf-missing', [
              b.start(),
              b.userTask('T', 'window', { formId: 'nowhere' }),
              b.end(),
            ]),
          },
        ],
      },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.problems.map((p: { code: string }) => p.code)).toEqual(['FORM_MISSING']);
  });

  it('a component that cannot be mapped refuses the deployment, naming it in Chinese', async () => {
    const res = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'city',
        resources: [
          {
            name: 'bad.form',
            content: formJs('bad', [{ type: 'iframe', id: 'Field_F', key: 'files', label: '附件' }]),
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.problems).toEqual([
      expect.objectContaining({
        resource: 'bad.form',
        code: 'FORM_COMPONENT_UNSUPPORTED',
        elementId: 'Field_F',
        message: '<Field_F> 表单组件「附件」（iframe）无法转换为 civicflow 表单，请删除或换用支持的组件',
      }),
    ]);
  });

  it.skipIf(!CASES)(
    'the Camunda quick-start (real .bpmn and three .form files, unchanged) runs to its end',
    async () => {
      await deploy(rt, admin, 'city', {
        'Quick_Start__Human_Tasks.bpmn': corpus('Quick_Start__Human_Tasks.bpmn'),
        'DecideWhatsForDinner.form': corpus('DecideWhatsForDinner.form'),
        'prepare-chicken.form': corpus('prepare-chicken.form'),
        'prepare-salad.form': corpus('prepare-salad.form'),
      });
      const c = await startCase(rt, admin, 'template-human-task-tutorial-074nxxb', 'city');
      const [decide] = await openTask(c.id);
      expect(decide).toMatchObject({ elementId: 'decide-dinner', formId: 'DecideWhatsForDinner' });
      const pizza = await complete(decide!.id, { meal: 'pizza' });
      expect(pizza.status).toBe(400);
      expect(pizza.body.error.problems.map((p: { path: string }) => p.path)).toContain('/meal');
      expect((await complete(decide!.id, { meal: 'salad' })).status).toBe(200);
      const [prepare] = await openTask(c.id);
      expect(prepare).toMatchObject({ elementId: 'prepare-salad', formId: 'prepare-salad' });
      expect((await complete(prepare!.id, {})).status).toBe(200);
      expect((await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body).toMatchObject({
        status: 'completed',
        variables: { meal: 'salad' },
      });
    },
  );

  it('an external form reference is shown with the task, which completes without a schema', async () => {
    const external: b.ChainNode = {
      id: 'Ext',
      xml:
        '<bpmn:userTask id="Ext" name="Ext"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="window" />' +
        '<zeebe:formDefinition externalReference="https://forms.example.org/permit" /></bpmn:extensionElements>{flows}</bpmn:userTask>',
    };
    await deploy(rt, admin, 'city', { 'ext.bpmn': b.chainProcess('cf-external', [b.start(), external, b.end()]) });
    const c = await startCase(rt, admin, 'cf-external', 'city');
    const [task] = await openTask(c.id);
    const form = await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin });
    expect(form.body).toMatchObject({ formId: null, externalForm: 'https://forms.example.org/permit' });
    expect((await complete(task!.id, { permitNo: 'P-1' })).status).toBe(200);
    expect((await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body).toMatchObject({
      status: 'completed',
      variables: { permitNo: 'P-1' },
    });
  });

  it.skipIf(!CASES)('an external form reference in a real file is kept', async () => {
    await deploy(rt, admin, 'city', { 'Error_Handling.bpmn': corpus('Error_Handling.bpmn') });
    const defs = await rt.request('GET', '/api/process-definitions?tenant=city&latest=true', { token: admin });
    const def = (defs.body as Array<{ id: string; key: string }>).find((d) =>
      d.key.startsWith('template-error-handling'),
    )!;
    const compiled = (await rt.request('GET', `/api/process-definitions/${def.id}`, { token: admin })).body.compiled;
    expect(compiled.nodes.Activity_0kzg0nb.task).toMatchObject({ externalFormReference: 'Activity_0kzg0nb' });
    expect(compiled.nodes.Activity_0kzg0nb.task.formId).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { bpmn, chain, problemsOf, summary, userTask } from '../fixtures/inline-bpmn.js';
import type { UserTaskSpec } from '../model/index.js';

const between = (node: string, roots = '') =>
  bpmn(`<bpmn:startEvent id="S" />${node}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}${roots}`);
const FORM_JS = {
  schemaVersion: 16,
  type: 'default',
  components: [{ type: 'textfield', id: 'Field_1', key: 'reply', label: '答复', validate: { required: true } }],
};

async function taskOf(
  xml: string,
  extra: Array<{ name: string; content: string }> = [],
): Promise<{ task: UserTaskSpec; forms: string[] }> {
  const r = await compile([{ name: 'p.bpmn', content: xml }, ...extra]);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const node = r.deployment.processes[0]!.nodes.U!;
  if (node.kind !== 'userTask') throw new Error(node.kind);
  return { task: node.task, forms: r.deployment.forms.map((f) => f.id) };
}

describe('user task forms, linked the three ways Zeebe links them', () => {
  it('formId: a Camunda form deployed with it (a .form file)', async () => {
    const { task, forms } = await taskOf(between(userTask('U', '<zeebe:formDefinition formId="reply-form" />')), [
      { name: 'reply.form', content: JSON.stringify({ ...FORM_JS, id: 'reply-form' }) },
    ]);
    expect(task.formId).toBe('reply-form');
    expect(forms).toEqual(['reply-form']);
  });

  it("an embedded zeebe:userTaskForm behind a camunda-forms:bpmn: key, deployed under its process's name", async () => {
    const embedded = `<bpmn:extensionElements><zeebe:userTaskForm id="UserTaskForm_1">${JSON.stringify({
      ...FORM_JS,
      id: 'Form_x',
    })
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')}</zeebe:userTaskForm></bpmn:extensionElements>`;
    const xml = bpmn(
      `${embedded}<bpmn:startEvent id="S" />${userTask('U', '<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1" />')}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}`,
    );
    const { task, forms } = await taskOf(xml);
    expect(task.formId).toBe('p.UserTaskForm_1');
    expect(forms).toEqual(['p.UserTaskForm_1']);
  });

  it('an embedded key whose form is not in the process is missing', async () => {
    const problems = await problemsOf(
      between(userTask('U', '<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_9" />')),
    );
    expect(summary(problems)).toEqual(['FORM_MISSING <U> bpmn:UserTask']);
    expect(problems[0]!.message).toContain('"p.UserTaskForm_9"');
  });

  it.each([
    [
      'externalReference',
      '<zeebe:formDefinition externalReference="https://forms.example.org/appeal" />',
      'https://forms.example.org/appeal',
    ],
    ['a custom form key', '<zeebe:formDefinition formKey="custom:appeal-form" />', 'custom:appeal-form'],
  ])('%s: kept to show as a link; the task has no schema to complete against', async (_what, extension, reference) => {
    const { task, forms } = await taskOf(between(userTask('U', extension)));
    expect(task.externalFormReference).toBe(reference);
    expect(task.formId).toBeUndefined();
    expect(forms).toEqual([]);
  });

  it('a .form that cannot be mapped refuses the deployment, naming the component', async () => {
    const form = {
      ...FORM_JS,
      id: 'reply-form',
      components: [{ type: 'iframe', id: 'Field_F', key: 'files', label: '附件' }],
    };
    const problems = await problemsOf(between(userTask('U', '<zeebe:formDefinition formId="reply-form" />')), {}, [
      { name: 'reply.form', content: JSON.stringify(form) },
    ]);
    expect(summary(problems)).toEqual([
      'FORM_COMPONENT_UNSUPPORTED <Field_F> form:iframe',
      'FORM_MISSING <U> bpmn:UserTask',
    ]);
    expect(problems[0]!.resource).toBe('reply.form');
  });
});

describe('start event forms', () => {
  const startWithForm = (extension: string) =>
    bpmn(
      `<bpmn:startEvent id="S"><bpmn:extensionElements>${extension}</bpmn:extensionElements></bpmn:startEvent>${userTask('U')}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}`,
    );

  it("are kept by start event and checked like a task's form", async () => {
    const r = await compile([
      { name: 'p.bpmn', content: startWithForm('<zeebe:formDefinition formId="apply-form" />') },
      { name: 'apply.form', content: JSON.stringify({ ...FORM_JS, id: 'apply-form' }) },
    ]);
    expect(r.ok && r.deployment.processes[0]!.startForms).toEqual({ S: 'apply-form' });
    expect(r.ok && r.deployment.processes[0]!.formIds).toEqual(['apply-form']);
    const missing = await problemsOf(startWithForm('<zeebe:formDefinition formId="apply-form" />'));
    expect(summary(missing)).toEqual(['FORM_MISSING <S> bpmn:StartEvent']);
  });
});

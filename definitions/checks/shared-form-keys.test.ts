import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { bpmn, flow } from '../fixtures/inline-bpmn.js';
import type { FormDefinition } from '../model/index.js';

const intake: FormDefinition = {
  id: 'intake',
  name: '诉求登记',
  schema: {
    type: 'object',
    properties: {
      phone: { type: 'string', title: '联系电话', format: 'cn-mobile' },
      category: { type: 'string', title: '诉求类别', enum: ['物业纠纷', '劳动纠纷'] },
      count: { type: 'integer', title: '涉及人数' },
    },
  },
};

const task = (id: string, form: string) =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="window" /><zeebe:formDefinition formId="${form}" /></bpmn:extensionElements></bpmn:userTask>`;

/** Intake (form `intake`) then a step asking form `step`. */
const xml = bpmn(`
  <bpmn:startEvent id="S" />
  ${task('T_Intake', 'intake')}
  ${task('T_Step', 'step')}
  <bpmn:endEvent id="E" />
  ${flow('S_T', 'S', 'T_Intake')}${flow('T_T', 'T_Intake', 'T_Step')}${flow('T_E', 'T_Step', 'E')}`);

async function deploy(step: FormDefinition) {
  return compile(
    [
      { name: 'appeal.bpmn', content: xml },
      { name: 'step.form.json', content: { ...step } },
    ],
    { knownForms: [intake] },
  );
}

const ifThen = (condition: object, then: object) => ({ if: condition, then });

const stepWith = (properties: Record<string, unknown>, allOf?: unknown[]): FormDefinition => ({
  id: 'step',
  name: '处置反馈',
  schema: { type: 'object', properties, ...(allOf ? { allOf } : {}) },
});

describe('field keys across the forms a process uses', () => {
  it('refuses a key the intake form uses for another kind of value, naming both forms and labels', async () => {
    const result = await deploy(stepWith({ phone: { type: 'boolean', title: '是否电话回访' } }));
    expect(result.ok).toBe(false);
    const conflict = result.ok ? undefined : result.problems.find((p) => p.code === 'FORM_FIELD_CONFLICT');
    expect(conflict).toMatchObject({
      resource: 'appeal.bpmn',
      subject: 'phone',
      args: { key: 'phone', formA: '诉求登记', labelA: '联系电话', formB: '处置反馈', labelB: '是否电话回访' },
    });
    expect(conflict?.severity).toBeUndefined();
  });

  it('looks at conditional fields and at formats that change the value: a date where the intake has a phone number is another kind', async () => {
    const result = await deploy(
      stepWith({ visited: { type: 'boolean', title: '是否走访' } }, [
        ifThen(
          { properties: { visited: { const: true } } },
          { properties: { phone: { type: 'string', title: '回访日期', format: 'date' } } },
        ),
      ]),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['FORM_FIELD_CONFLICT']);
  });

  it('says nothing when a step asks the same kind of field again, under its label or another, or uses keys of its own', async () => {
    for (const properties of [
      { phone: { type: 'string', title: '回访电话', format: 'cn-landline' } },
      { category: { type: 'string', title: '诉求类别', enum: ['物业纠纷', '劳动纠纷', '其他'] } },
      { result: { type: 'string', title: '处置结果' } },
      { category: { type: 'string', title: '诉求类别' }, count: { type: 'number', title: '人数' } },
    ]) {
      const result = await deploy(stepWith(properties));
      expect(result.ok).toBe(true);
      expect(result.ok ? (result.warnings ?? []) : result.problems).toEqual([]);
    }
  });
});

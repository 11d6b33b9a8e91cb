import { describe, expect, it } from 'vitest';
import { fieldsOf, formOf, newFieldKey, type FormSource } from './form-model.js';

const INTAKE: FormSource = {
  id: 'appeal-intake',
  name: '诉求受理登记',
  schema: {
    type: 'object',
    required: ['applicantName', 'phone'],
    properties: {
      applicantName: { type: 'string', title: '诉求人姓名', minLength: 2, maxLength: 50 },
      phone: { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$' },
      category: { type: 'string', title: '诉求类别', enum: ['劳动纠纷', '其他'] },
      description: { type: 'string', title: '诉求内容' },
    },
  },
  uiSchema: { description: { 'ui:widget': 'textarea' }, 'ui:order': ['applicantName', 'phone', 'category', 'description'] },
};

describe('the form designer’s model', () => {
  it('reads fields with their kinds and gives back the same form unchanged', () => {
    const fields = fieldsOf(INTAKE);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['applicantName', 'text', true], ['phone', 'text', true], ['category', 'choice', false], ['description', 'textarea', false],
    ]);
    expect(formOf(INTAKE, fields)).toEqual(INTAKE);
  });

  it('adds, changes and removes fields, keeping the rules it does not edit', () => {
    const fields = fieldsOf(INTAKE);
    fields[2] = { ...fields[2]!, options: ['劳动纠纷', '欠薪', '其他'], required: true };
    const added = { key: newFieldKey(fields), title: '涉及人数', kind: 'number' as const, required: true, options: [], base: {} };
    const out = formOf(INTAKE, [...fields.filter((f) => f.key !== 'description'), added]);
    expect(out.schema.required).toEqual(['applicantName', 'phone', 'category', 'field5']);
    expect(out.schema.properties).toEqual({
      applicantName: { type: 'string', title: '诉求人姓名', minLength: 2, maxLength: 50 },
      phone: { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$' },
      category: { type: 'string', title: '诉求类别', enum: ['劳动纠纷', '欠薪', '其他'] },
      field5: { type: 'number', title: '涉及人数' },
    });
    expect(out.uiSchema).toEqual({ 'ui:order': ['applicantName', 'phone', 'category', 'field5'] });
  });

  it('a text field turned into a number loses its text rules', () => {
    const [name] = fieldsOf(INTAKE);
    expect(formOf(INTAKE, [{ ...name!, kind: 'number' }]).schema.properties).toEqual({ applicantName: { type: 'number', title: '诉求人姓名' } });
  });
});

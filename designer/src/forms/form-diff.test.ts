import { describe, expect, it } from 'vitest';
import { diffForms } from './form-diff.js';
import type { FormSource } from './form-model.js';

const base: FormSource = {
  id: 'intake',
  uiSchema: { category: { 'ui:enumNames': ['劳动纠纷', '土地纠纷'] } },
  schema: {
    type: 'object',
    required: ['name', 'category'],
    properties: {
      name: { type: 'string', title: '诉求人姓名' },
      phone: { type: 'string', title: '联系电话', format: 'cn-mobile' },
      category: { type: 'string', title: '诉求类别', enum: ['labor', 'land'] },
      parties: {
        type: 'array',
        title: '当事人',
        items: { type: 'object', properties: { pname: { type: 'string', title: '姓名' } } },
      },
      note: { type: 'string', title: '备注' },
    },
  },
};

describe('diffForms', () => {
  it('finds nothing between a form and itself', () => {
    expect(diffForms(base, base)).toEqual([]);
  });

  it('names fields added, removed and changed: label, kind, required and choices', () => {
    const schema = structuredClone(base.schema) as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    schema.properties.name!.title = '姓名';
    schema.properties.phone = { type: 'string', title: '联系电话' };
    schema.required = ['name', 'phone', 'category'];
    schema.properties.category!.enum = ['labor', 'family'];
    delete schema.properties.note;
    schema.properties.count = { type: 'integer', title: '涉及人数' };
    (schema.properties.parties!.items as { properties: Record<string, unknown> }).properties.prole = {
      type: 'string',
      title: '身份',
    };
    const changes = diffForms(base, {
      ...base,
      schema,
      uiSchema: { category: { 'ui:enumNames': ['劳动纠纷', '婚姻家庭'] } },
    });
    expect(changes).toEqual([
      { kind: 'changed', label: '姓名', aspects: [{ aspect: 'label', from: '诉求人姓名', to: '姓名' }] },
      {
        kind: 'changed',
        label: '联系电话',
        aspects: [
          { aspect: 'kind', from: 'mobile', to: 'text' },
          { aspect: 'required', from: false, to: true },
        ],
      },
      {
        kind: 'changed',
        label: '诉求类别',
        aspects: [{ aspect: 'choices', added: ['婚姻家庭（family）'], removed: ['土地纠纷（land）'] }],
      },
      { kind: 'added', label: '当事人 › 身份', aspects: [] },
      { kind: 'added', label: '涉及人数', aspects: [] },
      { kind: 'removed', label: '备注', aspects: [] },
    ]);
  });
});

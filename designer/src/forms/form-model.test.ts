import { describe, expect, it } from 'vitest';
import { validateFormData } from '../../../definitions/index.js';
import { keyFromLabel } from './field-key.js';
import {
  designerFieldsOf,
  emptyField,
  fieldsOf,
  formOf,
  keyProblems,
  newFieldKey,
  optionsFromLabels,
  type Field,
  type FormSource,
} from './form-model.js';

/** A JSON Schema `if/then` (a `then` property written in place reads to the linter like a thenable). */
const ifThen = (condition: object, then: object) => ({ if: condition, then });

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
  uiSchema: {
    description: { 'ui:widget': 'textarea' },
    'ui:order': ['applicantName', 'phone', 'category', 'description'],
  },
};

describe('the form designer’s model', () => {
  it('reads fields with their kinds and gives back the same form unchanged', () => {
    const fields = designerFieldsOf(INTAKE);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['applicantName', 'text', true],
      ['phone', 'text', true],
      ['category', 'choice', false],
      ['description', 'textarea', false],
    ]);
    expect(formOf(INTAKE, fields)).toEqual(INTAKE);
  });

  it('adds, changes and removes fields, keeping the rules it does not edit', () => {
    const fields = designerFieldsOf(INTAKE);
    fields[2] = {
      ...fields[2]!,
      options: optionsFromLabels('劳动纠纷\n欠薪\n其他', fields[2]!.options),
      required: true,
    };
    const added = { ...emptyField('number', [], '涉及人数'), key: newFieldKey(fields), required: true };
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
    const [name] = designerFieldsOf(INTAKE);
    expect(formOf(INTAKE, [{ ...name!, kind: 'number' }]).schema.properties).toEqual({
      applicantName: { type: 'number', title: '诉求人姓名' },
    });
  });
});

const field = (kind: Field['kind'], title: string, change: Partial<Field> = {}): Field => ({
  ...emptyField(kind, [], title),
  ...change,
});

describe('the new field kinds, conditions and keys', () => {
  const parties = field('list', '当事人', {
    key: 'parties',
    required: true,
    children: [
      field('text', '姓名', { key: 'name', required: true }),
      field('idcard', '身份证号码', { key: 'idNumber' }),
      field('mobile', '联系电话', { key: 'phone', errorMessage: '请填写11位手机号码' }),
      field('choice', '角色', { key: 'role', options: optionsFromLabels('申请人\n被申请人', []) }),
    ],
  });
  const fields: Field[] = [
    field('section', '基本情况', {
      key: 'basics',
      children: [
        field('uscc', '统一社会信用代码', { key: 'code' }),
        field('money', '涉及金额', { key: 'amount', limits: { maximum: 1000000 } }),
      ],
    }),
    parties,
    field('boolean', '是否群体性', { key: 'isGroup' }),
    field('number', '涉及人数', {
      key: 'headcount',
      required: true,
      limits: { minimum: 2 },
      when: { key: 'isGroup', value: true },
    }),
    field('confirm', '本人承诺所填内容真实', { key: 'agree', required: true }),
  ];
  const form = formOf({ id: 'mediation', schema: { type: 'object' } }, fields);

  it('writes sections, repeatable lists, formats, money, confirm and a conditional field as JSON Schema', () => {
    expect(form.schema.properties).toMatchObject({
      basics: {
        type: 'object',
        title: '基本情况',
        properties: {
          code: { type: 'string', format: 'cn-uscc' },
          amount: { type: 'number', minimum: 0, multipleOf: 0.01, maximum: 1000000 },
        },
      },
      parties: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            idNumber: { format: 'cn-id-card' },
            phone: { format: 'cn-mobile', errorMessage: '请填写11位手机号码' },
            role: { enum: ['shenQingRen', 'beiShenQingRen'] },
          },
        },
      },
      agree: { type: 'boolean', const: true },
    });
    expect(form.schema.required).toEqual(['parties', 'agree']);
    expect(form.schema.allOf).toEqual([
      ifThen(
        { properties: { isGroup: { const: true } }, required: ['isGroup'] },
        { properties: { headcount: { type: 'number', title: '涉及人数', minimum: 2 } }, required: ['headcount'] },
      ),
    ]);
    expect(form.uiSchema).toMatchObject({
      'ui:order': ['basics', 'parties', 'isGroup', 'headcount', 'agree'],
      parties: { items: { role: { 'ui:enumNames': ['申请人', '被申请人'] } } },
    });
  });

  it('reads back what it wrote', () => {
    const again = designerFieldsOf(form);
    expect(again.map((f) => [f.key, f.kind, f.required, f.when ?? null])).toEqual([
      ['basics', 'section', false, null],
      ['parties', 'list', true, null],
      ['isGroup', 'boolean', false, null],
      ['headcount', 'number', true, { key: 'isGroup', value: true }],
      ['agree', 'confirm', true, null],
    ]);
    expect(again[1]!.children.map((c) => c.kind)).toEqual(['text', 'idcard', 'mobile', 'choice']);
    expect(formOf({ id: 'mediation', schema: { type: 'object' } }, again)).toEqual(form);
  });

  it('is checked by the server’s rules: the conditional field is required only when its condition holds', () => {
    const valid = { parties: [{ name: '张三' }], agree: true };
    expect(validateFormData(form, valid)).toEqual([]);
    expect(validateFormData(form, { ...valid, isGroup: true }).map((p) => p.message)).toEqual(['请填写涉及人数']);
    expect(validateFormData(form, { parties: [{ name: '张三', phone: '123' }] }).map((p) => p.message)).toEqual([
      '请勾选“本人承诺所填内容真实”',
      '请填写11位手机号码',
    ]);
  });

  it('makes readable ASCII keys from Chinese labels, and refuses duplicates and unreadable keys', () => {
    expect(keyFromLabel('涉及人数')).toBe('sheJiRenShu');
    expect(keyFromLabel('联系电话2')).toBe('lianXiDianHua2');
    expect(keyFromLabel('123')).toBe('field123');
    expect(emptyField('text', ['sheJiRenShu'], '涉及人数').key).toBe('sheJiRenShu2');
    const twice = [
      field('text', '联系电话', { key: 'phone' }),
      field('section', '地址', {
        key: 'addr',
        children: [field('text', '甲', { key: 'a' }), field('text', '乙', { key: 'a' })],
      }),
      field('mobile', '手机号码', { key: 'phone' }),
      field('text', '坏', { key: '电话' }),
    ];
    expect(keyProblems(twice)).toEqual([
      { path: [1, 1], kind: 'duplicate', other: '甲' },
      { path: [2], kind: 'duplicate', other: '联系电话' },
      { path: [3], kind: 'invalid' },
    ]);
  });

  it('keeps a choice’s stored values when its labels are edited', () => {
    const before = optionsFromLabels('劳动纠纷\n其他', []);
    expect(optionsFromLabels('劳动争议\n其他', before)).toEqual([
      { value: before[0]!.value, label: '劳动争议' },
      { value: before[1]!.value, label: '其他' },
    ]);
  });
});

describe('the file field (附件/照片)', () => {
  it('is written as an array of attachment references with the upload widget, read back as the same kind, checked by the server', () => {
    const photos: Field = {
      ...emptyField('file', [], '现场照片'),
      key: 'photos',
      required: true,
      limits: { maxItems: 3 },
    };
    const form = formOf({ id: 'intake', schema: { type: 'object' } }, [photos]);
    expect(form.schema).toEqual({
      type: 'object',
      required: ['photos'],
      properties: {
        photos: {
          type: 'array',
          title: '现场照片',
          items: { type: 'string', format: 'civic-attachment' },
          minItems: 1,
          maxItems: 3,
        },
      },
    });
    expect(form.uiSchema).toMatchObject({ photos: { 'ui:widget': 'attachments' } });
    const again = designerFieldsOf(form);
    expect(again.map((f) => [f.key, f.kind, f.required, f.limits])).toEqual([
      ['photos', 'file', true, { maxItems: 3 }],
    ]);
    expect(formOf({ id: 'intake', schema: { type: 'object' } }, again)).toEqual(form);
    expect(validateFormData(form, { photos: ['k3m9x2a7b4c5d6e8'] })).toEqual([]);
    expect(validateFormData(form, { photos: ['<script>'] }).map((p) => p.message)).toEqual([
      '现场照片第1项不是有效的附件，请重新上传',
    ]);
    expect(validateFormData(form, { photos: [] }).map((p) => p.message)).toEqual(['现场照片至少填写1项']);
  });
});

describe('the fields a condition compares', () => {
  it('are the top-level values, each as text, number, choice, yes/no or date', () => {
    const form = formOf({ id: 'f', schema: { type: 'object' } }, [
      field('mobile', '联系电话', { key: 'phone' }),
      field('money', '金额', { key: 'amount' }),
      field('section', '分组', { key: 'group' }),
      field('choice', '类别', { key: 'category', options: optionsFromLabels('劳动纠纷\n其他', []) }),
      field('datetime', '发生时间', { key: 'at' }),
    ]);
    expect(fieldsOf(form).map((f) => [f.key, f.kind, f.options])).toEqual([
      ['phone', 'text', []],
      ['amount', 'number', []],
      ['category', 'choice', ['laoDongJiuFen', 'qiTa']],
      ['at', 'date', []],
    ]);
  });
});

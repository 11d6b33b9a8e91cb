import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFormData } from '../../../definitions/index.js';
import { FIELD_KINDS, type FieldKind, kindSchema, kindUi } from '../forms/field-kinds.js';
import { defaultsOf, formProblems, lightFields, problemsByField } from './light-form.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'appeal');
const cityIntake = JSON.parse(readFileSync(join(examples, 'city-intake.form.json'), 'utf8')) as {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
};

/** A JSON Schema `if/then` (a `then` property written in place reads to the linter like a thenable). */
const ifThen = (condition: object, then: object) => ({ if: condition, then });

/** A form of one field of each kind the form designer offers, as the designer writes them. */
function formOf(kinds: readonly FieldKind[]) {
  const properties: Record<string, unknown> = {};
  const uiSchema: Record<string, unknown> = {};
  for (const kind of kinds) {
    const schema = kindSchema(kind);
    properties[kind] = {
      title: `字段${kind}`,
      ...schema,
      ...(kind === 'choice' ? { enum: ['甲', '乙'] } : {}),
      ...(kind === 'multichoice' ? { type: 'array', items: { type: 'string', enum: ['甲', '乙'] } } : {}),
      // What the form designer nests in a section and a list (form-model.ts).
      ...(kind === 'section' ? { type: 'object', properties: { a: { type: 'string', title: '甲' } } } : {}),
      ...(kind === 'list'
        ? { type: 'array', items: { type: 'object', properties: { a: { type: 'string', title: '甲' } } } }
        : {}),
    };
    const ui = kindUi(kind);
    if (Object.keys(ui).length > 0) uiSchema[kind] = ui;
  }
  return { schema: { type: 'object', properties }, uiSchema };
}

describe('the light renderer of public intake forms', () => {
  it('draws the city intake form (text, phone, choice, long text, number, hidden, photos) with its defaults', () => {
    const fields = lightFields(cityIntake.schema, cityIntake.uiSchema)!;
    expect(fields.map((f) => [f.key, f.kind, f.widget])).toEqual([
      ['applicantName', 'text', 'input'],
      ['phone', 'text', 'input'],
      ['category', 'choice', 'select'],
      ['description', 'textarea', 'textarea'],
      ['channel', 'choice', 'select'],
      ['peopleCount', 'number', 'input'],
      ['riskLevel', 'choice', 'hidden'],
      ['photos', 'file', 'file'],
    ]);
    expect(defaultsOf(fields)).toEqual({ channel: '窗口', peopleCount: 1, riskLevel: '低' });
  });

  it('draws every kind of the form designer but sections, lists and addresses, which the full renderer draws', () => {
    const light = FIELD_KINDS.filter((k) => lightFields(formOf([k]).schema, formOf([k]).uiSchema) !== null);
    expect(FIELD_KINDS.filter((k) => !light.includes(k))).toEqual(['address', 'section', 'list']);
    const fields = lightFields(formOf(light).schema, formOf(light).uiSchema)!;
    expect(fields.map((f) => f.kind)).toEqual(light);
  });

  it('leaves to the full renderer a form with conditions, an order, a custom widget or keywords it does not know', () => {
    const { schema, uiSchema } = cityIntake;
    expect(lightFields({ ...schema, allOf: [ifThen({}, {})] }, uiSchema)).toBeNull();
    expect(lightFields(schema, { ...uiSchema, 'ui:order': ['phone', '*'] })).toBeNull();
    expect(lightFields(schema, { ...uiSchema, description: { 'ui:widget': 'richText' } })).toBeNull();
    expect(lightFields(schema, { ...uiSchema, description: { 'ui:field': 'custom' } })).toBeNull();
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(
      lightFields({ ...schema, properties: { ...props, phone: { ...props.phone, oneOf: [{}] } } }, uiSchema),
    ).toBeNull();
  });

  it('says what is wrong in the same words as the server, first problem of each field', () => {
    const form = formOf(FIELD_KINDS.filter((k) => !['address', 'section', 'list', 'display'].includes(k)));
    const schema = {
      ...form.schema,
      required: ['text', 'confirm'],
      properties: {
        ...form.schema.properties,
        text: { type: 'string', title: '姓名', minLength: 2, maxLength: 5 },
        textarea: { type: 'string', title: '内容', pattern: '^[^x]*$' },
        number: { type: 'integer', title: '人数', minimum: 1, maximum: 9 },
      },
    };
    const fields = lightFields(schema, form.uiSchema)!;
    const cases: Array<Record<string, unknown>> = [
      {},
      { text: '张', confirm: false, number: 0, mobile: '123', idcard: '110105194912310021', money: 1.234 },
      { text: '张三李四王五', textarea: 'axb', number: 10, email: 'a@', uscc: '91320581MA1W8K3X21', confirm: true },
      { text: '张三', confirm: true, landline: '12', date: '2026-02-30', number: 1.5 },
      {
        text: '张三',
        confirm: true,
        mobile: '13700001111',
        idcard: '11010519491231002X',
        money: 12.5,
        date: '2026-02-28',
      },
    ];
    for (const data of cases) {
      const server = validateFormData({ schema } as never, data);
      const firstByField: Record<string, string> = {};
      for (const p of server) firstByField[p.path.split('/')[1]!] ??= p.message;
      expect(formProblems(schema, fields, data, 'zh-CN'), JSON.stringify(data)).toEqual(firstByField);
    }
    expect(formProblems(schema, fields, {}, 'en')).toEqual({
      text: 'Please fill in 姓名',
      confirm: 'Please tick "字段confirm"',
    });
  });

  it("maps the server's problems to the fields drawn, the rest to the form", () => {
    const fields = lightFields(cityIntake.schema, cityIntake.uiSchema)!;
    expect(
      problemsByField(
        [
          { path: '/phone', message: '联系电话的格式不正确，请检查后重新填写' },
          { path: '/phone', message: '联系电话的格式不正确，请检查后重新填写' },
          { path: '', message: '表单中有不属于本表单的内容' },
          { path: '/unknown', message: 'x' },
        ],
        fields,
      ),
    ).toEqual({ phone: ['联系电话的格式不正确，请检查后重新填写'], '': ['表单中有不属于本表单的内容', 'x'] });
  });
});

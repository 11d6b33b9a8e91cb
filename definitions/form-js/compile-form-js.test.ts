import { describe, expect, it } from 'vitest';
import { compileForm } from '../forms/form-resource.js';
import { validateFormData } from '../forms/validate.js';
import type { FormDefinition } from '../model/index.js';
import { compileFormJs } from './compile-form-js.js';
import { FORM_JS_LIMITS } from './limits.js';

/** A form-js schema as Camunda Modeler 8 writes it. */
function formJs(components: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    executionPlatform: 'Camunda Cloud',
    executionPlatformVersion: '8.6.0',
    exporter: { name: 'Camunda Modeler', version: '5.31.0' },
    schemaVersion: 18,
    id: 'f',
    type: 'default',
    components,
    ...extra,
  };
}

function compiled(components: unknown[]): FormDefinition {
  const r = compileForm('f.form', JSON.stringify(formJs(components)));
  expect(r.problems).toEqual([]);
  return r.form!;
}

const field = (type: string, key: string, more: Record<string, unknown> = {}) => ({
  type,
  key,
  id: `Field_${key}`,
  label: key.toUpperCase(),
  ...more,
});
const props = (form: FormDefinition) => form.schema.properties as Record<string, Record<string, unknown>>;
const paths = (form: FormDefinition, data: Record<string, unknown>) =>
  validateFormData(form, data, 'en').map((p) => `${p.path} ${p.keyword}`);

describe('form-js components', () => {
  it.each([
    ['textfield', {}, { type: 'string', title: 'X' }, {}],
    ['textarea', {}, { type: 'string', title: 'X' }, { 'ui:widget': 'textarea' }],
    ['number', {}, { type: 'number', title: 'X' }, {}],
    ['checkbox', {}, { type: 'boolean', title: 'X' }, {}],
    [
      'datetime',
      { subtype: 'date' },
      { type: 'string', title: 'X', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
      { 'ui:widget': 'date' },
    ],
    [
      'radio',
      {
        values: [
          { label: '是', value: 'yes' },
          { label: '否', value: 'no' },
        ],
      },
      { type: 'string', title: 'X', enum: ['yes', 'no'] },
      { 'ui:widget': 'radio', 'ui:enumNames': ['是', '否'] },
    ],
    [
      'select',
      { values: [{ label: 'A', value: 'a' }] },
      { type: 'string', title: 'X', enum: ['a'] },
      { 'ui:enumNames': ['A'] },
    ],
    [
      'checklist',
      { values: [{ label: 'A', value: 'a' }] },
      { type: 'array', title: 'X', uniqueItems: true, items: { type: 'string', enum: ['a'] } },
      { 'ui:widget': 'checkboxes', 'ui:enumNames': ['A'] },
    ],
    [
      'taglist',
      { values: [{ label: 'A', value: 'a' }] },
      { type: 'array', title: 'X', uniqueItems: true, items: { type: 'string', enum: ['a'] } },
      { 'ui:enumNames': ['A'] },
    ],
  ])('%s becomes a JSON Schema field with its widget', (type, more, schema, ui) => {
    const form = compiled([field(type, 'x', more)]);
    expect(props(form).x).toEqual(schema);
    expect(form.uiSchema?.x).toEqual(ui);
  });

  it('checks values by kind: numbers, booleans, options, dates and times as form-js writes them', () => {
    const form = compiled([
      field('number', 'n'),
      field('checkbox', 'c'),
      field('select', 's', { values: [{ label: 'A', value: 'a' }] }),
      field('checklist', 'l', { values: [{ label: 'A', value: 'a' }] }),
      field('datetime', 't', { subtype: 'time' }),
      field('datetime', 'dt', { subtype: 'datetime' }),
    ]);
    expect(paths(form, { n: 2.5, c: true, s: 'a', l: ['a'], t: '14:30', dt: '2024-05-01T14:30+08:00' })).toEqual([]);
    expect(paths(form, { n: '2', c: 'yes', s: 'b', l: ['a', 'b'], t: '2pm', dt: '2024-05-01' })).toEqual([
      '/n type',
      '/c type',
      '/s enum',
      '/l/1 enum',
      '/t pattern',
      '/dt pattern',
    ]);
  });

  it('maps a filepicker to a file field: a list of the case\u2019s attachment ids (one unless multiple)', () => {
    const form = compiled([
      field('filepicker', 'docs', { multiple: 'on', accept: 'image/*,application/pdf' }),
      field('filepicker', 'photo', { validate: { required: true } }),
    ]);
    expect(props(form).docs).toEqual({
      type: 'array',
      items: { type: 'string', format: 'civic-attachment' },
      uniqueItems: true,
      title: 'DOCS',
    });
    expect(form.uiSchema?.docs).toEqual({ 'ui:options': { accept: 'image/*,application/pdf' } });
    expect(props(form).photo).toMatchObject({ maxItems: 1, minItems: 1 });
    const id = 'att_0123456789abcdef';
    expect(paths(form, { docs: [id, `${id}x`], photo: [id] })).toEqual([]);
    expect(paths(form, { docs: ['not an id'], photo: [] })).toEqual(['/docs/0 format', '/photo minItems']);
  });

  it('keeps readonly, disabled, defaultValue, label and description', () => {
    const form = compiled([
      field('textfield', 'x', { readonly: true, defaultValue: 'a', description: '说明' }),
      field('number', 'y', { disabled: true, defaultValue: '5' }),
    ]);
    expect(props(form).x).toEqual({ type: 'string', title: 'X', description: '说明', readOnly: true, default: 'a' });
    expect(form.uiSchema?.x).toEqual({ 'ui:readonly': true });
    expect(props(form).y).toEqual({ type: 'number', title: 'Y', default: 5 });
    expect(form.uiSchema?.y).toEqual({ 'ui:disabled': true });
  });

  it('nests key paths (a.b), groups with a path and dynamic lists; a group without a path adds no level', () => {
    const form = compiled([
      field('textfield', 'a.b', { validate: { required: true } }),
      {
        type: 'group',
        id: 'G1',
        label: '地址',
        path: 'address',
        components: [field('textfield', 'city', { validate: { required: true } })],
      },
      { type: 'group', id: 'G2', label: '无路径', components: [field('textfield', 'flat')] },
      {
        type: 'dynamiclist',
        id: 'L',
        label: '家庭成员',
        path: 'members',
        isRepeating: true,
        components: [field('textfield', 'name', { validate: { required: true } })],
      },
    ]);
    expect(props(form).a).toEqual({
      type: 'object',
      properties: { b: { type: 'string', title: 'A.B', minLength: 1 } },
      required: ['b'],
    });
    expect(props(form).address).toEqual({
      type: 'object',
      title: '地址',
      properties: { city: { type: 'string', title: 'CITY', minLength: 1 } },
      required: ['city'],
    });
    expect(props(form).flat).toEqual({ type: 'string', title: 'FLAT' });
    expect(props(form).members).toEqual({
      type: 'array',
      title: '家庭成员',
      items: {
        type: 'object',
        properties: { name: { type: 'string', title: 'NAME', minLength: 1 } },
        required: ['name'],
      },
    });
    expect(paths(form, { a: { b: 'x' }, address: { city: 'y' }, members: [{ name: 'z' }] })).toEqual([]);
    expect(
      validateFormData(form, { a: { b: '' }, address: { city: '' }, members: [{ name: '' }] }, 'zh-CN').map(
        (p) => `${p.path} ${p.message}`,
      ),
    ).toEqual([
      '/a/b A.B至少填写1个字',
      '/address/city CITY至少填写1个字',
      '/members/0/name 家庭成员第1项的NAME至少填写1个字',
    ]);
  });

  it('shows text, html and image alt as plain text (no markup reaches the page) before the next field; spacers and separators show nothing', () => {
    const form = compiled([
      { type: 'text', id: 'T', text: '# 申请须知\n请**如实**填写' },
      {
        type: 'html',
        id: 'H',
        content: '<p>注意<script>alert(1)</script><b>安全</b></p><img src=x onerror=alert(2)>&lt;b&gt;',
      },
      { type: 'spacer', id: 'S' },
      { type: 'separator', id: 'P' },
      field('textfield', 'x', { description: '字段说明' }),
      { type: 'image', id: 'I', alt: '示意图', source: 'https://example.org/a.png' },
    ]);
    expect(form.uiSchema?.x).toEqual({ 'ui:description': '申请须知\n请如实填写\n\n注意安全\n<b>\n\n字段说明' });
    expect(form.uiSchema?.['ui:description']).toBe('示意图');
  });

  it('takes options from a variable (valuesKey) or FEEL (valuesExpression), kept for the form to read', () => {
    const form = compiled([
      field('select', 's', { valuesKey: 'cities' }),
      field('taglist', 't', { valuesExpression: '=for c in cities return c.name' }),
    ]);
    expect(props(form).s).toEqual({ title: 'S' });
    expect(form.uiSchema?.s).toEqual({ 'ui:options': { valuesKey: 'cities' } });
    expect(form.uiSchema?.t).toEqual({ 'ui:options': { valuesExpression: 'for c in cities return c.name' } });
  });

  it('reads every schemaVersion up to the newest, including the oldest files without one', () => {
    for (const schemaVersion of [undefined, 1, 4, 16, 19]) {
      expect(compileFormJs('f.form', formJs([field('textfield', 'x')], { schemaVersion })).problems).toEqual([]);
    }
  });
});

describe('form-js validate rules', () => {
  it.each([
    ['required', 'textfield', { required: true }, { x: '' }, '/x minLength', { x: 'a' }],
    ['required checklist', 'checklist', { required: true }, { x: [] }, '/x minItems', { x: ['a'] }],
    ['minLength', 'textfield', { minLength: 3 }, { x: 'ab' }, '/x minLength', { x: 'abc' }],
    ['maxLength', 'textarea', { maxLength: 3 }, { x: 'abcd' }, '/x maxLength', { x: 'abc' }],
    ['min', 'number', { min: 1 }, { x: 0 }, '/x minimum', { x: 1 }],
    ['max', 'number', { max: 10 }, { x: 11 }, '/x maximum', { x: 10 }],
    ['pattern', 'textfield', { pattern: '^[A-Z]{2}[0-9]+$' }, { x: 'ab1' }, '/x pattern', { x: 'AB12' }],
    ['email', 'textfield', { validationType: 'email' }, { x: 'not-mail' }, '/x format', { x: 'a@b.cn' }],
    ['phone', 'textfield', { validationType: 'phone' }, { x: '12345' }, '/x pattern', { x: '13812345678' }],
  ])('%s', (_rule, type, validate, bad, problem, good) => {
    const form = compiled([
      field(type, 'x', { validate, ...(type === 'checklist' ? { values: [{ label: 'A', value: 'a' }] } : {}) }),
    ]);
    expect(paths(form, bad)).toEqual([problem]);
    expect(paths(form, good)).toEqual([]);
  });

  it('required: the task page requires the field (JSON Schema `required`); the server, like Zeebe, checks what is submitted', () => {
    const form = compiled([
      field('textfield', 'x', { validate: { required: true } }),
      field('number', 'n', { validate: { required: true, min: 1 } }),
    ]);
    expect(form.schema.required).toEqual(['x', 'n']);
    expect(paths(form, {})).toEqual([]);
    expect(paths(form, { x: '', n: 0 })).toEqual(['/x minLength', '/n minimum']);
  });

  it('accepts international phone numbers too', () => {
    const form = compiled([field('textfield', 'x', { validate: { validationType: 'phone' } })]);
    expect(paths(form, { x: '+49 30 1234567' })).toEqual([]);
  });

  it('refuses a pattern that cannot run in linear time, naming the field', () => {
    const r = compileForm(
      'f.form',
      JSON.stringify(formJs([field('textfield', 'x', { validate: { pattern: '^(a+)\\1$' } })])),
    );
    expect(r.problems.map((p) => p.code)).toEqual(['PATTERN_UNSUPPORTED']);
    expect(r.problems[0]!.message).toContain('"x"');
  });
});

describe('what cannot be mapped is a problem naming the component', () => {
  it.each([
    [
      'an unknown component',
      { type: 'documentPreview', id: 'F', label: '附件', key: 'files' },
      'FORM_COMPONENT_UNSUPPORTED',
      '<F> 表单组件「附件」（documentPreview）无法转换为 civicflow 表单，请删除或换用支持的组件',
    ],
    [
      'an unknown validate rule',
      field('textfield', 'x', { validate: { custom: 1 } }),
      'FORM_COMPONENT_UNSUPPORTED',
      '<Field_x> 表单组件「X」（textfield）的校验规则「custom」无法转换',
    ],
    [
      'a range on text',
      field('textfield', 'x', { validate: { min: 1 } }),
      'FORM_COMPONENT_UNSUPPORTED',
      '<Field_x> 表单组件「X」（textfield）不是数字，不能使用范围规则「min」',
    ],
    [
      'a field without a key',
      { type: 'textfield', id: 'K', label: '姓名' },
      'FORM_COMPONENT_INVALID',
      '<K> 表单组件「姓名」（textfield）没有数据键（key）',
    ],
    [
      'a key used twice',
      field('textfield', 'x'),
      'FORM_COMPONENT_INVALID',
      '<Field_x> 表单组件「X」（textfield）的数据键「x」已被另一个字段使用',
    ],
    [
      'a wrong hide condition',
      field('textfield', 'y', { conditional: { hide: '=a >' } }),
      'FEEL_SYNTAX',
      '<Field_y> 表单组件「Y」（textfield）的隐藏条件「=a >」有误：incomplete comparison',
    ],
    [
      'a FEEL readonly',
      field('textfield', 'y', { readonly: '=done' }),
      'FORM_COMPONENT_UNSUPPORTED',
      '<Field_y> 表单组件「Y」（textfield）的只读条件使用了表达式，暂不支持，请改为固定的是/否',
    ],
  ])('%s', (_what, component, code, message) => {
    const components = _what === 'a key used twice' ? [field('textfield', 'x'), component] : [component];
    const r = compileForm('f.form', JSON.stringify(formJs(components)));
    expect(r.form).toBeUndefined();
    expect(r.problems.map((p) => [p.code, p.message])).toEqual([[code, message]]);
    expect(r.problems[0]!.resource).toBe('f.form');
  });

  it('bounds a form: components, nesting and text', () => {
    const many = Array.from({ length: FORM_JS_LIMITS.maxComponents + 1 }, (_, i) => field('textfield', `f${i}`));
    expect(compileFormJs('f.form', formJs(many)).problems.map((p) => p.code)).toEqual(['FORM_TOO_LARGE']);
    let deep: Record<string, unknown> = field('textfield', 'x');
    for (let i = 0; i <= FORM_JS_LIMITS.maxDepth; i++) deep = { type: 'group', id: `G${i}`, components: [deep] };
    expect(compileFormJs('f.form', formJs([deep])).problems.map((p) => p.code)).toEqual(['FORM_TOO_LARGE']);
    const long = JSON.stringify(formJs([{ type: 'text', id: 'T', text: 'x'.repeat(FORM_JS_LIMITS.maxChars) }]));
    expect(compileForm('f.form', long).problems.map((p) => p.code)).toEqual(['FORM_TOO_LARGE']);
  });

  it('refuses a schemaVersion newer than it knows', () => {
    expect(compileFormJs('f.form', formJs([], { schemaVersion: 99 })).problems.map((p) => p.code)).toEqual([
      'FORM_UNSUPPORTED',
    ]);
  });
});

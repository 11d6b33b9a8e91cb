import { describe, expect, it } from 'vitest';
import { compileForm } from './form-resource.js';
import { summary } from '../fixtures/inline-bpmn.js';

/** A JSON Schema `if/then` (a `then` property written in place reads to the linter like a thenable). */
const ifThen = (condition: object, then: object) => ({ if: condition, then });

const schema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', title: '姓名', minLength: 2 } },
};

describe('form resources', () => {
  it('compiles a form given as an object or as JSON text, keeping name and uiSchema', () => {
    const form = { id: 'appeal-intake', name: '受理登记', schema, uiSchema: { name: { 'ui:autofocus': true } } };
    expect(compileForm('a.form.json', form)).toEqual({ form, problems: [] });
    expect(compileForm('a.form.json', JSON.stringify(form))).toEqual({ form, problems: [] });
  });

  it('does not carry unknown top-level keys into the compiled form', () => {
    const r = compileForm('a.form.json', { id: 'f', schema, extra: 'dropped' });
    expect(r.form).toEqual({ id: 'f', schema });
  });

  it.each([
    ['JSON text that does not parse', '{"id": ', /^form is not valid JSON: /],
    ['an array', '[1, 2]', /^form must be an object \{ id, schema, uiSchema \}$/],
    ['null', 'null', /^form must be an object/],
  ])('rejects %s', (_what, content, message) => {
    const r = compileForm('bad.form.json', content);
    expect(r.form).toBeUndefined();
    expect(summary(r.problems)).toEqual(['FORM_INVALID - -']);
    expect(r.problems[0]!.resource).toBe('bad.form.json');
    expect(r.problems[0]!.message).toMatch(message);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with a space and "!"', 'bad id!'],
    ['starting with a digit', '1-form'],
    ['with a colon (a Camunda form key)', 'camunda-forms:bpmn:form_1'],
    ['longer than 128 characters', `f${'x'.repeat(128)}`],
    ['a number', 42],
  ])('rejects a form id %s', (_what, id) => {
    const r = compileForm('bad.form.json', { id, schema });
    expect(summary(r.problems)).toEqual(['FORM_INVALID - -']);
    expect(r.problems[0]!.message).toBe('form needs an "id" of letters, digits, "_", "-" or "." (at most 128)');
  });

  it('accepts ids with letters, digits, "_", "-" and "." up to 128 characters', () => {
    for (const id of ['a', 'appeal-intake', 'township_01.v2', `f${'x'.repeat(127)}`])
      expect(compileForm('f.form.json', { id, schema }).problems).toEqual([]);
  });

  it('rejects a form without a schema object, and a uiSchema that is not an object', () => {
    const noSchema = compileForm('f.form.json', { id: 'f', schema: 'object' });
    expect(summary(noSchema.problems)).toEqual(['FORM_INVALID <f> form']);
    expect(noSchema.problems[0]!.message).toBe('<f> form has no JSON Schema object in "schema"');
    const badUi = compileForm('f.form.json', { id: 'f', schema, uiSchema: [] });
    expect(summary(badUi.problems)).toEqual(['FORM_INVALID <f> form']);
    expect(badUi.problems[0]!.message).toBe('<f> "uiSchema" must be an object');
  });

  it.each([
    [
      'an unknown type',
      { type: 'object', properties: { a: { type: 'strin' } } },
      /^<f> JSON Schema cannot be compiled: schema is invalid: data\/properties\/a\/type must be equal to one of the allowed values/,
    ],
    [
      'a "required" that is not a list',
      { type: 'object', required: 'a' },
      /^<f> JSON Schema cannot be compiled: schema is invalid: data\/required must be array$/,
    ],
    ['a negative minLength', { type: 'string', minLength: -1 }, /minLength must be >= 0$/],
    [
      'a reference that resolves nowhere',
      { $ref: '#/definitions/nope' },
      /^<f> JSON Schema cannot be compiled: can't resolve reference #\/definitions\/nope/,
    ],
    [
      'a pattern that is not a regular expression',
      { type: 'object', properties: { a: { type: 'string', pattern: '[' } } },
      /^<f> JSON Schema cannot be compiled: Invalid regular expression/,
    ],
    [
      'a draft-04 meta-schema ajv does not know',
      { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
      /^<f> JSON Schema cannot be compiled: no schema with key or ref/,
    ],
    [
      'an unknown format, which ajv would silently not check',
      { type: 'object', properties: { a: { type: 'string', format: 'chinese-id' } } },
      /^<f> JSON Schema would not be fully checked: unknown format "chinese-id" ignored/,
    ],
  ])('rejects a JSON Schema with %s (ajv cannot compile it)', (_what, bad, message) => {
    const r = compileForm('f.form.json', { id: 'f', schema: bad });
    expect(r.form).toBeUndefined();
    expect(summary(r.problems)).toEqual(['FORM_SCHEMA_INVALID <f> form']);
    expect(r.problems[0]!.message).toMatch(message);
  });

  it('accepts the formats ajv-formats provides', () => {
    const formats = {
      type: 'object',
      properties: {
        a: { type: 'string', format: 'date' },
        b: { type: 'string', format: 'email' },
        c: { type: 'string', format: 'uri' },
      },
    };
    expect(compileForm('f.form.json', { id: 'f', schema: formats }).problems).toEqual([]);
  });
});

describe('field keys', () => {
  it('refuses a JSON text that writes a field key twice (JSON.parse would keep only the second)', () => {
    const text =
      '{"id": "f", "schema": {"type": "object", "properties": {"phone": {"type": "string", "title": "联系电话"}, "phone": {"type": "string", "title": "手机号码"}}}}';
    const r = compileForm('f.form.json', text);
    expect(r.form).toBeUndefined();
    expect(r.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'FORM_FIELD_DUPLICATE',
        '"phone" is written twice in one object: the second would silently replace the first; give each field its own key',
      ],
    ]);
  });

  it('does not mistake the same key in different objects, or a key-like string value, for a duplicate', () => {
    const text = JSON.stringify({
      id: 'f',
      schema: {
        type: 'object',
        properties: {
          a: { type: 'object', properties: { name: { type: 'string', title: 'x"y' } } },
          b: { type: 'object', properties: { name: { type: 'string', description: 'name' } } },
        },
      },
    });
    expect(compileForm('f.form.json', text).problems).toEqual([]);
  });

  it('refuses a conditional field that reuses a key of another field, naming both labels', () => {
    const schema = {
      type: 'object',
      properties: { isGroup: { type: 'boolean', title: '是否群体性' }, count: { type: 'string', title: '备注' } },
      allOf: [
        ifThen(
          { properties: { isGroup: { const: true } } },
          { properties: { count: { type: 'integer', title: '涉及人数' } }, required: ['count'] },
        ),
      ],
    };
    const r = compileForm('f.form.json', { id: 'f', schema });
    expect(r.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'FORM_FIELD_DUPLICATE',
        '<f> field key "count" is used by "备注" and "涉及人数": both would write one value; give each field its own key',
      ],
    ]);
  });

  it('accepts a conditional rule that only tightens a field it names again, and nested sections with the same inner keys', () => {
    const schema = {
      type: 'object',
      properties: {
        isGroup: { type: 'boolean', title: '是否群体性' },
        count: { type: 'integer', title: '涉及人数' },
        applicant: { type: 'object', title: '申请人', properties: { name: { type: 'string', title: '姓名' } } },
        parties: {
          type: 'array',
          title: '当事人',
          items: { type: 'object', properties: { name: { type: 'string', title: '姓名' } } },
        },
      },
      allOf: [
        ifThen(
          { properties: { isGroup: { const: true } } },
          { properties: { count: { type: 'integer', title: '涉及人数', minimum: 2 } } },
        ),
      ],
    };
    expect(compileForm('f.form.json', { id: 'f', schema }).problems).toEqual([]);
  });

  it('finds a clash inside a repeatable list too', () => {
    const items = {
      type: 'object',
      properties: { role: { type: 'string', title: '角色' } },
      allOf: [ifThen({}, { properties: { role: { type: 'number', title: '人数' } } })],
    };
    const r = compileForm('f.form.json', {
      id: 'f',
      schema: { type: 'object', properties: { parties: { type: 'array', title: '当事人', items } } },
    });
    expect(r.problems[0]?.message).toMatch(/^<f> field key "parties.role" is used by "角色" and "人数"/);
  });
});

describe('a township copy', () => {
  it('keeps the base it records, and refuses a malformed one', () => {
    const basedOn = { tenant: 'city', key: 'city-intake', version: 3 };
    expect(compileForm('f.form.json', { id: 'f', schema, basedOn }).form?.basedOn).toEqual(basedOn);
    expect(
      compileForm('f.form.json', { id: 'f', schema, basedOn: { tenant: 'city', version: 0 } }).problems.map(
        (p) => p.code,
      ),
    ).toEqual(['FORM_INVALID']);
  });
});

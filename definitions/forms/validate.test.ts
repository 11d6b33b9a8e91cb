import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../model/index.js';
import { validateFormData } from './validate.js';

/** A schema that counts how often its properties are read: ajv reads them while compiling, a compiled validator never does. */
function countingSchema(): { schema: Record<string, unknown>; reads: () => number } {
  let reads = 0;
  const target = {
    $id: 'https://forms.example/appeal',
    type: 'object',
    required: ['phone'],
    properties: { phone: { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$' } },
  };
  const schema = new Proxy(target, {
    get(t, key, receiver) {
      reads++;
      return Reflect.get(t, key, receiver);
    },
  });
  return { schema, reads: () => reads };
}

describe('form validators', () => {
  it('are compiled once per form definition (its schema object), not per submission', () => {
    const { schema, reads } = countingSchema();
    const form: FormDefinition = { id: 'appeal', schema };
    expect(validateFormData(form, { phone: '13800138000' })).toEqual([]);
    const afterFirst = reads();
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) expect(validateFormData(form, { phone: '13800138000' })).toEqual([]);
    expect(reads()).toBe(afterFirst);
  });

  it('keep a form’s $id to the form: two definitions with one $id (two tenants, two versions) both work', () => {
    const first: FormDefinition = { id: 'appeal', schema: countingSchema().schema };
    const second: FormDefinition = {
      id: 'appeal',
      schema: {
        $id: 'https://forms.example/appeal',
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', title: '姓名' } },
      },
    };
    expect(validateFormData(first, { phone: '13800138000' })).toEqual([]);
    expect(validateFormData(second, { name: '张三' })).toEqual([]);
    expect(validateFormData(second, {}).map((p) => p.path)).toEqual(['/name']);
    expect(validateFormData(first, { phone: '12' }).map((p) => p.path)).toEqual(['/phone']);
  });
});

import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileForm } from '../forms/form-resource.js';
import { validateFormData } from '../forms/validate.js';
import type { FormDefinition } from '../model/index.js';
import { withResolvedOptions } from './option-sources.js';

const feel = (source: string, scope: Record<string, unknown>) => evaluate(source, scope).value;

const form: FormDefinition = compileForm(
  'f.form',
  JSON.stringify({
    schemaVersion: 18,
    id: 'f',
    type: 'default',
    components: [
      { type: 'select', id: 'S', key: 'street', label: '街道', valuesKey: 'streets' },
      {
        type: 'checklist',
        id: 'C',
        key: 'depts',
        label: '协办部门',
        valuesExpression: '=for d in departments return { label: d.name, value: d.code }',
      },
      {
        type: 'group',
        id: 'G',
        path: 'extra',
        components: [{ type: 'radio', id: 'R', key: 'level', label: '等级', valuesKey: 'meta.levels' }],
      },
    ],
  }),
).form!;

const variables = {
  streets: [
    { label: '东街', value: 'east' },
    { label: '西街', value: 'west' },
  ],
  departments: [
    { name: '人社局', code: 'hr' },
    { name: '住建局', code: 'housing' },
  ],
  meta: { levels: ['一般', '紧急'] },
};

describe('options from a variable (valuesKey) or FEEL (valuesExpression)', () => {
  it('are read from the variables when the form is shown, with their labels', () => {
    const resolved = withResolvedOptions(form, variables, feel);
    const props = resolved.schema.properties as Record<string, Record<string, unknown>>;
    expect(props.street!.enum).toEqual(['east', 'west']);
    expect(resolved.uiSchema?.street).toMatchObject({ 'ui:enumNames': ['东街', '西街'] });
    expect((props.depts!.items as Record<string, unknown>).enum).toEqual(['hr', 'housing']);
    expect(resolved.uiSchema?.depts).toMatchObject({ 'ui:enumNames': ['人社局', '住建局'] });
    expect((props.extra!.properties as Record<string, Record<string, unknown>>).level!.enum).toEqual(['一般', '紧急']);
    // The stored form is left as it was.
    expect((form.schema.properties as Record<string, Record<string, unknown>>).street!.enum).toBeUndefined();
  });

  it('a submitted value must be one of them', () => {
    const resolved = withResolvedOptions(form, variables, feel);
    expect(validateFormData(resolved, { street: 'east', depts: ['hr'], extra: { level: '紧急' } }, 'en')).toEqual([]);
    expect(
      validateFormData(resolved, { street: 'north', depts: ['police'] }, 'en').map((p) => `${p.path} ${p.keyword}`),
    ).toEqual(['/street enum', '/depts/0 enum']);
  });

  it('options that do not resolve to a list leave the field open', () => {
    const resolved = withResolvedOptions(form, { streets: 'east' }, feel);
    expect(validateFormData(resolved, { street: 'anything' }, 'en')).toEqual([]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileForm } from '../forms/form-resource.js';
import { validateFormData, type FormFeel } from '../forms/validate.js';
import type { FormDefinition } from '../model/index.js';
import { hiddenPointers } from './hide-rules.js';

// The runtime and the designer pass the engine's evaluator; feelin's own is enough for these rules.
const feel = (context: Record<string, unknown> = {}): FormFeel => ({
  evaluate: (source, scope) => evaluate(source, scope).value,
  context,
});

// The shared interop corpus (third-party, read in place): beside the checkout, or beside the folder of worktrees.
const ROOT = resolve(import.meta.dirname, '../..');
const CASES = [resolve(ROOT, '../shared/interop/cases'), resolve(ROOT, '../../shared/interop/cases')].find((d) =>
  existsSync(d),
);

function compiled(components: unknown[]): FormDefinition {
  const r = compileForm('f.form', JSON.stringify({ schemaVersion: 18, id: 'f', type: 'default', components }));
  expect(r.problems).toEqual([]);
  return r.form!;
}

describe('conditional.hide', () => {
  const form = compiled([
    {
      type: 'select',
      id: 'O',
      key: 'outcome',
      label: '结果',
      values: [
        { label: '通过', value: 'approved' },
        { label: '不通过', value: 'rejected' },
      ],
    },
    {
      type: 'textarea',
      id: 'R',
      key: 'reason',
      label: '理由',
      conditional: { hide: '=outcome != "rejected"' },
      validate: { required: true, minLength: 5 },
    },
    {
      type: 'group',
      id: 'G',
      label: '出差',
      path: 'trip',
      conditional: { hide: '=not(travel)' },
      components: [{ type: 'textfield', id: 'C', key: 'city', label: '城市', validate: { minLength: 2 } }],
    },
    {
      type: 'dynamiclist',
      id: 'L',
      path: 'items',
      label: '明细',
      isRepeating: true,
      components: [
        { type: 'checkbox', id: 'X', key: 'other', label: '其他' },
        {
          type: 'textfield',
          id: 'N',
          key: 'note',
          label: '说明',
          conditional: { hide: '=not(other)' },
          validate: { minLength: 3 },
        },
      ],
    },
  ]);

  it("hides a field, a group and a list item's field by FEEL over the form data, the variables and the item", () => {
    expect(
      hiddenPointers(form, { outcome: 'approved', items: [{ other: true }, { other: false }] }, feel().evaluate, {
        travel: false,
      }),
    ).toEqual(['/reason', '/trip', '/trip/city', '/items/1/note']);
    expect(hiddenPointers(form, { outcome: 'rejected', items: [] }, feel().evaluate, { travel: true })).toEqual([]);
  });

  it('the server does not check a hidden field, and checks it once shown', () => {
    const data = { outcome: 'approved', reason: 'x', trip: { city: 'x' }, items: [{ other: false, note: 'x' }] };
    expect(validateFormData(form, data, 'en', feel({ travel: false }))).toEqual([]);
    expect(
      validateFormData(form, { ...data, outcome: 'rejected' }, 'en', feel({ travel: true })).map((p) => p.path),
    ).toEqual(['/reason', '/trip/city']);
    expect(
      validateFormData(form, { ...data, items: [{ other: true, note: 'x' }] }, 'zh-CN', feel({ travel: false })).map(
        (p) => p.message,
      ),
    ).toEqual(['明细第1项的说明至少填写3个字']);
  });

  it('a condition that fails to evaluate leaves the field shown (and checked)', () => {
    const throwing: FormFeel = {
      evaluate: () => {
        throw new Error('no');
      },
    };
    expect(validateFormData(form, { outcome: 'approved', reason: 'x' }, 'en', throwing).map((p) => p.path)).toEqual([
      '/reason',
    ]);
  });
});

describe('computed limits (validate.min = "=price")', () => {
  const form = compiled([
    { type: 'number', id: 'P', key: 'price', label: '价格' },
    { type: 'number', id: 'D', key: 'deductible', label: '免赔额', validate: { min: 0, max: '=price' } },
  ]);

  it('checks the value against the limit FEEL computes from the data and the variables', () => {
    expect(validateFormData(form, { price: 100, deductible: 50 }, 'zh-CN', feel())).toEqual([]);
    expect(validateFormData(form, { price: 100, deductible: 150 }, 'zh-CN', feel())).toEqual([
      { path: '/deductible', keyword: 'maximum', message: '免赔额不能大于100' },
    ]);
    expect(validateFormData(form, { deductible: 150 }, 'en', feel({ price: 120 })).map((p) => p.message)).toEqual([
      '免赔额 must be at most 120',
    ]);
    expect(validateFormData(form, { deductible: -1 }, 'en', feel()).map((p) => p.keyword)).toEqual(['minimum']);
  });
});

describe.skipIf(!CASES)('forms of the interop corpus', () => {
  const read = (name: string) => readFileSync(resolve(CASES!, `camunda__camunda-8-tutorials__${name}`), 'utf8');

  it('ReviewExpenseReport: the rejection reason is checked only when the outcome is "rejected"', () => {
    const r = compileForm('ReviewExpenseReport.form', read('ReviewExpenseReport.form'));
    expect(r.problems).toEqual([]);
    const form = r.form!;
    expect(form.id).toBe('ReviewExpenseReport');
    expect(
      validateFormData(
        form,
        { reviewOutcome: 'approved', rejectionReason: 'no' },
        'en',
        feel({ expenseType: 'travel' }),
      ),
    ).toEqual([]);
    expect(
      validateFormData(
        form,
        { reviewOutcome: 'rejected', rejectionReason: 'no' },
        'en',
        feel({ expenseType: 'travel' }),
      ).map((p) => `${p.path} ${p.keyword}`),
    ).toEqual(['/rejectionReason minLength']);
  });

  it('adjudication-form: the deductible may not exceed the price at purchase (a computed max)', () => {
    const r = compileForm('adjudication-form.form', read('adjudication-form.form'));
    expect(r.problems).toEqual([]);
    const receipt = { receipt_details: { price_at_purchase: 200 } };
    expect(validateFormData(r.form!, { isApproved: true, deductible: 150 }, 'en', feel(receipt))).toEqual([]);
    expect(validateFormData(r.form!, { isApproved: true, deductible: 250 }, 'en', feel(receipt))).toEqual([
      { path: '/deductible', keyword: 'maximum', message: 'Please set the deductible! must be at most 200' },
    ]);
    // Not approved: the deductible is hidden, so neither its range nor its limit applies.
    expect(validateFormData(r.form!, { isApproved: false, deductible: 250 }, 'en', feel(receipt))).toEqual([]);
  });
});

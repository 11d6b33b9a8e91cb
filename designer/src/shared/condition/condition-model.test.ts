import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { clauseProblem, fromFeel, operatorsFor, toFeel, type ConditionModel } from './condition-model.js';
import { fromUnaryTest, toUnaryTest } from './unary-tests.js';

const run = (feel: string, context: Record<string, unknown>) => evaluate(feel, context).value as unknown;

describe('the condition builder model', () => {
  it('writes FEEL the engine evaluates as the administrator meant', () => {
    const model: ConditionModel = {
      join: 'and',
      clauses: [
        { field: 'category', op: 'in', value: ['劳动纠纷', '物业纠纷'] },
        { field: 'amount', op: 'gt', value: 5000 },
        { field: 'resolved', op: 'eq', value: false },
        { field: 'occurredOn', op: 'before', value: '2027-10-01' },
      ],
    };
    const feel = toFeel(model);
    expect(feel).toBe(
      'list contains(["劳动纠纷", "物业纠纷"], category) and amount > 5000 and resolved = false and date(occurredOn) < date("2027-10-01")',
    );
    expect(run(feel, { category: '物业纠纷', amount: 6000, resolved: false, occurredOn: '2027-09-30' })).toBe(true);
    expect(run(feel, { category: '物业纠纷', amount: 6000, resolved: false, occurredOn: '2027-10-01' })).toBe(false);
    expect(run(feel, { category: '其他', amount: 6000, resolved: false, occurredOn: '2027-09-30' })).toBe(false);
  });

  it('joins with 或, escapes quotes, and tests emptiness and text containment', () => {
    const feel = toFeel({
      join: 'or',
      clauses: [
        { field: 'title', op: 'contains', value: '说"急"' },
        { field: 'remark', op: 'empty', value: null },
        { field: 'category', op: 'notIn', value: ['其他'] },
      ],
    });
    expect(feel).toBe('contains(title, "说\\"急\\"") or remark = null or not(list contains(["其他"], category))');
    expect(run(feel, { title: '他说"急"', remark: 'x', category: '其他' })).toBe(true);
    expect(run(feel, { title: '无', remark: 'x', category: '其他' })).toBe(false);
    expect(run(feel, { title: '无', remark: null, category: '其他' })).toBe(true);
  });

  it('reads back everything it writes', () => {
    const models: ConditionModel[] = [
      { join: 'and', clauses: [{ field: 'category', op: 'eq', value: '劳动纠纷' }] },
      {
        join: 'or',
        clauses: [
          { field: 'amount', op: 'le', value: -2.5 },
          { field: 'amount', op: 'ne', value: 0 },
          { field: 'ok', op: 'ne', value: true },
        ],
      },
      {
        join: 'and',
        clauses: [
          { field: '诉求类别', op: 'notEmpty', value: null },
          { field: 'd', op: 'after', value: '2026-12-14' },
        ],
      },
      {
        join: 'and',
        clauses: [
          { field: 'note', op: 'contains', value: 'a and b or (c)' },
          { field: 'c', op: 'in', value: ['x, y', 'z"'] },
        ],
      },
    ];
    for (const model of models) expect(fromFeel(`=${toFeel(model)}`)).toEqual(model);
  });

  it('leaves FEEL it cannot show as text', () => {
    for (const feel of [
      '=category = "a" and amount > 1 or x = 2',
      '=amount + 1 > 3',
      '=category == "物业纠纷"',
      '=if a then b else c',
      '=',
      '=date(d) < date("soon")',
      '=(a = 1)',
      '=and = 1',
    ]) {
      expect(fromFeel(feel), feel).toBeNull();
    }
  });

  it('offers the operators that fit the field and says what a clause lacks', () => {
    expect(operatorsFor('date')).toEqual(['eq', 'before', 'after', 'empty', 'notEmpty']);
    expect(operatorsFor('boolean')).toEqual(['eq', 'ne']);
    expect(clauseProblem({ field: 'amount', op: 'gt', value: '5' })).toBe('value');
    expect(clauseProblem({ field: 'category', op: 'in', value: [] })).toBe('value');
    expect(clauseProblem({ field: '', op: 'eq', value: 'a' })).toBe('field');
    expect(clauseProblem({ field: 'remark', op: 'empty', value: null })).toBeNull();
    expect(() => toFeel({ join: 'and', clauses: [{ field: 'amount', op: 'gt', value: null }] })).toThrow();
  });
});

describe('the same clauses in decision-table cells', () => {
  it('writes and reads unary tests', () => {
    expect(toUnaryTest({ op: 'in', value: ['劳动纠纷', '物业纠纷'] })).toBe('"劳动纠纷", "物业纠纷"');
    expect(toUnaryTest({ op: 'ne', value: '其他' })).toBe('not("其他")');
    expect(toUnaryTest({ op: 'before', value: '2027-10-01' })).toBe('< date("2027-10-01")');
    expect(toUnaryTest(null)).toBe('-');
    for (const cell of [
      '"劳动纠纷", "物业纠纷"',
      'not("其他")',
      '> 5',
      '<= 2.5',
      '< date("2027-10-01")',
      'null',
      'not(null)',
      'true',
      '"a"',
    ]) {
      const test = fromUnaryTest(cell);
      expect(test, cell).toBeTruthy();
      expect(toUnaryTest(test!), cell).toBe(cell);
    }
    expect(fromUnaryTest('-')).toBeNull();
    expect(fromUnaryTest('[1..5]')).toBeUndefined();
    expect(fromUnaryTest('> x + 1')).toBeUndefined();
  });
});

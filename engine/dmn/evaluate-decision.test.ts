import { describe, expect, it } from 'vitest';
import type { DecisionTable } from '../../definitions/index.js';
import { evaluateDecision } from './index.js';

const NOW = '2026-09-28T09:00:00+08:00';

function table(partial: Partial<DecisionTable> & Pick<DecisionTable, 'rules'>): DecisionTable {
  return {
    id: 't',
    hitPolicy: 'UNIQUE',
    inputs: [{ id: 'in1', expression: 'x' }],
    outputs: [{ id: 'out1', name: 'y' }],
    ...partial,
  };
}
const rule = (id: string, inputEntries: string[], outputEntries: string[]) => ({ id, inputEntries, outputEntries });

describe('evaluateDecision', () => {
  it('returns the bare value for one output and null for an empty output entry', () => {
    const t = table({ rules: [rule('r1', ['> 1'], ['x * 2']), rule('r2', ['<= 1'], [''])] });
    expect(evaluateDecision(t, { x: 3 }, NOW)).toEqual({
      ok: true,
      result: 6,
      matchedRules: ['r1'],
      matchedRuleNumbers: [1],
    });
    expect(evaluateDecision(t, { x: 0 }, NOW)).toMatchObject({ ok: true, result: null });
  });

  it('names three or more overlapping rules', () => {
    const t = table({ rules: [rule('a', ['-'], ['1']), rule('b', ['> 0'], ['2']), rule('c', ['< 9'], ['3'])] });
    expect(evaluateDecision(t, { x: 5 }, NOW)).toMatchObject({
      code: 'DMN_UNIQUE_VIOLATION',
      message: '<t> rules 1, 2 and 3 all match x = 5, but hit policy UNIQUE allows only one',
      ruleNumbers: [1, 2, 3],
    });
  });

  it('reports a failing input expression as DMN_FEEL_ERROR naming the input', () => {
    const t = table({ inputs: [{ id: 'in1', expression: 'x +' }], rules: [rule('r1', ['-'], ['1'])] });
    const r = evaluateDecision(t, { x: 1 }, NOW);
    expect(r).toMatchObject({ ok: false, code: 'DMN_FEEL_ERROR' });
    expect(!r.ok && r.message).toMatch(/^<t> input 1 <in1>: FEEL expression "x \+" failed: /);
  });

  it('reports a failing input entry or output entry naming the rule', () => {
    const badEntry = table({ rules: [rule('r1', ['"a"'], ['1']), rule('r2', ['> '], ['2'])] });
    const r1 = evaluateDecision(badEntry, { x: 'b' }, NOW);
    expect(r1).toMatchObject({ ok: false, code: 'DMN_FEEL_ERROR', ruleNumbers: [2] });
    expect(!r1.ok && r1.message).toMatch(/^<t> rule 2 <r2>, input entry for x: FEEL unary test ">" failed: /);

    const badOutput = table({ rules: [rule('r1', ['-'], ['1 +'])] });
    const r2 = evaluateDecision(badOutput, { x: 1 }, NOW);
    expect(!r2.ok && r2.message).toMatch(/^<t> rule 1 <r1>, output "y": FEEL expression "1 \+" failed: /);
  });

  it('SUM skips null outputs and refuses non-numbers', () => {
    const t = table({
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      rules: [rule('r1', ['-'], ['2']), rule('r2', ['-'], ['']), rule('r3', ['> 5'], ['"many"'])],
    });
    expect(evaluateDecision(t, { x: 1 }, NOW)).toMatchObject({ ok: true, result: 2, matchedRuleNumbers: [1, 2] });
    expect(evaluateDecision(t, { x: 9 }, NOW)).toEqual({
      ok: false,
      code: 'DMN_FEEL_ERROR',
      message: '<t> rule 3 <r3>, output "y" is "many", but SUM aggregates numbers only',
      ruleNumbers: [3],
    });
  });

  it('ranks values missing from the output values after the listed ones (PRIORITY)', () => {
    const t = table({
      hitPolicy: 'PRIORITY',
      outputs: [{ id: 'out1', name: 'y', outputValues: ['"high"', '"low"'] }],
      rules: [rule('r1', ['-'], ['"other"']), rule('r2', ['-'], ['"low"'])],
    });
    expect(evaluateDecision(t, { x: 1 }, NOW)).toMatchObject({ ok: true, result: 'low', matchedRuleNumbers: [2] });
  });

  it('matches plain literals the same way whether the fast path applies or not', () => {
    const t = table({ hitPolicy: 'COLLECT', rules: [rule('r1', ['"a","b"'], ['1']), rule('r2', ['1, 2'], ['2'])] });
    expect(evaluateDecision(t, { x: 'b' }, NOW)).toMatchObject({ result: [1] });
    expect(evaluateDecision(t, { x: 2 }, NOW)).toMatchObject({ result: [2] });
    expect(evaluateDecision(t, { x: ['a'] }, NOW)).toMatchObject({ result: [1] }); // feelin: list input contains "a"
    expect(evaluateDecision(t, { x: '2' }, NOW)).toMatchObject({ result: [] });
  });

  it('treats a table with no rules as no match for single-hit policies', () => {
    expect(evaluateDecision(table({ rules: [] }), { x: 1 }, NOW)).toMatchObject({ ok: false, code: 'DMN_NO_MATCH' });
    expect(evaluateDecision(table({ hitPolicy: 'RULE ORDER', rules: [] }), { x: 1 }, NOW)).toMatchObject({
      ok: true,
      result: [],
    });
  });
});

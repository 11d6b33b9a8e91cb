import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, type DecisionTable } from '../../../definitions/index.js';
import { evaluateDecision } from '../index.js';

const NOW = '2026-09-28T09:00:00+08:00';

async function load(file: string): Promise<DecisionTable> {
  const xml = readFileSync(new URL(file, import.meta.url), 'utf8');
  const r = await compile([{ name: file, content: xml }]);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.deployment.decisions[0]!;
}

describe('UNIQUE', async () => {
  const table = await load('./mediation-tier-overlap.dmn');

  it('returns the one matching rule', () => {
    const r = evaluateDecision(table, { amount: 800, migrantWage: true }, NOW);
    expect(r).toMatchObject({ ok: true, result: '网格员', matchedRuleNumbers: [1] });
  });

  it('names the overlapping rules', () => {
    const r = evaluateDecision(table, { amount: 4000, migrantWage: true }, NOW);
    expect(r).toEqual({
      ok: false,
      code: 'DMN_UNIQUE_VIOLATION',
      message:
        '<mediation_tier> rules 2 and 5 both match amount = 4000, migrantWage = true, but hit policy UNIQUE allows only one',
      ruleNumbers: [2, 5],
    });
  });

  it('fails with DMN_NO_MATCH naming the input values', () => {
    const r = evaluateDecision(table, { amount: null, migrantWage: false }, NOW);
    expect(r).toEqual({
      ok: false,
      code: 'DMN_NO_MATCH',
      message: '<mediation_tier> no rule matches amount = null, migrantWage = false',
    });
  });
});

describe('PRIORITY', async () => {
  const table = await load('./supervision-priority.dmn');

  it.each([
    [7, 1, { level: '红牌', action: '通报批评' }, 5],
    [2, 0, { level: '黄牌', action: '督办通知' }, 3],
    [0, 3, { level: '黄牌', action: '约谈提醒' }, 4],
    [0, 1, { level: '提醒', action: '短信提醒' }, 2],
    [0, 0, { level: '正常', action: '无' }, 1],
  ])('overdue %i days, urged %i times → %o (rule %i)', (overdueWorkDays, urgeCount, result, rule) => {
    const r = evaluateDecision(table, { overdueWorkDays, urgeCount }, NOW);
    expect(r).toMatchObject({ ok: true, result, matchedRuleNumbers: [rule] });
  });

  it('breaks ties between equal priorities by rule order', () => {
    // rules 3 and 4 both give 黄牌; rule 3 comes first
    const r = evaluateDecision(table, { overdueWorkDays: 1, urgeCount: 3 }, NOW);
    expect(r).toMatchObject({ ok: true, result: { level: '黄牌', action: '督办通知' }, matchedRuleNumbers: [3] });
  });
});

describe('ANY', async () => {
  const table = await load('./callback-any.dmn');

  it('accepts several matches with equal outputs', () => {
    const r = evaluateDecision(table, { satisfied: false, score: 40 }, NOW);
    expect(r).toMatchObject({ ok: true, result: '重办', matchedRuleNumbers: [1, 2] });
  });

  it('rejects matches with different outputs', () => {
    const r = evaluateDecision(table, { satisfied: true, score: 70 }, NOW);
    expect(r).toEqual({
      ok: false,
      code: 'DMN_UNIQUE_VIOLATION',
      message:
        '<callback_outcome> rules 3 and 4 match satisfied = true, score = 70 with different outputs, but hit policy ANY requires equal outputs',
      ruleNumbers: [3, 4],
    });
  });

  it('fails with DMN_NO_MATCH when nothing matches', () => {
    const r = evaluateDecision(table, { satisfied: null, score: 90 }, NOW);
    expect(r).toMatchObject({
      ok: false,
      code: 'DMN_NO_MATCH',
      message: '<callback_outcome> no rule matches satisfied = null, score = 90',
    });
  });
});

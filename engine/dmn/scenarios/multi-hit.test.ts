import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, type DecisionTable } from '../../../definitions/index.js';
import { evaluateDecision } from '../index.js';

const NOW = '2026-09-28T09:00:00+08:00';

async function load(file: string, edit: (xml: string) => string = (x) => x): Promise<DecisionTable> {
  const xml = edit(readFileSync(new URL(file, import.meta.url), 'utf8'));
  const r = await compile([{ name: file, content: xml }]);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.deployment.decisions[0]!;
}

describe('COLLECT', async () => {
  const table = await load('./co-handlers-collect.dmn');

  it('lists every matching output in rule order', () => {
    const r = evaluateDecision(table, { category: '劳动纠纷', involvesEnterprise: true, involvesMinors: false }, NOW);
    expect(r).toMatchObject({ ok: true, result: ['dept-scjg', 'dept-zgh', 'dept-rs'], matchedRuleNumbers: [2, 4, 5] });
  });

  it('gives an empty list when nothing matches', () => {
    const r = evaluateDecision(table, { category: '物业纠纷', involvesEnterprise: false, involvesMinors: false }, NOW);
    expect(r).toEqual({ ok: true, result: [], matchedRules: [], matchedRuleNumbers: [] });
  });
});

describe('COLLECT with aggregation', async () => {
  const withAggregation = (a: string) =>
    load('./risk-score-collect-sum.dmn', (xml) => xml.replace('aggregation="SUM"', `aggregation="${a}"`));
  const tables = {
    SUM: await withAggregation('SUM'),
    MIN: await withAggregation('MIN'),
    MAX: await withAggregation('MAX'),
    COUNT: await withAggregation('COUNT'),
  };
  const risky = { repeatCount: 3, collective: true, mediaAttention: false }; // rules 1, 2, 4: 30, 40, 10
  const calm = { repeatCount: 0, collective: false, mediaAttention: false };

  it.each([
    ['SUM', 80, null],
    ['MIN', 10, null],
    ['MAX', 40, null],
    ['COUNT', 3, 0],
  ] as const)('%s gives %o, and %o when nothing matches', (aggregation, value, none) => {
    const table = tables[aggregation];
    expect(table.aggregation).toBe(aggregation);
    expect(evaluateDecision(table, risky, NOW)).toMatchObject({
      ok: true,
      result: value,
      matchedRuleNumbers: [1, 2, 4],
    });
    expect(evaluateDecision(table, calm, NOW)).toEqual({
      ok: true,
      result: none,
      matchedRules: [],
      matchedRuleNumbers: [],
    });
  });
});

describe('RULE ORDER', async () => {
  const table = await load('./reminders-rule-order.dmn');

  it('lists the output objects of every match in rule order', () => {
    const r = evaluateDecision(table, { daysLeft: -2 }, NOW);
    expect(r).toMatchObject({
      ok: true,
      result: [
        { channel: '站内信', template: '即将到期' },
        { channel: '短信', template: '今日到期' },
        { channel: '电话', template: '已超期：2个工作日' },
      ],
      matchedRuleNumbers: [1, 2, 3],
    });
  });

  it('gives an empty list when nothing matches', () => {
    expect(evaluateDecision(table, { daysLeft: 10 }, NOW)).toMatchObject({ ok: true, result: [] });
  });
});

describe('OUTPUT ORDER', async () => {
  const table = await load('./supervision-output-order.dmn');

  it('sorts the matches by the order of the output values', () => {
    const r = evaluateDecision(table, { overdueWorkDays: 7, urgeCount: 1 }, NOW);
    expect(r).toMatchObject({
      ok: true,
      result: [
        { level: '红牌', action: '通报批评' },
        { level: '黄牌', action: '督办通知' },
        { level: '提醒', action: '短信提醒' },
        { level: '正常', action: '无' },
      ],
      matchedRuleNumbers: [5, 3, 2, 1],
    });
    expect(r.ok && r.matchedRules).toEqual([5, 3, 2, 1].map((n) => table.rules[n - 1]!.id));
  });
});

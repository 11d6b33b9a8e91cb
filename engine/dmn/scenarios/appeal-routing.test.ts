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

const first = await load('./appeal-routing-first.dmn');
const unique = await load('./appeal-routing-unique.dmn');

describe.each([
  ['FIRST', first],
  ['UNIQUE', unique],
])('appeal routing (%s)', (_, table) => {
  it.each([
    ['劳动纠纷', false, 1, { department: 'dept-rs', departmentName: '人社局', timeLimit: '5 workDay' }],
    ['物业纠纷', null, 2, { department: 'dept-zj', departmentName: '住建局', timeLimit: '7 workDay' }],
    ['环境污染', true, 3, { department: 'dept-sthj', departmentName: '生态环境局', timeLimit: '1 workDay' }],
    ['环境污染', false, 4, { department: 'dept-sthj', departmentName: '生态环境局', timeLimit: '5 workDay' }],
    ['乱搭乱建', false, 6, { department: 'dept-cg', departmentName: '城管局', timeLimit: '3 workDay' }],
    ['土地规划', true, 13, { department: 'dept-zrzy', departmentName: '自然资源局', timeLimit: '10 workDay' }],
    ['其他', false, 14, { department: 'dept-zzzx', departmentName: '综治中心', timeLimit: '3 workDay' }],
  ])('routes %s (urgent %s) by rule %i', (category, urgent, ruleNumber, expected) => {
    const r = evaluateDecision(table, { category, urgent }, NOW);
    expect(r).toEqual({
      ok: true,
      result: expected,
      matchedRules: [table.rules[ruleNumber - 1]!.id],
      matchedRuleNumbers: [ruleNumber],
    });
  });

  it('routes a missing category to the default rule', () => {
    const r = evaluateDecision(table, {}, NOW);
    expect(r.ok && r.matchedRuleNumbers).toEqual([14]);
  });
});

describe('appeal routing compiled from Camunda Modeler 8 XML', () => {
  it('keeps labels, type references and rule annotations', () => {
    expect(first).toMatchObject({ id: 'appeal_routing', name: '诉求分拨', hitPolicy: 'FIRST' });
    expect(first.inputs).toEqual([
      { id: 'Input_1', label: '诉求类别', expression: 'category', typeRef: 'string' },
      { id: first.inputs[1]!.id, label: '是否紧急', expression: 'urgent', typeRef: 'boolean' },
    ]);
    expect(first.outputs.map((o) => o.name)).toEqual(['department', 'departmentName', 'timeLimit']);
    expect(first.rules[0]).toMatchObject({
      inputEntries: ['"劳动纠纷"', '-'],
      description: '欠薪、劳动合同、社保争议',
    });
    expect(first.rules[13]!.inputEntries).toEqual(['-', '']);
    expect(unique.hitPolicy).toBe('UNIQUE');
  });

  it('is deterministic and leaves the variables untouched', () => {
    const variables = Object.freeze({ category: '劳动纠纷', urgent: false });
    const a = evaluateDecision(first, variables, NOW);
    const b = evaluateDecision(structuredClone(first), variables, NOW);
    expect(a).toEqual(b);
  });
});

// Deploying runs each decision table's saved test cases with the engine's own DMN code; a table
// that breaks one is refused with a problem naming the test case (issue 16 §2).
import type { DecisionTable, DecisionTestFailure, Problem } from '../../definitions/index.js';
import { evaluateDecision } from '../../engine/index.js';

export function failedDecisionTests(tables: DecisionTable[], origins: Record<string, string>, now: string): Problem[] {
  const problems: Problem[] = [];
  for (const table of tables) {
    for (const test of table.testCases ?? []) {
      const failure = runTest(table, test.inputs, test.expected, now);
      if (!failure) continue;
      problems.push({
        resource: origins[`decision:${table.id}`] ?? '',
        code: 'DECISION_TEST_FAILED',
        elementId: table.id,
        elementKind: 'dmn:Decision',
        ...(table.name ? { elementName: table.name } : {}),
        subject: test.name,
        message: `<${table.id}> test case "${test.name}" fails: ${failure.message}`,
        args: { test: test.name, reason: failure.reason },
        testFailure: failure.data,
      });
    }
  }
  return problems;
}

/**
 * Why a test case fails — English for the API message, Chinese text for API users, and as data for the
 * designer's words —, or null when it passes.
 */
function runTest(
  table: DecisionTable,
  inputs: Record<string, unknown>,
  expected: Record<string, unknown>,
  now: string,
): { message: string; reason: string; data: DecisionTestFailure } | null {
  const r = evaluateDecision(table, inputs, now);
  if (!r.ok) {
    if (r.code === 'DMN_NO_MATCH') return { message: r.message, reason: '没有规则符合', data: { kind: 'noMatch' } };
    if (r.code === 'DMN_UNIQUE_VIOLATION') {
      const ruleNumbers = r.ruleNumbers ?? [];
      return {
        message: r.message,
        reason: `第 ${ruleNumbers.join('、')} 条规则同时符合`,
        data: { kind: 'notUnique', ruleNumbers },
      };
    }
    return { message: r.message, reason: '规则无法计算', data: { kind: 'error' } };
  }
  const results = Array.isArray(r.result) ? r.result : [r.result];
  const outputOf = (result: unknown, name: string) =>
    result !== null && typeof result === 'object' && !Array.isArray(result)
      ? (result as Record<string, unknown>)[name]
      : table.outputs[0]?.name === name
        ? result
        : undefined;
  for (const [name, want] of Object.entries(expected)) {
    if (results.some((result) => sameJson(outputOf(result, name), want))) continue;
    const label = table.outputs.find((o) => o.name === name)?.label ?? name;
    const actual = results.map((result) => outputOf(result, name) ?? null);
    const got = actual.map(show).join('、');
    return {
      message: `expected ${name} = ${show(want)}, got ${got}`,
      reason: `期望「${label}」为 ${show(want)}，实际为 ${got}`,
      data: { kind: 'mismatch', output: name, expected: want, actual },
    };
  }
  return null;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function show(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

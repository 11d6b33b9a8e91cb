import type { DecisionTable } from '../../definitions/index.js';

export type DecisionFailureCode = 'DMN_NO_MATCH' | 'DMN_UNIQUE_VIOLATION' | 'DMN_FEEL_ERROR' | 'EVALUATION_LIMIT';

/** The failure code for an expression that failed: its own, or `EVALUATION_LIMIT` when it ran out of budget. */
export function feelFailureCode(r: { limit?: true }): DecisionFailureCode {
  return r.limit ? 'EVALUATION_LIMIT' : 'DMN_FEEL_ERROR';
}

export type DecisionResult =
  | { ok: true; result: unknown; matchedRules: string[] /* rule ids */; matchedRuleNumbers: number[] /* 1-based */ }
  | { ok: false; code: DecisionFailureCode; message: string; ruleNumbers?: number[] };

export type DecisionFailure = Extract<DecisionResult, { ok: false }>;

export function failure(
  table: DecisionTable,
  code: DecisionFailureCode,
  message: string,
  ruleNumbers?: number[],
): DecisionFailure {
  const f: DecisionFailure = { ok: false, code, message: `<${table.id}> ${message}` };
  if (ruleNumbers) f.ruleNumbers = ruleNumbers;
  return f;
}

/** The success value for the given matched rules (0-based indices, in result order). */
export function success(table: DecisionTable, result: unknown, matched: number[]): DecisionResult {
  return {
    ok: true,
    result,
    matchedRules: matched.map((r) => table.rules[r]!.id),
    matchedRuleNumbers: matched.map((r) => r + 1),
  };
}

/** `rules 2 and 5` / `rules 2, 5 and 7`. */
export function ruleList(matched: number[]): string {
  const numbers = matched.map((r) => String(r + 1));
  return `rules ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** `category = "劳动纠纷", urgent = false`: what the table was asked, for incident messages. */
export function describeInputs(table: DecisionTable, values: unknown[]): string {
  if (table.inputs.length === 0) return 'no inputs';
  return table.inputs.map((input, i) => `${input.expression} = ${show(values[i])}`).join(', ');
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

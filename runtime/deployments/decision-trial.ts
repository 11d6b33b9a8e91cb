// Evaluating a deployed decision table with inputs an administrator typed (the rules screen's
// test panel), by the engine's own DMN code: which rules matched and what the table answers.
import type { DecisionTable } from '../../definitions/index.js';
import { evaluateDecision, type DecisionFailureCode } from '../../engine/index.js';
import type { JsonSchema } from '../platform/http/api.js';
import { arrayOf, booleanType, integerType, objectOf, stringType } from '../platform/http/schemas.js';

export interface MatchedRule {
  /** 1-based, as the rules screen numbers its rows. */
  number: number;
  ruleId: string;
  annotation?: string;
}

export type DecisionTrial =
  | { ok: true; matched: MatchedRule[]; result: unknown }
  | { ok: false; code: DecisionFailureCode; message: string; ruleNumbers?: number[] };

const ANY_JSON: JsonSchema = {};
export const DECISION_TRIAL: JsonSchema = objectOf({
  ok: booleanType,
  'matched?': arrayOf(objectOf({ number: integerType, ruleId: stringType, 'annotation?': stringType })),
  'result?': ANY_JSON,
  'code?': stringType,
  'message?': stringType,
  'ruleNumbers?': arrayOf(integerType),
});

export function tryDecision(table: DecisionTable, inputs: Record<string, unknown>, now: string): DecisionTrial {
  const r = evaluateDecision(table, inputs, now);
  if (!r.ok)
    return { ok: false, code: r.code, message: r.message, ...(r.ruleNumbers ? { ruleNumbers: r.ruleNumbers } : {}) };
  const matched = r.matchedRuleNumbers.map((number) => {
    const rule = table.rules[number - 1]!;
    return { number, ruleId: rule.id, ...(rule.description ? { annotation: rule.description } : {}) };
  });
  return { ok: true, matched, result: r.result ?? null };
}

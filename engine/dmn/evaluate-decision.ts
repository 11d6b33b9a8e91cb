import type { DecisionTable } from '../../definitions/index.js';
import { matchEntry } from './entry-matcher.js';
import { applyHitPolicy } from './hit-policy.js';
import { prepare, type PreparedTable } from './prepare.js';
import { failure, feelFailureCode, type DecisionFailure, type DecisionResult } from './result.js';
import { typedInput } from './typed-input.js';
import { runPlan } from './value-plan.js';

/**
 * Evaluates a compiled decision table (DMN 1.3 / Camunda 8 semantics) against the variables.
 * Pure: `now` is the injected clock for FEEL's `now()` and `today()`. Each input expression
 * is evaluated once; a single-hit table that matches nothing is a `DMN_NO_MATCH` failure,
 * never a silent null, because a case must not fall through a routing table.
 */
export function evaluateDecision(
  table: DecisionTable,
  variables: Record<string, unknown>,
  now: string,
): DecisionResult {
  const prepared = prepare(table);
  const inputs = evaluateInputs(table, prepared, variables, now);
  if (!Array.isArray(inputs)) return inputs;
  const typed = table.inputs.map((input, i) => typedInput(inputs[i], input.typeRef));
  const matched = matchRules(table, prepared, typed, variables, now);
  if (!Array.isArray(matched)) return matched;
  return applyHitPolicy({ table, prepared, matched, inputs, variables, now });
}

function evaluateInputs(
  table: DecisionTable,
  prepared: PreparedTable,
  variables: Record<string, unknown>,
  now: string,
): unknown[] | DecisionFailure {
  const values: unknown[] = [];
  for (let i = 0; i < table.inputs.length; i++) {
    const input = table.inputs[i]!;
    const r = runPlan(prepared.inputs[i]!, variables, now);
    if (!r.ok) return failure(table, feelFailureCode(r), `input ${i + 1} <${input.id}>: ${r.message}`);
    values.push(r.value);
  }
  return values;
}

/** Matching rules (0-based, rule order); FIRST stops at the first match. */
function matchRules(
  table: DecisionTable,
  prepared: PreparedTable,
  inputs: unknown[],
  variables: Record<string, unknown>,
  now: string,
): number[] | DecisionFailure {
  const matched: number[] = [];
  for (let r = 0; r < table.rules.length; r++) {
    const matchers = prepared.matchers[r]!;
    let all = true;
    for (let i = 0; i < matchers.length && all; i++) {
      const m = matchEntry(matchers[i]!, inputs[i], variables, now);
      if (!m.ok) {
        const where = `rule ${r + 1} <${table.rules[r]!.id}>, input entry for ${table.inputs[i]!.expression}`;
        return failure(table, feelFailureCode(m), `${where}: ${m.message}`, [r + 1]);
      }
      all = m.value;
    }
    if (all) {
      matched.push(r);
      if (table.hitPolicy === 'FIRST') break;
    }
  }
  return matched;
}

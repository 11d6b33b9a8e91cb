import type { DecisionTable } from '../../definitions/index.js';
import { prepare } from './prepare.js';
import { failure, feelFailureCode, type DecisionFailure } from './result.js';
import { runPlan } from './value-plan.js';

/** The evaluated output entries of one rule, one value per output column. */
export type RuleOutputs = { ok: true; values: unknown[] } | DecisionFailure;

export function ruleOutputs(
  table: DecisionTable,
  rule: number,
  variables: Record<string, unknown>,
  now: string,
): RuleOutputs {
  const plans = prepare(table).outputs[rule]!;
  const values: unknown[] = [];
  for (let o = 0; o < plans.length; o++) {
    const r = runPlan(plans[o]!, variables, now);
    if (!r.ok) {
      const where = `rule ${rule + 1} <${table.rules[rule]!.id}>, output "${table.outputs[o]!.name}"`;
      return failure(table, feelFailureCode(r), `${where}: ${r.message}`, [rule + 1]);
    }
    values.push(r.value);
  }
  return { ok: true, values };
}

/** One output: the bare value. Several: `{ [output.name]: value }`. */
export function shape(table: DecisionTable, values: unknown[]): unknown {
  if (table.outputs.length === 1) return values[0] ?? null;
  // fromEntries defines own properties, so even an output named `__proto__` stays plain data
  return Object.fromEntries(table.outputs.map((output, o) => [output.name, values[o] ?? null]));
}

/** Evaluates the outputs of several rules, stopping at the first FEEL error. */
export function allOutputs(
  table: DecisionTable,
  rules: number[],
  variables: Record<string, unknown>,
  now: string,
): { ok: true; values: unknown[][] } | DecisionFailure {
  const all: unknown[][] = [];
  for (const rule of rules) {
    const r = ruleOutputs(table, rule, variables, now);
    if (!r.ok) return r;
    all.push(r.values);
  }
  return { ok: true, values: all };
}

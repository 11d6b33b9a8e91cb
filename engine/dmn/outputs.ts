import type { DecisionTable } from '../../definitions/index.js';
import { evaluateFeel } from '../feel/evaluate.js';
import { failure, type DecisionFailure } from './result.js';

/** The evaluated output entries of one rule, one value per output column. */
export type RuleOutputs = { ok: true; values: unknown[] } | DecisionFailure;

export function ruleOutputs(table: DecisionTable, rule: number, variables: Record<string, unknown>, now: string): RuleOutputs {
  const entries = table.rules[rule]!.outputEntries;
  const values: unknown[] = [];
  for (let o = 0; o < table.outputs.length; o++) {
    const source = entries[o] ?? '';
    if (source === '') {
      values.push(null);
      continue;
    }
    const r = evaluateFeel(source, variables, now);
    if (!r.ok) {
      const where = `rule ${rule + 1} <${table.rules[rule]!.id}>, output "${table.outputs[o]!.name}"`;
      return failure(table, 'DMN_FEEL_ERROR', `${where}: ${r.message}`, [rule + 1]);
    }
    values.push(r.value);
  }
  return { ok: true, values };
}

/** One output: the bare value. Several: `{ [output.name]: value }`. */
export function shape(table: DecisionTable, values: unknown[]): unknown {
  if (table.outputs.length === 1) return values[0] ?? null;
  const result: Record<string, unknown> = {};
  table.outputs.forEach((output, o) => (result[output.name] = values[o] ?? null));
  return result;
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

import type { DecisionTable } from '../../definitions/index.js';
import { evaluateFeel } from '../feel/evaluate.js';
import { jsonEqual } from './json-equal.js';
import type { PreparedTable, RankTable } from './prepare.js';
import { failure, type DecisionFailure } from './result.js';

/** Output values are literals; they are evaluated once, against a fixed clock, so caching is pure. */
const FIXED_NOW = '1970-01-01T00:00:00Z';

export function rankTable(table: DecisionTable, prepared: PreparedTable): RankTable | DecisionFailure {
  if (prepared.ranks) return prepared.ranks;
  const ranks: RankTable = [];
  for (const output of table.outputs) {
    if (!output.outputValues) {
      ranks.push(null);
      continue;
    }
    const values: unknown[] = [];
    for (const source of output.outputValues) {
      const r = evaluateFeel(source, {}, FIXED_NOW);
      if (!r.ok)
        return failure(table, 'DMN_FEEL_ERROR', `output values of "${output.name}" <${output.id}>: ${r.message}`);
      values.push(r.value);
    }
    ranks.push(values);
  }
  prepared.ranks = ranks;
  return ranks;
}

/**
 * Priority key of one rule's outputs: for each output that lists output values, the position
 * of the rule's value in that list (earlier = higher priority). A value missing from the list
 * ranks after every listed one. Keys compare lexicographically, outputs in column order.
 */
export function rankKey(ranks: RankTable, values: unknown[]): number[] {
  const key: number[] = [];
  ranks.forEach((list, o) => {
    if (!list) return;
    const position = list.findIndex((v) => jsonEqual(v, values[o]));
    key.push(position === -1 ? list.length : position);
  });
  return key;
}

export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

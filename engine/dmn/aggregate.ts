import type { DecisionTable } from '../../definitions/index.js';
import { allOutputs } from './outputs.js';
import { failure, show, success, type DecisionResult } from './result.js';

/**
 * COLLECT with an aggregation. COUNT is the number of matching rules (0 when none match).
 * SUM, MIN and MAX take the single output of each matching rule, skip nulls, accept only
 * numbers, and give null when there is nothing to aggregate.
 */
export function aggregate(
  table: DecisionTable,
  matched: number[],
  variables: Record<string, unknown>,
  now: string,
): DecisionResult {
  if (table.aggregation === 'COUNT') return success(table, matched.length, matched);
  const outputs = allOutputs(table, matched, variables, now);
  if (!outputs.ok) return outputs;
  const numbers: number[] = [];
  for (let i = 0; i < matched.length; i++) {
    const value = outputs.values[i]![0];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') {
      const rule = matched[i]!;
      const where = `rule ${rule + 1} <${table.rules[rule]!.id}>, output "${table.outputs[0]!.name}"`;
      return failure(
        table,
        'DMN_FEEL_ERROR',
        `${where} is ${show(value)}, but ${table.aggregation} aggregates numbers only`,
        [rule + 1],
      );
    }
    numbers.push(value);
  }
  if (numbers.length === 0) return success(table, null, matched);
  if (table.aggregation === 'SUM')
    return success(
      table,
      numbers.reduce((a, b) => a + b, 0),
      matched,
    );
  if (table.aggregation === 'MIN') return success(table, Math.min(...numbers), matched);
  return success(table, Math.max(...numbers), matched);
}

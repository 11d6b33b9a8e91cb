import type { DecisionTable } from '../../definitions/index.js';
import { aggregate } from './aggregate.js';
import { jsonEqual } from './json-equal.js';
import { allOutputs, ruleOutputs, shape } from './outputs.js';
import type { PreparedTable } from './prepare.js';
import { compareKeys, rankKey, rankTable } from './rank.js';
import { describeInputs, failure, ruleList, success, type DecisionResult } from './result.js';

export interface Matches {
  table: DecisionTable;
  prepared: PreparedTable;
  /** Matching rules, 0-based, in rule order (for FIRST: only the first one). */
  matched: number[];
  /** Input values as JSON, for messages. */
  inputs: unknown[];
  variables: Record<string, unknown>;
  now: string;
}

/** Turns the matching rules into the decision result according to the table's hit policy. */
export function applyHitPolicy(m: Matches): DecisionResult {
  const { table, matched, variables, now } = m;
  const single =
    table.hitPolicy === 'UNIQUE' ||
    table.hitPolicy === 'FIRST' ||
    table.hitPolicy === 'PRIORITY' ||
    table.hitPolicy === 'ANY';
  if (single && matched.length === 0)
    return failure(table, 'DMN_NO_MATCH', `no rule matches ${describeInputs(table, m.inputs)}`);
  if (table.hitPolicy === 'UNIQUE' && matched.length > 1) {
    const verb = matched.length === 2 ? 'both match' : 'all match';
    const message = `${ruleList(matched)} ${verb} ${describeInputs(table, m.inputs)}, but hit policy UNIQUE allows only one`;
    return failure(
      table,
      'DMN_UNIQUE_VIOLATION',
      message,
      matched.map((r) => r + 1),
    );
  }
  if (table.hitPolicy === 'UNIQUE' || table.hitPolicy === 'FIRST') {
    const rule = matched[0]!;
    const out = ruleOutputs(table, rule, variables, now);
    return out.ok ? success(table, shape(table, out.values), [rule]) : out;
  }
  if (table.hitPolicy === 'COLLECT' && table.aggregation) return aggregate(table, matched, variables, now);

  const outputs = allOutputs(table, matched, variables, now);
  if (!outputs.ok) return outputs;
  const values = outputs.values;
  if (table.hitPolicy === 'ANY') {
    if (values.some((v) => !jsonEqual(v, values[0]))) {
      const message = `${ruleList(matched)} match ${describeInputs(table, m.inputs)} with different outputs, but hit policy ANY requires equal outputs`;
      return failure(
        table,
        'DMN_UNIQUE_VIOLATION',
        message,
        matched.map((r) => r + 1),
      );
    }
    return success(table, shape(table, values[0]!), matched);
  }
  if (table.hitPolicy === 'PRIORITY' || table.hitPolicy === 'OUTPUT ORDER') {
    const ranks = rankTable(table, m.prepared);
    if (!Array.isArray(ranks)) return ranks;
    const keys = values.map((v) => rankKey(ranks, v));
    const order = matched.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
    if (table.hitPolicy === 'PRIORITY') return success(table, shape(table, values[order[0]!]!), [matched[order[0]!]!]);
    return success(
      table,
      order.map((i) => shape(table, values[i]!)),
      order.map((i) => matched[i]!),
    );
  }
  // COLLECT without aggregation and RULE ORDER: every match, in rule order.
  return success(
    table,
    values.map((v) => shape(table, v)),
    matched,
  );
}

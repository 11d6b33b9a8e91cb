import type { DecisionTable } from '../../definitions/index.js';
import type { EntryMatcher } from './entry-matcher.js';
import { prepareEntry } from './entry-parse.js';
import { isPlainName, plainLiteral } from './literal.js';

/** How to get a value: a constant, a variable lookup, or FEEL. */
export type ValuePlan =
  | { kind: 'constant'; value: unknown }
  | { kind: 'variable'; name: string }
  | { kind: 'feel'; source: string };

/** What can be worked out once per table object and reused for every case. */
export interface PreparedTable {
  inputs: ValuePlan[];
  /** matchers[rule][input] */
  matchers: EntryMatcher[][];
  /** outputs[rule][output]; an empty output entry is the constant null. */
  outputs: ValuePlan[][];
  /** Output values evaluated once (PRIORITY / OUTPUT ORDER), filled lazily; see rank.ts. */
  ranks?: RankTable;
}

/** Per output: its evaluated output values in priority order, or null when it has none. */
export type RankTable = (unknown[] | null)[];

const cache = new WeakMap<DecisionTable, PreparedTable>();

/** Tables are treated as immutable: the preparation is cached per table object. */
export function prepare(table: DecisionTable): PreparedTable {
  let prepared = cache.get(table);
  if (!prepared) {
    prepared = {
      inputs: table.inputs.map((input) =>
        isPlainName(input.expression)
          ? { kind: 'variable', name: input.expression }
          : { kind: 'feel', source: input.expression },
      ),
      matchers: table.rules.map((rule) => table.inputs.map((_, i) => prepareEntry(rule.inputEntries[i] ?? ''))),
      outputs: table.rules.map((rule) => table.outputs.map((_, o) => outputPlan(rule.outputEntries[o] ?? ''))),
    };
    cache.set(table, prepared);
  }
  return prepared;
}

function outputPlan(source: string): ValuePlan {
  if (source.trim() === '') return { kind: 'constant', value: null };
  const literal = plainLiteral(source);
  return literal ? { kind: 'constant', value: literal.value } : { kind: 'feel', source };
}

import type { DecisionTable } from '../../definitions/index.js';
import { prepareEntry, type EntryMatcher } from './entry-matcher.js';

/** What can be worked out once per table object and reused for every case. */
export interface PreparedTable {
  /** matchers[rule][input] */
  matchers: EntryMatcher[][];
  /** Output values evaluated once (PRIORITY / OUTPUT ORDER), filled lazily; see rank.ts. */
  ranks?: RankTable;
}

/** Per output: its evaluated output values in priority order, or null when it has none. */
export type RankTable = (unknown[] | null)[];

const cache = new WeakMap<DecisionTable, PreparedTable>();

export function prepare(table: DecisionTable): PreparedTable {
  let prepared = cache.get(table);
  if (!prepared) {
    prepared = {
      matchers: table.rules.map((rule) => table.inputs.map((_, i) => prepareEntry(rule.inputEntries[i] ?? ''))),
    };
    cache.set(table, prepared);
  }
  return prepared;
}

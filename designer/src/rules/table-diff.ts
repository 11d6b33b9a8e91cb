// What a township's copy of a decision table changed against the city version it was based on:
// rules matched by their ids (dmn-js keeps them; a new rule gets a new one), columns by their
// labels and expressions, and the hit policy.
import type { TableModel } from './decision-table.js';

export interface RuleChange {
  kind: 'added' | 'removed' | 'changed';
  /** The rule's number: in the copy for added and changed rules, in the base for removed ones. */
  number: number;
  /** The rule as `conditions → results`. */
  summary: string;
}

export interface TableDiff {
  rules: RuleChange[];
  columnsAdded: string[];
  columnsRemoved: string[];
  hitPolicy: { from: string; to: string } | null;
}

type Row = TableModel['rows'][number];

/** How a cell reads in a summary: as written, or in words (`cellWords`). */
export type CellReading = (text: string) => string;

const summary = (row: Row, read: CellReading) =>
  `${row.inputs.map(read).join('，')} → ${row.outputs.map(read).join('，')}`;
const same = (a: Row, b: Row) =>
  a.description === b.description &&
  JSON.stringify(a.inputs) === JSON.stringify(b.inputs) &&
  JSON.stringify(a.outputs) === JSON.stringify(b.outputs);

function columns(m: TableModel): string[] {
  return [
    ...m.inputs.map((label, i) => `${label || m.inputExpressions[i]}（${m.inputExpressions[i] ?? ''}）`),
    ...m.outputs.map((label, i) => `${label || m.outputNames[i]}（${m.outputNames[i] ?? ''}）`),
  ];
}

export function diffTables(base: TableModel, mine: TableModel, read: CellReading = (text) => text): TableDiff {
  const byId = new Map(base.rows.map((r, i) => [r.id, { row: r, number: i + 1 }]));
  const kept = new Set<string>();
  const rules: RuleChange[] = [];
  mine.rows.forEach((row, i) => {
    const before = row.id ? byId.get(row.id) : undefined;
    if (!before) rules.push({ kind: 'added', number: i + 1, summary: summary(row, read) });
    else {
      kept.add(row.id!);
      if (!same(before.row, row)) rules.push({ kind: 'changed', number: i + 1, summary: summary(row, read) });
    }
  });
  base.rows.forEach((row, i) => {
    if (!row.id || !kept.has(row.id)) rules.push({ kind: 'removed', number: i + 1, summary: summary(row, read) });
  });
  const was = columns(base);
  const now = columns(mine);
  return {
    rules,
    columnsAdded: now.filter((c) => !was.includes(c)),
    columnsRemoved: was.filter((c) => !now.includes(c)),
    hitPolicy: base.hitPolicy === mine.hitPolicy ? null : { from: base.hitPolicy, to: mine.hitPolicy },
  };
}

export function isEmpty(d: TableDiff): boolean {
  return d.rules.length === 0 && d.columnsAdded.length === 0 && d.columnsRemoved.length === 0 && !d.hitPolicy;
}

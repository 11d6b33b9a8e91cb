// What a township's copy of a decision table changed against the city version it was based on:
// rules matched by their ids (dmn-js keeps them; a new rule gets a new one), columns by their
// labels and expressions (named by their labels, never their FEEL), and the hit policy.
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
  /** Columns by label: added, removed, and those whose expression or name changed under the same label. */
  columnsAdded: string[];
  columnsRemoved: string[];
  columnsChanged: string[];
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

/** The Chinese label of the form field an input expression reads (`category` → 诉求类别), if a form has one. */
export type FieldLabel = (expression: string) => string | undefined;

interface ColumnRef {
  /** What a column is: its label and what it reads or answers. */
  key: string;
  /** What a column is called: its label; else the label of the field it reads; else its expression or name. */
  label: string;
}

function columns(m: TableModel, fieldLabel: FieldLabel): ColumnRef[] {
  // readTable falls back to the expression (the name) for a column without a label.
  const inputs = m.inputs.map((label, i) => {
    const expression = (m.inputExpressions[i] ?? '').trim();
    const own = label.trim() !== expression ? label.trim() : '';
    return { key: JSON.stringify(['in', label, expression]), label: own || fieldLabel(expression) || expression };
  });
  const outputs = m.outputs.map((label, i) => {
    const name = m.outputNames[i] ?? '';
    return { key: JSON.stringify(['out', label, name]), label: label.trim() || name };
  });
  return [...inputs, ...outputs];
}

export function diffTables(
  base: TableModel,
  mine: TableModel,
  read: CellReading = (text) => text,
  fieldLabel: FieldLabel = () => undefined,
): TableDiff {
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
  const was = columns(base, fieldLabel);
  const now = columns(mine, fieldLabel);
  const added = now.filter((c) => !was.some((w) => w.key === c.key)).map((c) => c.label);
  const removed = was.filter((c) => !now.some((n) => n.key === c.key)).map((c) => c.label);
  // One label on both sides: the same column, read or named differently.
  const changed = [...new Set(added.filter((label) => removed.includes(label)))];
  return {
    rules,
    columnsAdded: added.filter((label) => !changed.includes(label)),
    columnsRemoved: removed.filter((label) => !changed.includes(label)),
    columnsChanged: changed,
    hitPolicy: base.hitPolicy === mine.hitPolicy ? null : { from: base.hitPolicy, to: mine.hitPolicy },
  };
}

export function isEmpty(d: TableDiff): boolean {
  return (
    d.rules.length === 0 &&
    d.columnsAdded.length === 0 &&
    d.columnsRemoved.length === 0 &&
    d.columnsChanged.length === 0 &&
    !d.hitPolicy
  );
}

// The same clauses as decision-table input cells: a DMN cell holds unary tests against its
// column's input (`"劳动纠纷","物业纠纷"`, `> 5`, `< date("2027-10-01")`, `not("其他")`, `-`).
import type { Clause, ClauseValue, Operator } from './condition-model.js';
import { fromFeel, toFeel } from './condition-model.js';

/** A column's clause without its field: the operator and value a cell tests the input with. */
export type CellTest = Omit<Clause, 'field'>;

const PLACEHOLDER = 'cellInput';

/** The cell text for a test; `null` (any value) is `-`. */
export function toUnaryTest(test: CellTest | null): string {
  if (!test) return '-';
  const v = test.value;
  switch (test.op) {
    case 'eq':
      return literal(v);
    case 'ne':
      return `not(${literal(v)})`;
    case 'in':
      return (v as string[]).map((s) => literal(s)).join(', ');
    case 'notIn':
      return `not(${(v as string[]).map((s) => literal(s)).join(', ')})`;
    case 'gt':
      return `> ${v as number}`;
    case 'ge':
      return `>= ${v as number}`;
    case 'lt':
      return `< ${v as number}`;
    case 'le':
      return `<= ${v as number}`;
    case 'before':
      return `< date(${literal(v)})`;
    case 'after':
      return `> date(${literal(v)})`;
    case 'empty':
      return 'null';
    case 'notEmpty':
      return 'not(null)';
    case 'contains':
      // Only an expression can say "contains" in a cell: `? ` is the input.
      return `contains(?, ${literal(v)})`;
  }
}

/** The test a cell stands for; undefined when the cell says more than the builder shows. */
export function fromUnaryTest(cell: string): CellTest | null | undefined {
  const text = cell.trim();
  if (text === '' || text === '-') return null;
  if (text === 'null') return { op: 'empty', value: null };
  if (text === 'not(null)') return { op: 'notEmpty', value: null };
  const negated = /^not\((.*)\)$/su.exec(text);
  const inner = negated ? negated[1]!.trim() : text;
  const compare = /^(>=|<=|>|<)\s*(.+)$/su.exec(inner);
  const feel = compare
    ? `${PLACEHOLDER} ${compare[1]} ${compare[2]}`
    : /^contains\(\?,/.test(inner)
      ? inner.replace('?', PLACEHOLDER)
      : inner.includes(',')
        ? `list contains([${inner}], ${PLACEHOLDER})`
        : `${PLACEHOLDER} = ${inner}`;
  const dated = compare && /^date\(/.test(compare[2]!) ? `date(${PLACEHOLDER}) ${compare[1]} ${compare[2]}` : feel;
  const model = fromFeel(dated);
  const clause = model?.clauses.length === 1 ? model.clauses[0]! : null;
  if (!clause) return undefined;
  const op = negated ? negate(clause.op) : clause.op;
  if (!op) return undefined;
  const test: CellTest = { op, value: clause.value };
  // Only what writes back the same is the builder's.
  return toUnaryTest(test).replace(/\s+/g, '') === text.replace(/\s+/g, '') ? test : undefined;
}

function negate(op: Operator): Operator | null {
  if (op === 'eq') return 'ne';
  if (op === 'in') return 'notIn';
  return null;
}

function literal(v: ClauseValue): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // the string literal exactly as a flow condition writes it
  return toFeel({ join: 'and', clauses: [{ field: PLACEHOLDER, op: 'eq', value: String(v) }] }).slice(
    `${PLACEHOLDER} = `.length,
  );
}

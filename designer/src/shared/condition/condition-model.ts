// A condition as an administrator builds it (field · operator · value, joined by 且 or 或) and the
// FEEL it stands for. `toFeel` writes the FEEL; `fromFeel` reads back exactly what `toFeel` can
// write and answers null for anything else (the expert's FEEL stays text).

export type FieldType = 'text' | 'number' | 'choice' | 'boolean' | 'date';

/** A field the case has filled by the time the condition is evaluated. */
export interface ConditionField {
  name: string;
  label: string;
  type: FieldType;
  /** The choices of a `choice` field. */
  options: string[];
}

export type Operator =
  | 'eq'
  | 'ne'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'before'
  | 'after'
  | 'empty'
  | 'notEmpty';

/** A clause's value: text, a number, yes/no, a date (`YYYY-MM-DD`), or a list for 包含于. */
export type ClauseValue = string | number | boolean | string[] | null;

export interface Clause {
  field: string;
  op: Operator;
  value: ClauseValue;
}

export interface ConditionModel {
  join: 'and' | 'or';
  clauses: Clause[];
}

const OPERATORS_BY_TYPE: Record<FieldType, Operator[]> = {
  text: ['eq', 'ne', 'contains', 'in', 'empty', 'notEmpty'],
  choice: ['eq', 'ne', 'in', 'notIn', 'empty', 'notEmpty'],
  number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'empty', 'notEmpty'],
  boolean: ['eq', 'ne'],
  date: ['eq', 'before', 'after', 'empty', 'notEmpty'],
};

export function operatorsFor(type: FieldType): Operator[] {
  return OPERATORS_BY_TYPE[type];
}

/** Whether the operator takes a value (为空 / 不为空 do not). */
export function takesValue(op: Operator): boolean {
  return op !== 'empty' && op !== 'notEmpty';
}

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isFieldName(name: string): boolean {
  return NAME.test(name) && !RESERVED.has(name);
}
const RESERVED = new Set([
  'and',
  'or',
  'not',
  'null',
  'true',
  'false',
  'in',
  'between',
  'instance',
  'of',
  'if',
  'then',
  'else',
  'for',
  'return',
  'some',
  'every',
  'satisfies',
]);

/** Why a clause cannot be written yet (in keys the panel translates), or null. */
export function clauseProblem(clause: Clause): 'field' | 'value' | null {
  if (!isFieldName(clause.field)) return 'field';
  if (!takesValue(clause.op)) return null;
  const v = clause.value;
  switch (clause.op) {
    case 'in':
    case 'notIn':
      return Array.isArray(v) && v.length > 0 ? null : 'value';
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'value';
    case 'before':
    case 'after':
      return typeof v === 'string' && DATE.test(v) ? null : 'value';
    default:
      return v === null || Array.isArray(v) || (typeof v === 'number' && !Number.isFinite(v)) ? 'value' : null;
  }
}

/** The FEEL body (without Zeebe's leading `=`) of a complete model; throws on an incomplete clause. */
export function toFeel(model: ConditionModel): string {
  if (model.clauses.length === 0) throw new Error('a condition needs at least one clause');
  return model.clauses.map(clauseFeel).join(model.join === 'and' ? ' and ' : ' or ');
}

function clauseFeel(c: Clause): string {
  if (clauseProblem(c)) throw new Error(`clause on "${c.field}" is incomplete`);
  const v = c.value;
  switch (c.op) {
    case 'eq':
    case 'ne':
      return `${c.field} ${c.op === 'eq' ? '=' : '!='} ${literal(v)}`;
    case 'in':
      return `list contains(${listLiteral(v as string[])}, ${c.field})`;
    case 'notIn':
      return `not(list contains(${listLiteral(v as string[])}, ${c.field}))`;
    case 'contains':
      return `contains(${c.field}, ${stringLiteral(String(v))})`;
    case 'gt':
      return `${c.field} > ${v as number}`;
    case 'ge':
      return `${c.field} >= ${v as number}`;
    case 'lt':
      return `${c.field} < ${v as number}`;
    case 'le':
      return `${c.field} <= ${v as number}`;
    case 'before':
      return `date(${c.field}) < date(${stringLiteral(v as string)})`;
    case 'after':
      return `date(${c.field}) > date(${stringLiteral(v as string)})`;
    case 'empty':
      return `${c.field} = null`;
    case 'notEmpty':
      return `${c.field} != null`;
  }
}

function literal(v: ClauseValue): string {
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return stringLiteral(String(v));
}

function stringLiteral(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function listLiteral(items: string[]): string {
  return `[${items.map(stringLiteral).join(', ')}]`;
}

// ── reading FEEL back ──

/** The model a FEEL body stands for, or null when it says more than the builder shows. */
export function fromFeel(feel: string): ConditionModel | null {
  const body = feel.trim().replace(/^=/, '').trim();
  if (body === '') return null;
  const split = splitTopLevel(body);
  if (!split) return null;
  const clauses: Clause[] = [];
  for (const part of split.parts) {
    const clause = parseClause(part.trim());
    if (!clause) return null;
    clauses.push(clause);
  }
  return { join: split.join, clauses };
}

/** Splits on ` and ` / ` or ` outside strings and brackets; a mix of both is not a builder condition. */
function splitTopLevel(body: string): { join: 'and' | 'or'; parts: string[] } | null {
  const parts: string[] = [];
  let join: 'and' | 'or' | null = null;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') {
      i = endOfString(body, i);
      if (i < 0) return null;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return null;
    if (depth !== 0) continue;
    const word = /^\s+(and|or)\s+/.exec(body.slice(i));
    if (word && /\s/.test(ch)) {
      const found = word[1] as 'and' | 'or';
      if (join && join !== found) return null;
      join = found;
      parts.push(body.slice(start, i));
      i += word[0].length - 1;
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(body.slice(start));
  return { join: join ?? 'and', parts };
}

/** The index of the closing quote of the string literal opening at `open`, or -1. */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ID = String.raw`([\p{L}_][\p{L}\p{N}_]*)`;
const STR = String.raw`("(?:[^"\\]|\\.)*")`;
const NUM = String.raw`(-?\d+(?:\.\d+)?)`;
const LIST = String.raw`\[\s*(${STR.slice(1, -1)}(?:\s*,\s*${STR.slice(1, -1)})*)\s*\]`;

const PATTERNS: Array<{ re: RegExp; read(m: RegExpExecArray): Clause | null }> = [
  {
    re: re(`^${ID}\\s*(=|!=)\\s*null$`),
    read: (m) => ({ field: m[1]!, op: m[2] === '=' ? 'empty' : 'notEmpty', value: null }),
  },
  {
    re: re(`^${ID}\\s*(=|!=)\\s*(true|false)$`),
    read: (m) => ({ field: m[1]!, op: eqOp(m[2]!), value: m[3] === 'true' }),
  },
  { re: re(`^${ID}\\s*(=|!=)\\s*${STR}$`), read: (m) => ({ field: m[1]!, op: eqOp(m[2]!), value: unquote(m[3]!) }) },
  {
    re: re(`^${ID}\\s*(=|!=|>=|<=|>|<)\\s*${NUM}$`),
    read: (m) => ({ field: m[1]!, op: compareOp(m[2]!), value: Number(m[3]) }),
  },
  {
    re: re(`^list contains\\(\\s*${LIST}\\s*,\\s*${ID}\\s*\\)$`),
    read: (m) => ({ field: m[m.length - 1]!, op: 'in', value: listItems(m[1]!) }),
  },
  {
    re: re(`^not\\(\\s*list contains\\(\\s*${LIST}\\s*,\\s*${ID}\\s*\\)\\s*\\)$`),
    read: (m) => ({ field: m[m.length - 1]!, op: 'notIn', value: listItems(m[1]!) }),
  },
  {
    re: re(`^contains\\(\\s*${ID}\\s*,\\s*${STR}\\s*\\)$`),
    read: (m) => ({ field: m[1]!, op: 'contains', value: unquote(m[2]!) }),
  },
  {
    re: re(`^date\\(\\s*${ID}\\s*\\)\\s*(<|>)\\s*date\\(\\s*${STR}\\s*\\)$`),
    read: (m) => {
      const value = unquote(m[3]!);
      return DATE.test(value) ? { field: m[1]!, op: m[2] === '<' ? 'before' : 'after', value } : null;
    },
  },
];

function re(source: string): RegExp {
  return new RegExp(source, 'u');
}

function parseClause(text: string): Clause | null {
  for (const { re: pattern, read } of PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const clause = read(m);
    return clause && isFieldName(clause.field) ? clause : null;
  }
  return null;
}

function eqOp(symbol: string): Operator {
  return symbol === '=' ? 'eq' : 'ne';
}

function compareOp(symbol: string): Operator {
  const ops: Record<string, Operator> = { '=': 'eq', '!=': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
  return ops[symbol]!;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

function listItems(inner: string): string[] {
  return [...inner.matchAll(new RegExp(STR, 'gu'))].map((m) => unquote(m[1]!));
}

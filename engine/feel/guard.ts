import { FeelRange, evaluate, isRange, parseExpression, parseUnaryTests } from 'feelin';
import { FUNCTION_PARSE_CONTEXT } from '../../definitions/index.js';
import type { EvaluationBudget } from './budget.js';

/**
 * feelin has no hook to limit the work of an evaluation, and `for`, quantifiers, filters and
 * recursive functions can make a short expression run for minutes (`for i in 1..1500000`,
 * `for a in xs, b in xs, c in xs`, a function calling itself twice). Before evaluation the
 * expression is rewritten so that every collection it iterates passes through a counting
 * function and every user-defined function body reports its call:
 *
 *   for i in a..b …      →  for i in __cf_range(a, b) …
 *   for x in xs …        →  for x in __cf_each(xs) …       (also `some`/`every`)
 *   xs[item > 1]         →  __cf_each(xs)[item > 1]
 *   function(n) body     →  function(n) __cf_tick(body)
 *   xs != []             →  not(__cf_list_eq(xs, []))   (also `=`; when one side is a list literal)
 *
 * Ranges are enumerated here rather than by feelin, whose enumeration never ends when the
 * bounds are not a whole number apart.
 */
export const GUARD_NAMES = ['__cf_range', '__cf_each', '__cf_tick', '__cf_list_eq'] as const;

type Edit = { at: number; end: number; text: string; closing: boolean; seq: number };
type Tree = ReturnType<typeof parseExpression>;

const CACHE_LIMIT = 10_000;
const cache = new Map<string, Guarded>();

/**
 * An expression ready for feelin: `source` is the guarded text; `counted` when it calls the
 * counting functions; `patterns` when it mentions a regular-expression function (the context
 * then supplies the linear-time ones; expressions that need neither get a smaller context).
 */
export interface Guarded {
  source: string;
  counted: boolean;
  patterns: boolean;
}

const PATTERN_FUNCTION = /\b(matches|replace|split)\b/;

/** The guarded form of an expression (or of unary tests), cached by source and parse-relevant names. */
export function guardSource(
  source: string,
  kind: 'expression' | 'unaryTests',
  variables: Record<string, unknown>,
): Guarded {
  const unusual = Object.keys(variables).filter((name) => !/^[A-Za-z_$][\w$]*$/.test(name));
  const key = `${kind}\u0000${unusual.join('\u0001')}\u0000${source}`;
  let guarded = cache.get(key);
  if (guarded === undefined) {
    const context = { ...FUNCTION_PARSE_CONTEXT, ...Object.fromEntries(unusual.map((name) => [name, null])) };
    const rewritten = rewrite(
      source,
      kind === 'expression' ? parseExpression(source, context, undefined) : parseUnaryTests(source, context, undefined),
    );
    guarded = { source: rewritten, counted: rewritten !== source, patterns: PATTERN_FUNCTION.test(source) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, guarded);
  }
  return guarded;
}

function rewrite(source: string, tree: Tree): string {
  const edits: Edit[] = [];
  let seq = 0;
  let broken = false;
  const wrap = (from: number, to: number, fn: string) => {
    edits.push({ at: from, end: from, text: `${fn}(`, closing: false, seq: seq++ });
    edits.push({ at: to, end: to, text: ')', closing: true, seq: seq++ });
  };
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      const node = ref.node;
      switch (ref.name) {
        case 'IterationContext': {
          const dots = node.getChild('..');
          if (dots && node.firstChild && node.lastChild && node.lastChild !== dots) {
            edits.push({ at: dots.from, end: dots.to, text: ', ', closing: false, seq: seq++ });
            wrap(node.from, node.to, '__cf_range');
          } else wrap(node.from, node.to, '__cf_each');
          break;
        }
        case 'FilterExpression': {
          const list = node.firstChild;
          const index = list?.nextSibling?.nextSibling;
          // A literal index (`xs[1]`, `xs[-1]`) picks one item without iterating.
          const literalIndex = index && /^-?\s*\d+$/.test(source.slice(index.from, index.to).trim());
          if (list && !literalIndex) wrap(list.from, list.to, '__cf_each');
          break;
        }
        case 'FunctionBody':
          wrap(node.from, node.to, '__cf_tick');
          break;
        case 'Comparison': {
          // feelin compares a one-item list as its item, so `[1] != []` and `[1] = [1, 2]` answer
          // null; FEEL (and Camunda) compare two lists item by item: `xs != []` is the usual test.
          const op = node.getChild('CompareOp');
          const left = node.firstChild;
          const right = op?.nextSibling;
          const text = op ? source.slice(op.from, op.to) : '';
          if (!op || !left || !right || (text !== '=' && text !== '!=')) break;
          if (left.name !== 'List' && right.name !== 'List') break;
          const negate = text === '!=';
          edits.push({
            at: node.from,
            end: node.from,
            text: negate ? 'not(__cf_list_eq(' : '__cf_list_eq(',
            closing: false,
            seq: seq++,
          });
          edits.push({ at: op.from, end: op.to, text: ', ', closing: false, seq: seq++ });
          edits.push({ at: node.to, end: node.to, text: negate ? '))' : ')', closing: true, seq: seq++ });
          break;
        }
      }
      return undefined;
    },
  });
  // An expression feelin cannot parse is left alone: evaluating it fails before any work is done.
  if (broken || edits.length === 0) return source;
  edits.sort(
    (a, b) => a.at - b.at || Number(b.closing) - Number(a.closing) || (a.closing ? b.seq - a.seq : a.seq - b.seq),
  );
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += source.slice(pos, e.at) + e.text;
    pos = e.end;
  }
  return out + source.slice(pos);
}

/** The counting functions the guarded expression calls, bound to a budget. */
export function guardFunctions(budget: EvaluationBudget): Record<(typeof GUARD_NAMES)[number], unknown> {
  const range = (start: unknown, end: unknown): unknown => {
    // feelin reads `a..null` as just `a` (which then iterates as nothing).
    if (end === null || end === undefined) return start;
    if (typeof start === 'number' && typeof end === 'number') return numberRange(budget, start, end, true, true);
    return new FeelRange({
      start,
      end,
      'start included': true,
      'end included': true,
      valueType: rangeType(start, end),
    });
  };
  const each = (value: unknown): unknown => {
    if (Array.isArray(value)) budget.items(value.length, 'a list');
    else if (isRange(value) && typeof value.start === 'number' && typeof value.end === 'number') {
      const r = value as unknown as { start: number; end: number; 'start included': boolean; 'end included': boolean };
      return numberRange(budget, r.start, r.end, r['start included'], r['end included']);
    }
    return value;
  };
  const tick = (value: unknown): unknown => {
    budget.step();
    return value;
  };
  return {
    __cf_range: named(range, ['start', 'end']),
    __cf_each: named(each, ['value']),
    __cf_tick: named(tick, ['value']),
    __cf_list_eq: named(listEquals, ['a', 'b']),
  };
}

/** FEEL equality where two lists compare item by item (lengths first); anything else as feelin compares it. */
function listEquals(a: unknown, b: unknown): boolean | null {
  if (!Array.isArray(a) || !Array.isArray(b)) return evaluate('a = b', { a, b }).value as boolean | null;
  if (a.length !== b.length) return false;
  let result: boolean | null = true;
  for (let i = 0; i < a.length; i++) {
    const same = listEquals(a[i], b[i]);
    if (same === false) return false;
    if (same !== true) result = null;
  }
  return result;
}

function numberRange(
  budget: EvaluationBudget,
  start: number,
  end: number,
  startIncluded: boolean,
  endIncluded: boolean,
): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isInteger(end - start)) {
    throw new Error(`range ${start}..${end} cannot be enumerated: its bounds must be a whole number apart`);
  }
  const direction = start > end ? -1 : 1;
  const first = startIncluded ? start : start + direction;
  const last = endIncluded ? end : end - direction;
  const count = (last - first) * direction + 1;
  if (count <= 0) return [];
  budget.items(count, `range ${start}..${end}`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = first + i * direction;
  return out;
}

function rangeType(start: unknown, end: unknown): string | null {
  if (start === null && end === null) return null;
  if ((start === null || typeof start === 'string') && (end === null || typeof end === 'string')) return 'string';
  throw new Error('unsupported range operation: map');
}

/** feelin reads a plain function's parameter names from `$args`. */
function named<F extends (...args: never[]) => unknown>(fn: F, args: string[]): F {
  return Object.assign(fn, { $args: args });
}

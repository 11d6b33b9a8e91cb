import type { EntryMatcher } from './entry-matcher.js';
import { plainLiteral } from './literal.js';

const NUM = String.raw`(-?\d{1,15}(?:\.\d{1,15})?)`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>)\s*${NUM}$`);
const RANGE = new RegExp(String.raw`^([\[\]])\s*${NUM}\s*\.\.\s*${NUM}\s*([\[\]])$`);

/**
 * Prepares an input entry once per table. Routing tables are mostly `-`, lists of plain
 * literals (`"劳动纠纷"`, `"占道经营","乱搭乱建"`, `true`) and their negation (`not("a","b")`);
 * thresholds are comparisons (`>= 3`) and ranges (`[1000..5000[`) over number literals.
 * Those are matched without the FEEL parser; everything else is kept as FEEL unary tests.
 */
export function prepareEntry(source: string): EntryMatcher {
  const text = source.trim();
  if (text === '' || text === '-') return { kind: 'any' };
  const comparison = COMPARISON.exec(text);
  if (comparison)
    return {
      kind: 'compare',
      op: comparison[1] as '<' | '<=' | '>' | '>=',
      bound: Number(comparison[2]),
      source: text,
    };
  const range = RANGE.exec(text);
  if (range && Number(range[2]) <= Number(range[3])) {
    // (a reversed range is left to FEEL, which has its own reading of it)
    const [, open, lo, hi, close] = range;
    return {
      kind: 'range',
      lo: Number(lo),
      hi: Number(hi),
      loIncluded: open === '[',
      hiIncluded: close === ']',
      source: text,
    };
  }
  const negation = /^not\s*\(([\s\S]*)\)$/.exec(text);
  const list = (negation ? negation[1]! : text).split(',').map((p) => plainLiteral(p)?.value);
  for (const type of ['string', 'number', 'boolean'] as const) {
    if (list.every((v) => typeof v === type))
      return { kind: 'literals', type, values: new Set(list), negated: !!negation, source: text };
  }
  return { kind: 'feel', source: text };
}

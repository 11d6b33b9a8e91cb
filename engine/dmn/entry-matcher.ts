import { evaluateUnaryTests } from '../feel/evaluate.js';

/** An input entry prepared by `prepareEntry`; `source` is the FEEL text, used whenever no shortcut applies. */
export type EntryMatcher =
  | { kind: 'any' }
  | {
      kind: 'literals';
      type: 'string' | 'number' | 'boolean';
      values: ReadonlySet<unknown>;
      negated: boolean;
      source: string;
    }
  | { kind: 'compare'; op: '<' | '<=' | '>' | '>='; bound: number; source: string }
  | { kind: 'range'; lo: number; hi: number; loIncluded: boolean; hiIncluded: boolean; source: string }
  | { kind: 'feel'; source: string };

export type MatchResult = { ok: true; value: boolean } | { ok: false; message: string; limit?: true };

const YES: MatchResult = { ok: true, value: true };
const NO: MatchResult = { ok: true, value: false };

/** Shortcuts apply only when the input has the type of the entry's literals; else FEEL decides. */
export function matchEntry(
  m: EntryMatcher,
  input: unknown,
  variables: Record<string, unknown>,
  now: string,
): MatchResult {
  if (m.kind === 'any') return YES;
  if (m.kind === 'literals' && typeof input === m.type) return m.values.has(input) !== m.negated ? YES : NO;
  if (m.kind === 'compare' && typeof input === 'number') return compare(input, m.op, m.bound) ? YES : NO;
  if (m.kind === 'range' && typeof input === 'number') {
    const above = m.loIncluded ? input >= m.lo : input > m.lo;
    const below = m.hiIncluded ? input <= m.hi : input < m.hi;
    return above && below ? YES : NO;
  }
  const r = evaluateUnaryTests(m.source, input, variables, now);
  return r.ok ? { ok: true, value: r.value === true } : r;
}

function compare(x: number, op: '<' | '<=' | '>' | '>=', bound: number): boolean {
  if (op === '<') return x < bound;
  if (op === '<=') return x <= bound;
  if (op === '>') return x > bound;
  return x >= bound;
}

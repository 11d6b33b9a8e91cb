import { evaluateUnaryTests } from '../feel/evaluate.js';

/**
 * An input entry prepared once per table. Routing tables are mostly `-` and lists of plain
 * string literals (`"劳动纠纷"`, `"物业纠纷","噪音"`); those are matched without FEEL when
 * the input has the literal's type. Everything else goes through FEEL unary tests.
 */
export type EntryMatcher =
  | { kind: 'any' }
  | { kind: 'strings'; values: ReadonlySet<string>; source: string }
  | { kind: 'numbers'; values: ReadonlySet<number>; source: string }
  | { kind: 'feel'; source: string };

const STRING = /^"[^"\\]*"$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

export function prepareEntry(source: string): EntryMatcher {
  const text = source.trim();
  if (text === '' || text === '-') return { kind: 'any' };
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => STRING.test(p))) return { kind: 'strings', values: new Set(parts.map((p) => p.slice(1, -1))), source: text };
  if (parts.every((p) => NUMBER.test(p))) return { kind: 'numbers', values: new Set(parts.map(Number)), source: text };
  return { kind: 'feel', source: text };
}

export type MatchResult = { ok: true; value: boolean } | { ok: false; message: string };

const YES: MatchResult = { ok: true, value: true };
const NO: MatchResult = { ok: true, value: false };

export function matchEntry(m: EntryMatcher, input: unknown, variables: Record<string, unknown>, now: string): MatchResult {
  if (m.kind === 'any') return YES;
  if (m.kind === 'strings' && typeof input === 'string') return m.values.has(input) ? YES : NO;
  if (m.kind === 'numbers' && typeof input === 'number') return m.values.has(input) ? YES : NO;
  const r = evaluateUnaryTests(m.source, input, variables, now);
  return r.ok ? { ok: true, value: r.value === true } : r;
}

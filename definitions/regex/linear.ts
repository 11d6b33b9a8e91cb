import { RE2JS } from 're2js';

/**
 * Patterns written by tenants (a form's JSON Schema `pattern`, FEEL `matches`/`replace`/`split`)
 * run on RE2, whose matching time grows linearly with the input: a pattern like `^(a+)+$` that
 * makes a backtracking engine (JavaScript's RegExp) run for minutes on 40 characters cannot stop
 * the server. RE2 has no backreferences or lookaround; such patterns are refused.
 */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`pattern "${pattern}" cannot run on the linear-time engine: ${reason}`);
    this.name = 'UnsupportedPatternError';
  }
}

/** A pattern that is not a valid regular expression at all; the message is JavaScript's own. */
export class InvalidPatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'InvalidPatternError';
  }
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE };
const CACHE_LIMIT = 1_000;
const cache = new Map<string, RE2JS>();

/**
 * Compiles a pattern in JavaScript syntax (`\d`, `\u4e00`, `(?<name>…)`) for RE2. Flags are those
 * of FEEL and JavaScript: `i`, `s`, `m` (`u` and `g` change nothing here). Throws
 * `InvalidPatternError` or `UnsupportedPatternError`.
 */
export function compileLinear(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let mask = 0;
  for (const f of flags) {
    if (f in FLAGS) mask |= FLAGS[f]!;
    else if (f !== 'u' && f !== 'g')
      throw new InvalidPatternError(pattern, `Invalid flags supplied to RegExp constructor '${flags}'`);
  }
  try {
    // Only parsed, never run: a JavaScript RegExp compiles in time linear in the pattern's length.
    new RegExp(pattern, 'u');
  } catch (err) {
    throw new InvalidPatternError(pattern, (err as Error).message);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), mask);
  } catch (err) {
    throw new UnsupportedPatternError(pattern, unsupportedReason(pattern, (err as Error).message));
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Null when the pattern is valid and runs on RE2; else why not (in English). */
export function linearPatternError(pattern: string): string | null {
  try {
    compileLinear(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function unsupportedReason(pattern: string, engineMessage: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) return 'it refers back to a group (backreference)';
  if (/\(\?<?[=!]/.test(pattern)) return 'it looks ahead or behind (lookaround)';
  return engineMessage;
}

/**
 * ajv's `code.regExp` option: JSON Schema `pattern` and `patternProperties` run on RE2. `code`
 * names the function in generated standalone code (unused: schemas are compiled at run time).
 */
export const linearRegExp = Object.assign((pattern: string, _flags: string) => compileLinear(pattern), {
  code: 'linearRegExp',
});

/** FEEL `matches(input, pattern, flags?)` on RE2. */
export function linearMatches(input: string, pattern: string, flags = ''): boolean {
  return compileLinear(pattern, flags).test(input);
}

/** FEEL `replace(input, pattern, replacement, flags?)` on RE2: every match, `$0`…`$9` name groups. */
export function linearReplace(input: string, pattern: string, replacement: string, flags = ''): string {
  const re = compileLinear(pattern, flags);
  return re.matcher(input).replaceAll(replacement.replace(/\$0/g, '$$&'));
}

/**
 * FEEL `split(string, delimiter)` on RE2, part for part as JavaScript's `String.prototype.split`
 * with a RegExp: an empty match at the start of a part or at the very end splits nothing, and
 * captured groups are spliced in between the parts.
 */
export function linearSplit(input: string, delimiter: string): Array<string | null> {
  const re = compileLinear(delimiter);
  if (input === '') return re.testExact('') ? [] : [''];
  const out: Array<string | null> = [];
  const m = re.matcher(input);
  let p = 0;
  let q = 0;
  while (q < input.length) {
    if (!m.find(q)) break;
    const start = m.start();
    const end = m.end();
    if (start >= input.length) break;
    if (end === p) {
      q = start + 1;
      continue;
    }
    out.push(input.slice(p, start));
    for (let g = 1; g <= re.groupCount(); g++) out.push(m.group(g) ?? null);
    p = end;
    q = p === start ? start + 1 : p;
  }
  out.push(input.slice(p));
  return out;
}

/** Camunda's FEEL `extract(string, pattern)` on RE2: every non-overlapping match, in order. */
export function linearExtract(input: string, pattern: string): string[] {
  const m = compileLinear(pattern).matcher(input);
  const out: string[] = [];
  let from = 0;
  while (from <= input.length && m.find(from)) {
    out.push(m.group(0) ?? '');
    from = m.end() > m.start() ? m.end() : m.end() + 1;
  }
  return out;
}

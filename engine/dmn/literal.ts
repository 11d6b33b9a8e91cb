/**
 * Plain FEEL literals recognised without the FEEL parser, so routing tables (mostly string
 * literals) evaluate in microseconds. Anything not recognised here goes through FEEL.
 * Equivalence with feelin is checked by property tests.
 */
const STRING = /^"[^"\\]*"$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;
const CONSTANTS: Record<string, unknown> = { true: true, false: false, null: null };

/** `"dept-rs"` → 'dept-rs', `5` → 5, `true` → true; undefined when not a plain literal. */
export function plainLiteral(source: string): { value: string | number | boolean | null } | undefined {
  const text = source.trim();
  if (STRING.test(text)) return { value: text.slice(1, -1) };
  if (NUMBER.test(text)) return { value: Number(text) };
  if (text in CONSTANTS && Object.hasOwn(CONSTANTS, text)) return { value: CONSTANTS[text] as boolean | null };
  return undefined;
}

/** Names that FEEL resolves to something other than the variable (keywords, the injected clock). */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'instance',
  'of',
  'function',
  'between',
  'external',
  'now',
  'today',
]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A bare variable name such as `category`, whose value is a plain lookup. */
export function isPlainName(source: string): boolean {
  return IDENTIFIER.test(source) && !RESERVED.has(source);
}

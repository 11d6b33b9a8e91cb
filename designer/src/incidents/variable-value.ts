/** How an administrator types a variable's new value: as text, a number or yes/no — never JSON. */
export type ValueKind = 'text' | 'number' | 'boolean';

export const kindOf = (value: unknown): ValueKind =>
  typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';

/** The typed value, or null when the text is not one (an empty or non-numeric number). */
export function parseValue(kind: ValueKind, text: string): { value: string | number | boolean } | null {
  if (kind === 'boolean') return { value: text === 'true' };
  if (kind === 'number') {
    const n = Number(text.trim());
    return text.trim() === '' || !Number.isFinite(n) ? null : { value: n };
  }
  return { value: text };
}

/** A value as it reads on screen: objects and lists summarised, never raw JSON. */
export function valueLabel(
  value: unknown,
  t: { yes: string; no: string; empty: string; items: (n: number) => string; fields: (n: number) => string },
): string {
  if (value === null || value === undefined || value === '') return t.empty;
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (Array.isArray(value)) return t.items(value.length);
  if (typeof value === 'object') return t.fields(Object.keys(value).length);
  return String(value);
}

/**
 * Characters that make a name look like another: bidirectional overrides and isolates (which
 * reorder what is shown) and zero-width characters (which hide inside a name).
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each listed character is matched on its own on purpose (a lone combining mark is what we look for)
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF\u180E\u034F\u115F\u1160\u3164\uFFA0]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

export type DisplayNameProblem = 'empty' | 'tooLong' | 'invisible' | 'control';

export function displayNameProblem(name: string): DisplayNameProblem | undefined {
  if (name.trim().length === 0) return 'empty';
  if ([...name].length > 100) return 'tooLong';
  if (INVISIBLE.test(name)) return 'invisible';
  if (CONTROL.test(name)) return 'control';
  return undefined;
}

/** Two display names that read the same compare equal: width, case and surrounding or doubled spaces do not count. */
export function displayNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

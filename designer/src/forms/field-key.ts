import { pinyin } from 'pinyin-pro';

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A readable ASCII key from a Chinese label: 涉及人数 → sheJiRenShu; other letters and digits kept. */
export function keyFromLabel(label: string): string {
  const words = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('')
    .slice(0, 48);
  return /^[A-Za-z]/.test(key) ? key : `field${key}`;
}

/** `key`, or `key2`, `key3` … the first not in `taken`. */
export function uniqueKey(key: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let i = 2; ; i++) if (!used.has(`${key}${i}`)) return `${key}${i}`;
}

export function isValidKey(key: string): boolean {
  return KEY.test(key);
}

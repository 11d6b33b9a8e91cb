import { describe, expect, it } from 'vitest';
import { simpleLiteral, splitTopLevel } from './literals.js';

describe('splitTopLevel', () => {
  it('splits at top-level commas only', () => {
    expect(splitTopLevel('"high", "medium","low"')).toEqual(['"high"', '"medium"', '"low"']);
    expect(splitTopLevel('"a,b", [1..2], date("2026-01-01"), {x: 1, y: 2}')).toEqual([
      '"a,b"',
      '[1..2]',
      'date("2026-01-01")',
      '{x: 1, y: 2}',
    ]);
    expect(splitTopLevel('"say \\"hi\\", ok"')).toEqual(['"say \\"hi\\", ok"']);
  });
});

describe('simpleLiteral', () => {
  it('reads plain strings and numbers and nothing else', () => {
    expect(simpleLiteral(' "红牌" ')).toBe('红牌');
    expect(simpleLiteral('-2.5')).toBe(-2.5);
    expect(simpleLiteral('"a\\"b"')).toBeUndefined();
    expect(simpleLiteral('x + 1')).toBeUndefined();
  });
});

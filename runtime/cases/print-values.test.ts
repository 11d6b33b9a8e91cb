import { describe, expect, it } from 'vitest';
import { printedValue } from './print.js';

describe('a case field’s value as printed', () => {
  it('prints a repeatable list by its answers, never [object Object], null or NaN', () => {
    expect(printedValue(false)).toBe('否');
    expect(printedValue(['环境污染', '噪声扰民'])).toBe('环境污染、噪声扰民');
    expect(
      printedValue([
        { name: '张三', phone: '13800001111' },
        { name: '李四', phone: null },
      ]),
    ).toBe('张三，13800001111；李四');
    for (const nothing of [null, undefined, Number.NaN]) expect(printedValue(nothing)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { translate } from '../app/i18n/index.js';
import { valueText } from './value-text.js';

const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);

describe('a case field’s value on the case page', () => {
  it('says yes/no and lists in words, a repeatable list by its answers, never JSON or what code prints', () => {
    expect(valueText(true, zh)).toBe('是');
    expect(valueText(['环境污染', '噪声扰民'], zh)).toBe('环境污染、噪声扰民');
    const parties = [
      { name: '张三', phone: '13800001111' },
      { name: '李四', phone: null },
    ];
    expect(valueText(parties, zh)).toBe('张三，13800001111；李四');
    for (const nothing of [null, undefined, Number.NaN, {}, []]) expect(valueText(nothing, zh)).toBe('');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dmnTranslate, hasChinese } from './dmn-translations.js';

const MODULES = join(import.meta.dirname, '..', '..', '..', 'node_modules');

/** Every literal text dmn-js's decision-table and literal-expression editors pass to `translate`. */
function translatedTexts(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js'))
        for (const m of readFileSync(path, 'utf8').matchAll(/translate\(\s*'((?:[^'\\]|\\.)*)'/g))
          found.add(m[1]!.replace(/\\(.)/g, '$1'));
    }
  };
  for (const pkg of ['dmn-js-decision-table', 'dmn-js-literal-expression', 'dmn-js-shared'])
    walk(join(MODULES, pkg, 'lib'));
  return [...found];
}

describe('the decision-table editor in Chinese', () => {
  it('has every text dmn-js translates in Chinese', () => {
    const texts = translatedTexts();
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((text) => !hasChinese(text))).toEqual([]);
  });

  it('translates hit policies, types and placeholders; English stays English', () => {
    const zh = dmnTranslate('zh-CN');
    expect(zh('First')).toBe('首条命中');
    expect(zh('number')).toBe('数字');
    expect(zh('Add input column right')).toBe('在右侧添加输入列');
    expect(zh('e.g. { sample }', { sample: 'P1D' })).toBe('例如 P1D');
    expect(dmnTranslate('en')('First')).toBe('First');
    expect(dmnTranslate('en')('e.g. { sample }', { sample: 'P1D' })).toBe('e.g. P1D');
  });

  it('says what to type by an example, never a format pattern, in Chinese and in English', () => {
    const zh = dmnTranslate('zh-CN');
    const en = dmnTranslate('en');
    const messages = [
      'Date must match pattern yyyy-MM-dd',
      'Date and time must match pattern yyyy-MM-ddTHH:mm:ss[time zone]',
      'Time must match pattern hh:mm:ss[time zone]',
      'Must match PnYnM',
      'Must match PnDTnH',
    ];
    expect(zh('Date must match pattern yyyy-MM-dd')).toBe('请填写日期，如 2026-12-31');
    expect(zh('Must match PnYnM')).toBe('请填写时长，如 P1Y2M 表示 1年2个月，P6M 表示 6个月');
    expect(zh('Must match PnDTnH')).toBe('请填写时长，如 P3D 表示 3天，PT4H 表示 4小时，P3DT4H 表示 3天4小时');
    expect(zh('Date and time must match pattern yyyy-MM-ddTHH:mm:ss[time zone]')).toContain('2026年12月31日17点30分');
    expect(en('Must match PnYnM')).toBe('Enter a duration, e.g. P1Y2M for 1 year 2 months, P6M for 6 months');
    for (const text of messages.flatMap((m) => [zh(m), en(m)])) {
      expect(text).not.toMatch(/PnYnM|PnDTnH|yyyy|hh:mm|年-月-日|时:分/);
      // Every example the message gives is one dmn-js's own checks accept.
      for (const example of text.match(/\bP[\dYMDTH]+\b/g) ?? [])
        expect(example).toMatch(/^P(\d+Y\d+M|\d+Y|\d+M|\d+DT\d+H|\d+D|T\d+H)$/);
    }
  });
});

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
});

import { describe, expect, it } from 'vitest';
import { translate } from '../app/i18n/index.js';
import { type CellWordsContext, cellWords } from './cell-words.js';

const names: Record<string, string> = { 'dept-rs': '市人力资源和社会保障局' };
const context = (locale: 'zh-CN' | 'en'): CellWordsContext => ({
  t: (key, vars) => translate(locale, key, vars),
  locale,
  departmentName: (id) => names[id],
});

describe('a decision-table cell as the table shows it', () => {
  it('names the department, says the time limit in words and drops the quotes of a Chinese literal', () => {
    const zh = context('zh-CN');
    expect(cellWords('"dept-rs"', zh)).toBe('市人力资源和社会保障局');
    expect(cellWords(' "5 workDay" ', zh)).toBe('5个工作日');
    expect(cellWords('"15 calendarDay"', zh)).toBe('15日');
    expect(cellWords('"环境污染"', zh)).toBe('环境污染');
    expect(cellWords('"dept-rs"', context('en'))).toBe('市人力资源和社会保障局');
  });

  it('says dates and durations in words, never ISO', () => {
    const zh = context('zh-CN');
    expect(cellWords('duration("P3D")', zh)).toBe('3天');
    expect(cellWords('duration("P3DT4H")', zh)).toBe('3天4小时');
    expect(cellWords('>= duration("PT4H")', zh)).toBe('至少4小时');
    expect(cellWords('date("2026-12-31")', zh)).toBe('2026年12月31日');
    expect(cellWords('< date("2026-12-31")', zh)).toBe('早于2026年12月31日');
    expect(cellWords('date and time("2026-12-31T09:00:00Z")', zh)).toBe('2026年12月31日 17:00');
    expect(cellWords('duration("P3D")', context('en'))).toBe('3 days');
  });

  it('says a null cell is empty, and a time of day without seconds or offset', () => {
    const zh = context('zh-CN');
    expect(cellWords('null', zh)).toBe('空');
    expect(cellWords(' null ', context('en'))).toBe('empty');
    expect(cellWords('not(null)', zh)).toBe('不为空');
    expect(cellWords('time("17:30:00+08:00")', zh)).toBe('17:30');
    expect(cellWords('>= time("09:00:00")', zh)).toBe('不早于09:00');
    expect(cellWords('"null"', zh)).toBeNull();
  });

  it('keeps the FEEL where words would change its meaning or there are none', () => {
    const zh = context('zh-CN');
    for (const text of ['"dept-zz"', '"5"', '"-"', '""', '"high"', '-', '>= 10', 'category', 'not("环境污染")'])
      expect(cellWords(text, zh), text).toBeNull();
    expect(cellWords('"环境污染", "噪声扰民"', zh)).toBeNull();
    expect(cellWords('"5 workDay"', context('en'))).toBeNull();
  });
});

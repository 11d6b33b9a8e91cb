import { describe, expect, it } from 'vitest';
import { translate } from '../app/i18n/index.js';
import { durationInWords } from './duration-words.js';

const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);
const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);

describe('a deadline in the panel, in words', () => {
  it("shows the file's notation in Chinese words the field reads back", () => {
    expect(durationInWords(zh, '5 workDay')).toBe('5个工作日');
    expect(durationInWords(zh, '3 workHour')).toBe('3个工作小时');
    expect(durationInWords(zh, '15 calendarDay')).toBe('15日');
    expect(durationInWords(zh, '72 hour')).toBe('72小时');
  });

  it('keeps what it cannot say in readable words as written', () => {
    expect(durationInWords(zh, '5个工作日')).toBe('5个工作日');
    expect(durationInWords(zh, '=timeLimit')).toBe('=timeLimit');
    expect(durationInWords(en, '5 workDay')).toBe('5 workDay');
  });
});

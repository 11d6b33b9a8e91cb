import { describe, expect, it } from 'vitest';
import { translate } from '../app/i18n/index.js';
import { outcomeText } from './decision-outcome.js';

const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);
const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);

describe('a decision step in the case history', () => {
  const referral = [
    { label: '承办部门', value: '市人力资源和社会保障局' },
    { label: '部门名称', value: '市人力资源和社会保障局' },
    { label: '办理时限', value: '5 workDay' },
  ];

  it('reads as the table’s columns and their values, a time limit in words, a department once', () => {
    expect(outcomeText(zh, referral)).toBe('承办部门：市人力资源和社会保障局，办理时限：5个工作日');
    expect(outcomeText(en, referral)).toBe('承办部门: 市人力资源和社会保障局, 办理时限: 5 working days');
  });

  it('says yes or no, numbers as they are, and several rows’ values joined', () => {
    expect(
      outcomeText(zh, [
        { label: '需要会签', value: true },
        { label: '紧急天数', value: 3 },
        { label: '协办部门', value: ['市公安局', '市市场监督管理局', '市公安局'] },
      ]),
    ).toBe('需要会签：是，紧急天数：3，协办部门：市公安局、市市场监督管理局');
    expect(outcomeText(zh, [{ label: '时限', value: '10 calendarDay' }])).toBe('时限：10日');
  });

  it('says a value the table left empty as 空 and a record by its entries, never null or JSON', () => {
    expect(
      outcomeText(zh, [
        { label: '承办部门', value: '市公安局' },
        { label: '协办部门', value: null },
      ]),
    ).toBe('承办部门：市公安局，协办部门：空');
    expect(outcomeText(en, [{ label: '协办部门', value: null }])).toBe('协办部门: empty');
    expect(outcomeText(zh, [{ label: '结果', value: { level: '高', days: 3 } }])).toBe('结果：level：高，days：3');
  });
});

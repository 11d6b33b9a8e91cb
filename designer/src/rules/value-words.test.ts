import { describe, expect, it } from 'vitest';
import type { DecisionTestFailure, Problem } from '../../../definitions/index.js';
import { type Locale, translate } from '../app/i18n/index.js';
import { failureWords, problemsInWords, testFailures, valueWords } from './value-words.js';

const names = new Map([
  ['dept-sh', '市生态环境局'],
  ['dept-zz', '综治中心综合组'],
]);
const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate(locale, key, vars);
const model = { outputs: ['承办部门', '等待时长'], outputNames: ['department', 'wait'] };

describe('values and failed test cases in words', () => {
  it('says departments, working days, durations, dates and times as people read them', () => {
    const zh = t('zh-CN');
    expect(valueWords('dept-sh', names, zh, 'zh-CN')).toBe('市生态环境局');
    expect(valueWords('3 workDay', names, zh, 'zh-CN')).toBe('3个工作日');
    expect(valueWords('P3DT4H', names, zh, 'zh-CN')).toBe('3天4小时');
    expect(valueWords('2026-12-31', names, zh, 'zh-CN')).toBe('2026年12月31日');
    expect(valueWords('2026-12-31T09:00:00Z', names, zh, 'zh-CN')).toBe('2026年12月31日 17:00');
    expect(valueWords(null, names, zh, 'zh-CN')).toBe('（空）');
    expect(valueWords(['dept-sh', 'P1D'], names, zh, 'zh-CN')).toBe('市生态环境局、1天');
    expect(valueWords('Pending', names, zh, 'zh-CN')).toBe('Pending');
    expect(valueWords('P3D', names, t('en'), 'en')).toBe('3 days');
  });

  it('says times of day, yes/no and records in words, never JSON or null', () => {
    const zh = t('zh-CN');
    expect(valueWords('17:30:00', names, zh, 'zh-CN')).toBe('17:30');
    expect(valueWords(true, names, zh, 'zh-CN')).toBe('是');
    expect(valueWords([], names, zh, 'zh-CN')).toBe('（空）');
    expect(valueWords({ department: 'dept-sh', wait: null }, names, zh, 'zh-CN')).toBe(
      'department：市生态环境局；wait：（空）',
    );
    expect(valueWords(Number.NaN, names, zh, 'zh-CN')).toBe('（空）');
  });

  it('says why a saved test case fails from the server’s data, not its JSON text', () => {
    const zh = t('zh-CN');
    const words = (v: unknown) => valueWords(v, names, zh, 'zh-CN');
    const mismatch: DecisionTestFailure = {
      kind: 'mismatch',
      output: 'department',
      expected: 'dept-sh',
      actual: ['dept-zz'],
    };
    expect(failureWords(mismatch, model, words, zh)).toBe('期望「承办部门」为 市生态环境局，实际为 综治中心综合组');
    expect(
      failureWords({ kind: 'mismatch', output: 'wait', expected: 'P3D', actual: ['PT4H', null] }, model, words, zh),
    ).toBe('期望「等待时长」为 3天，实际为 4小时、（空）');
    expect(failureWords({ kind: 'notUnique', ruleNumbers: [2, 3] }, model, words, zh)).toBe('第 2、3 条规则同时符合');
    expect(failureWords({ kind: 'noMatch' }, model, words, t('en'))).toBe('no rule matches');

    const problems: Problem[] = [
      {
        resource: 'referral.dmn',
        code: 'DECISION_TEST_FAILED',
        subject: '噪声转生态环境',
        message: '<referral> test case "噪声转生态环境" fails: expected department = "dept-sh", got "dept-zz"',
        args: { test: '噪声转生态环境', reason: '期望「承办部门」为 "dept-sh"，实际为 "dept-zz"' },
        testFailure: mismatch,
      },
      { resource: 'referral.dmn', code: 'FEEL_SYNTAX', message: 'x' },
    ];
    expect(testFailures(problems)).toEqual({ 噪声转生态环境: mismatch });
    const said = problemsInWords(problems, (f) => failureWords(f, model, words, zh));
    expect(said[0]!.args).toEqual({
      test: '噪声转生态环境',
      reason: '期望「承办部门」为 市生态环境局，实际为 综治中心综合组',
    });
    expect(said[1]).toBe(problems[1]);
  });
});

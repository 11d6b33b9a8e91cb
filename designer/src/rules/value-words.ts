// Values of a decision table's inputs and outputs as people read them (the test panel, saved test
// cases and why one fails): a department by its name, "3 workDay" as 3个工作日, `P3D` as 3天, a date as
// 2026年12月31日, a date and time and a time of day in Beijing time, never JSON.
import type { DecisionTestFailure, Problem } from '../../../definitions/index.js';
import type { Locale, T } from '../app/i18n/index.js';
import { workSpanText } from '../shared/work-span.js';
import type { TableModel } from './decision-table.js';
import { dateTimeWords, dateWords, durationWords, timeWords } from './temporal-words.js';

/** A value in words; other text as written. */
export function valueWords(v: unknown, groupNames: Map<string, string>, t: T, locale: Locale): string {
  if (v === null || v === undefined) return t('trialEmpty');
  if (typeof v === 'string') return groupNames.get(v) ?? temporalValueWords(v, t, locale) ?? workSpanText(v, t);
  if (Array.isArray(v))
    return v.length === 0 ? t('trialEmpty') : v.map((x) => valueWords(x, groupNames, t, locale)).join('、');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([name, x]) => `${name}：${valueWords(x, groupNames, t, locale)}`)
      .join('；');
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (typeof v === 'number' && !Number.isFinite(v)) return t('trialEmpty');
  return String(v);
}

/** The engine answers durations, dates and date-times as ISO text. */
function temporalValueWords(v: string, t: T, locale: Locale): string | null {
  if (/^P[\dT]/.test(v)) return durationWords(v, t);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return dateWords(v, locale);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return dateTimeWords(v, locale);
  if (/^\d{2}:\d{2}:\d{2}/.test(v)) return timeWords(v);
  return null;
}

/** Why a saved test case fails, in words: 「期望「承办部门」为 市生态环境局，实际为 综治中心综合组」. */
export function failureWords(
  failure: DecisionTestFailure,
  model: Pick<TableModel, 'outputs' | 'outputNames'>,
  words: (v: unknown) => string,
  t: T,
): string {
  switch (failure.kind) {
    case 'noMatch':
      return t('testFailedNoMatch');
    case 'notUnique':
      return t('testFailedNotUnique', { rules: (failure.ruleNumbers ?? []).join('、') });
    case 'error':
      return t('testFailedError');
    case 'mismatch': {
      const name = failure.output ?? '';
      const i = model.outputNames.indexOf(name);
      const output = (i >= 0 ? model.outputs[i] : '') || name;
      const actual = failure.actual ?? [];
      return t('testFailedMismatch', {
        output,
        expected: words(failure.expected),
        actual: actual.length === 0 ? t('trialEmpty') : actual.map(words).join('、'),
      });
    }
  }
}

/** The failed test cases of a refused deployment, by name. */
export function testFailures(problems: Problem[]): Record<string, DecisionTestFailure> {
  const found: Record<string, DecisionTestFailure> = {};
  for (const p of problems)
    if (p.code === 'DECISION_TEST_FAILED' && p.subject !== undefined && p.testFailure) found[p.subject] = p.testFailure;
  return found;
}

/** The problems with a failed test case's reason in words (the server's text names ids and writes JSON). */
export function problemsInWords(problems: Problem[], say: (failure: DecisionTestFailure) => string): Problem[] {
  return problems.map((p) =>
    p.code === 'DECISION_TEST_FAILED' && p.testFailure ? { ...p, args: { ...p.args, reason: say(p.testFailure) } } : p,
  );
}

import type { T } from '../app/i18n/index.js';
import { durationWords } from '../shared/duration-words.js';

/** One column of a decision step's result, as the history answers it: the table's label, the value (departments by name). */
export interface OutcomeColumn {
  label: string;
  value: unknown;
}

const DURATION = /^(\d+)\s*(workDay|workHour|calendarDay|hour|minute)$/;

/** A decided value as staff read it: a time limit in words (「5个工作日」), 是/否, several joined by 、, none as 空. */
export function outcomeValue(t: T, value: unknown): string {
  if (value === null || value === undefined) return t('valueEmpty');
  if (Array.isArray(value))
    return value.length === 0 ? t('valueEmpty') : [...new Set(value.map((v) => outcomeValue(t, v)))].join('、');
  if (typeof value === 'boolean') return t(value ? 'choiceYes' : 'choiceNo');
  if (typeof value === 'string') {
    const m = DURATION.exec(value.trim());
    return m ? durationWords(t, Number(m[1]), m[2]!) : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : t('valueEmpty');
  // A context (a record): its entries, never its JSON.
  return Object.entries(value as object)
    .map(([key, v]) => t('decisionOutcome', { label: key, value: outcomeValue(t, v) }))
    .join(t('decisionOutcomeSeparator'));
}

/**
 * What a decision step decided, in a line: 「承办部门：市人力资源和社会保障局，办理时限：5个工作日」. A column
 * saying again what an earlier one said (a department's id and its name both read as its name) is left out.
 */
export function outcomeText(t: T, outcome: OutcomeColumn[]): string {
  const said = new Set<string>();
  const parts: string[] = [];
  for (const c of outcome) {
    const value = outcomeValue(t, c.value);
    if (said.has(value)) continue;
    said.add(value);
    parts.push(t('decisionOutcome', { label: c.label, value }));
  }
  return parts.join(t('decisionOutcomeSeparator'));
}

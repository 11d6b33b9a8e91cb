// What a decision-table cell shows when it is not being edited: its value in words where the FEEL
// holds one plain string literal that reads as something the administrator knows by another name, or
// a date or duration (`duration("P3D")` → 「3天」, `< date("2026-12-31")` → 「早于2026年12月31日」).
import type { Locale, MessageKey } from '../app/i18n/index.js';
import { durationInWords } from '../shared/duration-words.js';
import { quotedValue } from './columns.js';
import { temporalCellWords } from './temporal-cells.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface CellWordsContext {
  t: Translate;
  locale: Locale;
  /** A department's name by its group id, if the tenant has it. */
  departmentName(id: string): string | undefined;
}

/**
 * `"dept-rs"` → the department's name, `"5 workDay"` → 「5个工作日」, `"环境污染"` → 环境污染,
 * `duration("P3DT4H")` → 「3天4小时」, `date("2026-12-31")` → 「2026年12月31日」, `time("17:30:00")` → 「17:30」,
 * `null` → 「空」, `not(null)` → 「不为空」; null the FEEL as written. A literal loses its quotes only when it holds a character beyond printable ASCII:
 * then it cannot be read as a number, `-`, `true`, a comparison or one of the rules' (ASCII) variables.
 */
export function cellWords(text: string, { t, locale, departmentName }: CellWordsContext): string | null {
  const source = text.trim();
  if (source === 'null') return t('valueEmpty');
  if (source === 'not(null)') return t('cellNotNull');
  const temporal = temporalCellWords(text, t, locale);
  if (temporal !== null) return temporal;
  const value = quotedValue(text);
  if (value === null || value === '') return null;
  const department = departmentName(value);
  if (department) return department;
  const duration = durationInWords(t, value);
  if (duration !== value) return duration;
  return /[^ -~]/.test(value) ? value : null;
}

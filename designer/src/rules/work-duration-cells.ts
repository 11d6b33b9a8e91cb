// A time-limit column of a decision table (the 派单目录's 办理时限): its cells hold a civicflow working
// duration as a FEEL string (`"5 workDay"`), which the task's deadline reads. Beside the table it is
// picked as a number and a unit, never typed.
import { workDurationError } from '../../../definitions/index.js';
import { quoted, quotedValue } from './columns.js';
import type { TableModel } from './decision-table.js';

export const WORK_DURATION_UNITS = ['workDay', 'calendarDay', 'workHour', 'hour', 'minute'] as const;
export type WorkDurationUnit = (typeof WORK_DURATION_UNITS)[number];

const STORED = /^(\d+)\s*(workDay|calendarDay|workHour|hour|minute)$/;
const TIME_LIMIT_NAME = /^(timeLimit|deadline|dueIn|duration|limit)$/i;

/** `"5 workDay"` → 5 and workDay; null for anything else. */
export function readWorkDuration(text: string): { amount: number; unit: WorkDurationUnit } | null {
  const value = quotedValue(text);
  const m = value === null ? null : STORED.exec(value.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as WorkDurationUnit } : null;
}

/** 5 and workDay → `"5 workDay"`; null when the calendar would not take it (0 working days, say). */
export function writeWorkDuration(amount: number, unit: WorkDurationUnit): string | null {
  if (!Number.isInteger(amount) || amount < 0) return null;
  const stored = `${amount} ${unit}`;
  return workDurationError(stored) === null ? quoted(stored) : null;
}

/**
 * An output column of time limits: named or labelled so (timeLimit, 办理时限, 期限), or one whose cells
 * already hold working durations.
 */
export function isWorkDurationColumn(
  model: Pick<TableModel, 'outputs' | 'outputNames' | 'outputTypes' | 'rows'>,
  column: number,
): boolean {
  const type = (model.outputTypes[column] ?? '').toLowerCase();
  if (type !== '' && type !== 'string') return false;
  if (TIME_LIMIT_NAME.test(model.outputNames[column] ?? '')) return true;
  if (/(时限|期限)$/.test((model.outputs[column] ?? '').trim())) return true;
  return model.rows.some((r) => readWorkDuration(r.outputs[column] ?? '') !== null);
}

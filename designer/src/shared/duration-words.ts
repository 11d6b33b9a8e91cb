import { workDurationError } from '../../../definitions/index.js';
import type { MessageKey } from '../app/i18n/index.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const UNIT_WORDS: Record<string, MessageKey> = {
  workDay: 'pp_unitWorkDay',
  workHour: 'pp_unitWorkHour',
  calendarDay: 'pp_unitCalendarDay',
  hour: 'pp_unitHour',
  minute: 'pp_unitMinute',
};

/** 5 and `workDay` in the user's words: 「5个工作日」, "5 working days". */
export function durationWords(t: Translate, amount: number, unit: string): string {
  const key = UNIT_WORDS[unit];
  return key ? t(key, { n: amount }) : `${amount} ${unit}`;
}

/**
 * A stored `5 workDay` shown as the words the field also takes (「5个工作日」), so an administrator
 * never reads the file's notation; what the calendar would not read back as a duration (English
 * words, FEEL) is shown as stored.
 */
export function durationInWords(t: Translate, stored: string): string {
  const m = /^(\d+)\s*(\w+)$/.exec(stored.trim());
  if (!m) return stored;
  const words = durationWords(t, Number(m[1]), m[2]!);
  return workDurationError(words) === null ? words : stored;
}

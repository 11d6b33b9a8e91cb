import { CalendarError } from './errors.js';

/**
 * - `calendarDay`: 日 / 自然日 — civil-law days (民法典 Art. 201/203): the start day is not
 *   counted, a last day that is a rest day rolls forward.
 * - `workDay`: 工作日 — only working days count (调休 make-up days included).
 * - `workHour`: 工作小时 — only office hours on working days count.
 * - `hour`, `minute`: round-the-clock time (不区分工作日和非工作日).
 */
export type DurationUnit = 'calendarDay' | 'workDay' | 'workHour' | 'hour' | 'minute';

export interface WorkDuration {
  amount: number;
  unit: DurationUnit;
}

export const DURATION_UNITS: readonly DurationUnit[] = ['calendarDay', 'workDay', 'workHour', 'hour', 'minute'];

/** Units counted in whole days (amount must be an integer). */
export function isDayUnit(unit: DurationUnit): unit is 'calendarDay' | 'workDay' {
  return unit === 'calendarDay' || unit === 'workDay';
}

const ENGLISH_UNITS: Record<string, DurationUnit> = {
  calendarday: 'calendarDay',
  workday: 'workDay',
  workhour: 'workHour',
  hour: 'hour',
  minute: 'minute',
};

// Longest suffix first, so that 工作小时 wins over 小时 and 工作日 over 日.
const CHINESE_UNITS: Array<[string, DurationUnit]> = [
  ['工作小时', 'workHour'],
  ['工作日', 'workDay'],
  ['自然日', 'calendarDay'],
  ['日历日', 'calendarDay'],
  ['分钟', 'minute'],
  ['小时', 'hour'],
  ['日', 'calendarDay'],
  ['天', 'calendarDay'],
];

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Reads 一 … 九百九十九 (十五, 六十, 二十四, 一百二十); returns undefined for anything else. */
export function parseChineseNumber(text: string): number | undefined {
  if (text === '' || !/^[零〇一二两三四五六七八九十百]+$/.test(text)) return undefined;
  let total = 0;
  let digit: number | undefined;
  let lastScale = 1000;
  for (const ch of text) {
    if (ch === '十' || ch === '百') {
      const scale = ch === '十' ? 10 : 100;
      if (scale >= lastScale) return undefined;
      total += (digit ?? 1) * scale;
      digit = undefined;
      lastScale = scale;
    } else {
      if (digit !== undefined && digit !== 0) return undefined;
      digit = CHINESE_DIGITS[ch];
    }
  }
  return total + (digit ?? 0);
}

function invalid(text: string, reason: string, reasonZh: string): CalendarError {
  return new CalendarError(
    'INVALID_DURATION',
    `Invalid duration "${text}": ${reason}. Use e.g. "5 workDay", "3 calendarDay", "2 workHour", "72 hour", "15 minute", "5个工作日", "15日", "2小时", "15分钟" or "4工作小时"`,
    `无效的时限“${text}”：${reasonZh}。示例：“5个工作日”“15日”“2小时”“15分钟”“4工作小时”或 "5 workDay"`,
    { text },
  );
}

/** Returns why an amount is not valid for a unit, in English and Chinese, or undefined. */
function amountProblem(amount: unknown, unit: DurationUnit, allowZero: boolean): [string, string] | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || (!allowZero && amount === 0)) {
    return allowZero
      ? ['the amount must be a number ≥ 0', '数量必须是不小于0的数']
      : ['the amount must be a number > 0', '数量必须大于0'];
  }
  if (isDayUnit(unit) && !Number.isInteger(amount)) return ['days are counted in whole days', '天数必须是整数'];
  return undefined;
}

/**
 * Checks a duration object. Day units need a whole number. `allowZero` is for the
 * remaining time after a pause (nothing left means due at once).
 */
export function assertValidDuration(d: WorkDuration, allowZero = false): void {
  const label = d !== null && typeof d === 'object' ? `${String(d.amount)} ${String(d.unit)}` : String(d);
  if (d === null || typeof d !== 'object' || !DURATION_UNITS.includes(d.unit)) {
    throw invalid(label, `unknown unit (expected one of ${DURATION_UNITS.join(', ')})`, '未知的时间单位');
  }
  const problem = amountProblem(d.amount, d.unit, allowZero);
  if (problem) throw invalid(label, problem[0], problem[1]);
}

/**
 * Parses an SLA text as written by an admin or in a rule:
 * `"5 workDay"`, `"3 calendarDay"`, `"2 workHour"`, `"72 hour"`, `"15 minute"` (plural `s` and any
 * letter case accepted), or Chinese `"5个工作日"`, `"3日"`/`"3天"`/`"3个自然日"`, `"十五日"`,
 * `"15分钟"`, `"2小时"`/`"2个小时"`, `"4工作小时"`. Full-width digits are accepted.
 * Throws `CalendarError` `INVALID_DURATION` otherwise.
 */
export function parseWorkDuration(text: string): WorkDuration {
  if (typeof text !== 'string') throw invalid(String(text), 'not a text', '不是文本');
  const normalized = text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .trim();

  const english = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+?)s?$/.exec(normalized);
  if (english) {
    const unit = ENGLISH_UNITS[english[2]!.toLowerCase()];
    if (!unit) throw invalid(text, `unknown unit "${english[2]}"`, `未知的时间单位“${english[2]}”`);
    const amount = Number(english[1]);
    const problem = amountProblem(amount, unit, false);
    if (problem) throw invalid(text, problem[0], problem[1]);
    return { amount, unit };
  }

  const chinese = /^(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)\s*个?\s*(\S+)$/u.exec(normalized);
  if (chinese) {
    const entry = CHINESE_UNITS.find(([suffix]) => chinese[2] === suffix);
    const amount = /^\d/.test(chinese[1]!) ? Number(chinese[1]) : parseChineseNumber(chinese[1]!);
    if (entry && amount !== undefined) {
      const problem = amountProblem(amount, entry[1], false);
      if (problem) throw invalid(text, problem[0], problem[1]);
      return { amount, unit: entry[1] };
    }
  }
  throw invalid(text, 'expected a number followed by a unit', '应为“数量+单位”');
}

/** The canonical English text of a duration, which `parseWorkDuration` reads back. */
export function formatWorkDuration(d: WorkDuration): string {
  return `${d.amount} ${d.unit}`;
}

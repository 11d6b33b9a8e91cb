/**
 * A year's schedule from a file: the State Council notice's text, an iCalendar file (as
 * chinese-days' holidays.ics: all-day events "元旦(休)" / "春节(班)") or JSON (a `YearSchedule`,
 * or chinese-days' `{holidays, workdays}` with "English,中文,n" labels). The format is told by
 * the text itself.
 */
import { dateString, dayNumber, tryDayNumber } from './dates.js';
import type { YearSchedule } from './definition.js';
import { noticeError, parseHolidayNotice, type NoticeFestival } from './notice.js';

export type YearFileFormat = 'notice' | 'ics' | 'json';

export interface ParsedYear {
  format: YearFileFormat;
  schedule: YearSchedule & { makeupWorkdays: Record<string, string> };
  /** The notice's festivals with their ranges (notice text only). */
  festivals?: NoticeFestival[];
}

export function detectFormat(text: string): YearFileFormat {
  const head = (text ?? '').trimStart();
  if (head.startsWith('BEGIN:VCALENDAR')) return 'ics';
  if (head.startsWith('{')) return 'json';
  return 'notice';
}

/** Parses `text` as the schedule of `year`; throws `CalendarError('INVALID_NOTICE')`. */
export function parseYearFile(text: string, year: number, format: YearFileFormat = detectFormat(text)): ParsedYear {
  if (format === 'notice') {
    const { festivals, ...schedule } = parseHolidayNotice(text, year);
    return { format, schedule, festivals };
  }
  const schedule = format === 'ics' ? fromIcs(text, year) : fromJson(text, year);
  const days = Object.keys(schedule.holidays).length;
  if (days === 0) {
    throw noticeError(
      'BAD_FILE',
      `The file has no days off for ${year}`,
      `文件中没有${year}年的放假日期：请确认文件和年份`,
      { format },
    );
  }
  const both = Object.keys(schedule.holidays).filter((d) => d in schedule.makeupWorkdays);
  if (both.length > 0)
    throw noticeError(
      'DAY_TWICE',
      `${both.join(', ')} are both days off and working days`,
      `${both.join('、')} 同时被列为放假日和调休上班日`,
      { dates: both },
    );
  return { format, schedule };
}

const LABEL_NAMES: Record<string, string> = { 清明节: '清明', 端午节: '端午', 中秋节: '中秋', 国庆: '国庆节' };
const cleanName = (name: string) => LABEL_NAMES[name] ?? name;

/** Dates that belong to `year`'s schedule: the year itself, and late December before it for 元旦. */
function belongs(date: string, name: string, year: number): boolean {
  const y = Number(date.slice(0, 4));
  return y === year || (y === year - 1 && date.slice(5, 7) === '12' && name === '元旦');
}

function fromIcs(text: string, year: number): YearSchedule & { makeupWorkdays: Record<string, string> } {
  const holidays: Record<string, string> = {};
  const makeupWorkdays: Record<string, string> = {};
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const events = unfolded.split(/BEGIN:VEVENT/).slice(1);
  if (events.length === 0)
    throw noticeError('BAD_FILE', 'The iCalendar file has no events', 'iCalendar 文件中没有任何日程（VEVENT）', {
      format: 'ics',
    });
  for (const ev of events) {
    const start = /DTSTART(?:;[^:\n]*)?:(\d{8})/.exec(ev)?.[1];
    const endText = /DTEND(?:;[^:\n]*)?:(\d{8})/.exec(ev)?.[1];
    const summary = /SUMMARY(?:;[^:\n]*)?:([^\r\n]*)/.exec(ev)?.[1]?.trim() ?? '';
    const kind = /[（(]\s*(休|班)\s*[)）]\s*$/.exec(summary)?.[1];
    if (!start || !kind) continue;
    const name = cleanName(summary.replace(/[（(]\s*(休|班)\s*[)）]\s*$/, '').trim());
    const first = icsDay(start);
    const last = endText ? icsDay(endText) - 1 : first;
    for (let d = first; d <= last; d += 1) {
      const date = dateString(d);
      if (!belongs(date, name, year)) continue;
      (kind === '休' ? holidays : makeupWorkdays)[date] = name;
    }
  }
  return { year, holidays, makeupWorkdays, source: 'iCalendar' };
}

function icsDay(compact: string): number {
  const iso = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  if (tryDayNumber(iso) === undefined)
    throw noticeError('BAD_FILE', `"${compact}" is not a date`, `iCalendar 文件中的“${compact}”不是有效日期`, {
      format: 'ics',
    });
  return dayNumber(iso);
}

function fromJson(text: string, year: number): YearSchedule & { makeupWorkdays: Record<string, string> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw noticeError(
      'BAD_FILE',
      `The JSON cannot be read: ${(err as Error).message}`,
      'JSON 文件格式有误，无法读取：请检查括号、引号和逗号',
      { format: 'json' },
    );
  }
  const obj = (data ?? {}) as {
    year?: unknown;
    holidays?: unknown;
    makeupWorkdays?: unknown;
    workdays?: unknown;
    source?: unknown;
  };
  if (typeof obj.holidays !== 'object' || obj.holidays === null) {
    throw noticeError('BAD_FILE', 'The JSON has no "holidays" object', 'JSON 文件缺少 holidays（放假日期）', {
      format: 'json',
    });
  }
  if (obj.year !== undefined && obj.year !== year) {
    throw noticeError(
      'YEAR_MISMATCH',
      `The file is for ${String(obj.year)}, not ${year}`,
      `这是${String(obj.year)}年的文件，不是${year}年的`,
      { format: 'json' },
    );
  }
  const read = (entries: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [date, label] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      if (tryDayNumber(date) === undefined)
        throw noticeError(
          'BAD_FILE',
          `"${date}" is not a YYYY-MM-DD date`,
          `JSON 文件中的“${date}”不是 YYYY-MM-DD 日期`,
          { format: 'json' },
        );
      const parts = String(label).split(',');
      const name = cleanName(parts.length >= 2 ? parts[1]! || parts[0]! : parts[0]!);
      if (obj.year === undefined && !belongs(date, name, year)) continue;
      out[date] = name;
    }
    return out;
  };
  return {
    year,
    holidays: read(obj.holidays),
    makeupWorkdays: read(obj.makeupWorkdays ?? obj.workdays),
    ...(typeof obj.source === 'string' ? { source: obj.source } : { source: 'JSON' }),
  };
}

/**
 * Reads the State Council General Office's annual notice (国务院办公厅关于<year>年部分节假日安排的通知)
 * into a year's schedule: each festival's days off (a range with its 共N天 count, cross-year for
 * 元旦) and the 调休 make-up working days ("1月26日（周日）、2月8日（周六）上班"). Everything the
 * notice states is checked against itself: the weekday in brackets, the day count, make-up days on
 * a weekend, no day twice. Anything unexpected is an `INVALID_NOTICE` error that says, in Chinese,
 * which festival and which words are wrong: the parser never guesses.
 */
import { dateString, isoWeekday, tryDayNumber } from './dates.js';
import type { YearSchedule } from './definition.js';
import { CalendarError } from './errors.js';
import { statutoryHolidays } from './statutory.js';

export type NoticeProblem =
  | 'EMPTY'
  | 'YEAR_MISMATCH'
  | 'NO_FESTIVALS'
  | 'UNKNOWN_FESTIVAL'
  | 'NO_DAYS_OFF'
  | 'BAD_DATE'
  | 'WEEKDAY_MISMATCH'
  | 'DAY_COUNT_MISMATCH'
  | 'MAKEUP_NOT_WEEKEND'
  | 'DAY_TWICE'
  | 'UNREADABLE'
  | 'BAD_FILE';

export interface NoticeFestival {
  /** The name as the notice writes it, e.g. 国庆节、中秋节. */
  title: string;
  from: string;
  to: string;
  days: number;
  makeupWorkdays: string[];
}

export interface ParsedNotice extends YearSchedule {
  makeupWorkdays: Record<string, string>;
  festivals: NoticeFestival[];
}

/** The notice's festival names and the names the official data (chinese-days) gives their days. */
const FESTIVALS: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明节: '清明',
  清明: '清明',
  劳动节: '劳动节',
  端午节: '端午',
  端午: '端午',
  中秋节: '中秋',
  中秋: '中秋',
  国庆节: '国庆节',
  国庆: '国庆节',
};
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const WEEKDAY_TEXT = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const NUMERALS = '一二三四五六七八九十';

export function noticeError(
  problem: NoticeProblem,
  en: string,
  zh: string,
  details: Record<string, unknown> = {},
): CalendarError {
  return new CalendarError('INVALID_NOTICE', en, zh, { problem, ...details });
}

/** Full-width digits and punctuation as the notice is often pasted (from a PDF, a web page or WeChat). */
function normalize(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:/g, '：')
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/[ \t\u3000\u00a0]+/g, '');
}

interface DateToken {
  month: number;
  day: number;
  /** What the brackets say, e.g. 农历除夕、周二. */
  note: string;
  raw: string;
}

const DATE_RE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?/g;

function dateTokens(text: string, defaultMonth?: number): DateToken[] {
  const tokens: DateToken[] = [];
  let month = defaultMonth;
  for (const m of text.matchAll(DATE_RE)) {
    if (m[2]) month = Number(m[2]);
    if (month === undefined) continue;
    tokens.push({ month, day: Number(m[3]), note: m[4] ?? '', raw: m[0] });
  }
  return tokens;
}

/**
 * Parses a notice's text for `year`. The title's year, when the text has it, must be `year`.
 * Throws `CalendarError('INVALID_NOTICE')` with `details.problem`.
 */
export function parseHolidayNotice(text: string, year: number): ParsedNotice {
  const body = normalize(text ?? '');
  if (body.trim() === '')
    throw noticeError('EMPTY', 'The notice text is empty', '通知内容为空：请粘贴国务院办公厅节假日安排通知的全文');
  const titled = /关于(\d{4})年(?:部分)?节假日安排的通知/.exec(body);
  if (titled && Number(titled[1]) !== year) {
    throw noticeError(
      'YEAR_MISMATCH',
      `The notice is for ${titled[1]}, not ${year}`,
      `这是${titled[1]}年的通知，不是${year}年的：请粘贴${year}年的通知，或在${titled[1]}年下载入`,
      { noticeYear: Number(titled[1]) },
    );
  }
  const header = new RegExp(`(?:^|[\\n。；])\\s*[${NUMERALS}]+、([^：\\n。]{1,20})：`, 'g');
  const heads = [...body.matchAll(header)];
  if (heads.length === 0) {
    throw noticeError(
      'NO_FESTIVALS',
      'No festival sections such as "一、元旦：…" were found',
      '未找到“一、元旦：……”这样的节日条目：请粘贴通知中“具体安排如下”之后的各条',
    );
  }
  const holidays: Record<string, string> = {};
  const makeupWorkdays: Record<string, string> = {};
  const festivals: NoticeFestival[] = [];
  const seen = new Map<string, string>();
  heads.forEach((h, i) => {
    const title = h[1]!;
    const start = h.index! + h[0].length;
    const end = i + 1 < heads.length ? heads[i + 1]!.index! : body.length;
    const section = body.slice(start, end).split(/\n\s*\n|\n(?=[^\n]*(?:各地区|节假日期间|国务院办公厅))/)[0]!;
    festivals.push(parseSection(title, section, year, holidays, makeupWorkdays, seen));
  });
  const number = /国办发[^〔[]*[〔[]\d{4}[〕\]]\d+号/.exec(body)?.[0];
  const source = `国务院办公厅关于${year}年部分节假日安排的通知${number ? `（${number}）` : ''}`;
  return { year, holidays, makeupWorkdays, festivals, source };
}

function parseSection(
  title: string,
  section: string,
  year: number,
  holidays: Record<string, string>,
  makeups: Record<string, string>,
  seen: Map<string, string>,
): NoticeFestival {
  const names = title
    .split(/[、和与]/)
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in FESTIVALS));
  if (unknown.length > 0) {
    throw noticeError(
      'UNKNOWN_FESTIVAL',
      `Unknown festival "${unknown.join('、')}"`,
      `不认识的节日“${unknown.join('、')}”：通知中的节日应为元旦、春节、清明节、劳动节、端午节、中秋节、国庆节`,
      { festival: title },
    );
  }
  const mainName = FESTIVALS[names[0]!]!;
  const sentences = section
    .split(/[。\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const off = sentences.filter((s) => s.includes('放假'));
  if (off.length !== 1) {
    throw noticeError(
      'NO_DAYS_OFF',
      `${title}: expected one sentence with the days off (放假)`,
      `“${title}”：应有一句写明放假日期（如“1月28日至2月4日放假调休，共8天”），${off.length === 0 ? '没有找到' : '找到了多句'}`,
      { festival: title },
    );
  }
  const offText = off[0]!;
  const range = dateTokens(offText.split('放假')[0]!);
  if (range.length < 1 || range.length > 2) {
    throw noticeError(
      'UNREADABLE',
      `${title}: cannot read the dates in "${offText}"`,
      `“${title}”：看不懂放假日期“${offText}”，应写作“X月X日至X月X日放假”`,
      { festival: title, text: offText },
    );
  }
  const yearFor = (t: DateToken) => (mainName === '元旦' && t.month === 12 ? year - 1 : year);
  const from = checkedDay(title, range[0]!, yearFor(range[0]!));
  const to = range.length === 2 ? checkedDay(title, range[1]!, yearFor(range[1]!)) : from;
  if (to < from) {
    throw noticeError(
      'BAD_DATE',
      `${title}: the days off end before they begin`,
      `“${title}”：放假结束日${range[1]!.raw}早于开始日${range[0]!.raw}`,
      { festival: title },
    );
  }
  const days = to - from + 1;
  const count = /共(\d{1,2})天|放假(\d{1,2})天/.exec(offText);
  const stated = count ? Number(count[1] ?? count[2]) : undefined;
  if (stated !== undefined && stated !== days) {
    throw noticeError(
      'DAY_COUNT_MISMATCH',
      `${title}: ${dateString(from)} to ${dateString(to)} is ${days} days, the notice says ${stated}`,
      `“${title}”：${range[0]!.raw}至${(range[1] ?? range[0])!.raw}共${days}天，但通知写的是共${stated}天`,
      { festival: title, days, stated },
    );
  }
  const midAutumn = names.length > 1 && names.some((n) => FESTIVALS[n] === '中秋') ? midAutumnOf(year) : undefined;
  for (let d = from; d <= to; d += 1) {
    const date = dateString(d);
    claim(title, date, seen);
    holidays[date] = date === midAutumn ? '中秋' : mainName;
  }
  const makeupDays: string[] = [];
  for (const s of sentences.filter((x) => x.includes('上班'))) {
    const tokens = dateTokens(s.split('上班')[0]!);
    if (tokens.length === 0) {
      throw noticeError(
        'UNREADABLE',
        `${title}: cannot read the make-up working days in "${s}"`,
        `“${title}”：看不懂调休上班日期“${s}”，应写作“X月X日（周六）上班”`,
        { festival: title, text: s },
      );
    }
    for (const t of tokens) {
      const d = checkedDay(title, t, yearFor(t));
      const weekday = isoWeekday(d);
      if (weekday < 6) {
        throw noticeError(
          'MAKEUP_NOT_WEEKEND',
          `${title}: make-up working day ${dateString(d)} is a weekday`,
          `“${title}”：调休上班日${t.raw}是${WEEKDAY_TEXT[weekday]}，调休上班日应为周六或周日`,
          { festival: title, date: dateString(d) },
        );
      }
      const date = dateString(d);
      claim(title, date, seen);
      makeups[date] = mainName;
      makeupDays.push(date);
    }
  }
  return { title, from: dateString(from), to: dateString(to), days, makeupWorkdays: makeupDays };
}

function checkedDay(title: string, t: DateToken, year: number): number {
  const day = tryDayNumber(`${year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`);
  if (day === undefined)
    throw noticeError(
      'BAD_DATE',
      `${title}: ${t.raw} is not a date in ${year}`,
      `“${title}”：${year}年没有${t.raw.replace(/（.*$/, '')}这一天`,
      { festival: title, text: t.raw },
    );
  const said = /(?:周|星期)([一二三四五六日天])/.exec(t.note);
  if (said) {
    const actual = isoWeekday(day);
    if (WEEKDAYS[said[1]!] !== actual) {
      throw noticeError(
        'WEEKDAY_MISMATCH',
        `${title}: ${dateString(day)} is not a ${said[0]}`,
        `“${title}”：${year}年${t.month}月${t.day}日是${WEEKDAY_TEXT[actual]}，不是${said[0]}：请核对年份和日期`,
        { festival: title, date: dateString(day) },
      );
    }
  }
  return day;
}

function claim(title: string, date: string, seen: Map<string, string>): void {
  const before = seen.get(date);
  if (before !== undefined) {
    throw noticeError(
      'DAY_TWICE',
      `${date} is listed twice (${before}, ${title})`,
      `${date.slice(5).replace('-', '月').replace(/^0/, '')}日被列了两次（“${before}”和“${title}”）`,
      { date },
    );
  }
  seen.set(date, title);
}

/** 中秋 (lunar 8/15) of a year, to name that day inside a combined 国庆节、中秋节 range as the official data does. */
function midAutumnOf(year: number): string | undefined {
  if (year < 2000 || year > 2099) return undefined;
  for (const [date, day] of statutoryHolidays(year)) if (day.name === '中秋') return date;
  return undefined;
}

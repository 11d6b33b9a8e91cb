// A decision-table cell of a date, date-time, time or duration column as an operator and values:
// `duration("P3D")`, `< date("2026-12-31")`, `[duration("P1D")..duration("P3D")]`, `> time("17:30:00")` (what
// dmn-js' own simple editors write, so both read each other's cells) ⇄ { op, values }, and the cell in words.
import type { Locale, MessageKey, T } from '../app/i18n/index.js';
import {
  type DurationKind,
  dateExample,
  dateTimeWords,
  dateWords,
  durationWords,
  parseDate,
  parseDateTime,
  parseDuration,
  parseTime,
  timeWords,
} from './temporal-words.js';

export type TemporalKind = 'date' | 'dateTime' | 'time' | DurationKind;
export type TemporalOp = 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'between';
export const TEMPORAL_OPS: TemporalOp[] = ['eq', 'lt', 'le', 'gt', 'ge', 'between'];

export interface TemporalTest {
  op: TemporalOp;
  /** ISO values, as inside the FEEL call: one, two for `between`. */
  values: string[];
}

/** The FEEL function a cell of the kind calls. */
export const TEMPORAL_CALL: Record<TemporalKind, string> = {
  date: 'date',
  dateTime: 'date and time',
  time: 'time',
  dayTime: 'duration',
  yearMonth: 'duration',
};

/** A column's DMN type as one of ours; null for a column of another type. */
export function temporalKind(typeRef: string | undefined): TemporalKind | null {
  switch ((typeRef ?? '').trim()) {
    case 'date':
      return 'date';
    case 'dateTime':
    case 'date and time':
      return 'dateTime';
    case 'time':
      return 'time';
    case 'dayTimeDuration':
    case 'days and time duration':
      return 'dayTime';
    case 'yearMonthDuration':
    case 'years and months duration':
      return 'yearMonth';
    default:
      return null;
  }
}

const CALL = String.raw`(date and time|date|duration|time)\(\s*"([^"\\]*)"\s*\)`;
const SINGLE = new RegExp(String.raw`^(<=|>=|<|>|=)?\s*${CALL}$`);
const RANGE = new RegExp(String.raw`^\[\s*${CALL}\s*\.\.\s*${CALL}\s*\]$`);
const OPS: Record<string, TemporalOp> = { '': 'eq', '=': 'eq', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const SIGNS: Record<Exclude<TemporalOp, 'between'>, string> = { eq: '', lt: '< ', le: '<= ', gt: '> ', ge: '>= ' };

/** A cell's test with the FEEL function it calls; null for one this reading does not cover. */
export function readTemporal(text: string): (TemporalTest & { call: string }) | null {
  const source = text.trim();
  const single = SINGLE.exec(source);
  if (single) return { op: OPS[single[1] ?? '']!, values: [single[3]!], call: single[2]! };
  const range = RANGE.exec(source);
  if (range && range[1] === range[3]) return { op: 'between', values: [range[2]!, range[4]!], call: range[1]! };
  return null;
}

/** The test of a cell of a `kind` column; null for `-` or empty, undefined when it says something else. */
export function readTemporalCell(text: string, kind: TemporalKind): TemporalTest | null | undefined {
  const source = text.trim();
  if (source === '' || source === '-') return null;
  const test = readTemporal(source);
  return test && test.call === TEMPORAL_CALL[kind] ? { op: test.op, values: test.values } : undefined;
}

/** The cell text of a test: `duration("P3D")`, `< date("2026-12-31")`, `[duration("P1D")..duration("P3D")]`. */
export function writeTemporalCell(test: TemporalTest, kind: TemporalKind): string {
  const call = (v: string | undefined) => `${TEMPORAL_CALL[kind]}("${v ?? ''}")`;
  if (test.op === 'between') return `[${call(test.values[0])}..${call(test.values[1])}]`;
  return `${SIGNS[test.op]}${call(test.values[0])}`;
}

/** What an administrator types for a value → its ISO form; null when it is not one. */
export function parseTemporal(text: string, kind: TemporalKind): string | null {
  if (kind === 'date') return parseDate(text);
  if (kind === 'dateTime') return parseDateTime(text);
  if (kind === 'time') return parseTime(text);
  return parseDuration(text, kind);
}

/** A stored ISO value as the editor offers it to change: words that read back (「3天4小时」, 「2026年12月31日 17:30」). */
export function editableText(iso: string, kind: TemporalKind, t: T, locale: Locale): string {
  if (kind === 'date') return (locale === 'zh-CN' ? dateWords(iso, locale) : parseDate(iso)) ?? iso;
  if (kind === 'dateTime') {
    if (locale === 'zh-CN') return dateTimeWords(iso, locale) ?? iso;
    const normal = parseDateTime(iso.replace('T', ' '));
    return normal ? normal.slice(0, 16).replace('T', ' ') : iso;
  }
  if (kind === 'time') return timeWords(iso) ?? iso;
  return durationWords(iso, t) ?? iso;
}

/** A stored ISO value in words; null when it is not one. */
export function temporalWords(iso: string, call: string, t: T, locale: Locale): string | null {
  if (call === 'date') return dateWords(iso, locale);
  if (call === 'date and time') return dateTimeWords(iso, locale);
  if (call === 'time') return timeWords(iso);
  return durationWords(iso, t);
}

const DATE_OPS: Record<TemporalOp, MessageKey> = {
  eq: 'tw_equals',
  lt: 'tw_before',
  le: 'tw_notAfter',
  gt: 'tw_after',
  ge: 'tw_notBefore',
  between: 'tw_between',
};
const DURATION_OPS: Record<TemporalOp, MessageKey> = {
  eq: 'tw_equals',
  lt: 'tw_lessThan',
  le: 'tw_atMost',
  gt: 'tw_moreThan',
  ge: 'tw_atLeast',
  between: 'tw_between',
};

/** The operator's words for the kind (早于 for a date or a time, 少于 for a duration). */
export function temporalOpWords(op: TemporalOp, kind: TemporalKind, t: T): string {
  if (op === 'between') return t('tw_opBetween');
  return t(opKey(op, kind !== 'dayTime' && kind !== 'yearMonth'), { v: '' }).trim();
}

function opKey(op: TemporalOp, dated: boolean): MessageKey {
  return (dated ? DATE_OPS : DURATION_OPS)[op];
}

/** `< duration("P3D")` → 「少于3天」, `[date("2026-01-01")..date("2026-12-31")]` → 「2026年1月1日至2026年12月31日」. */
export function temporalCellWords(text: string, t: T, locale: Locale): string | null {
  const test = readTemporal(text);
  if (!test) return null;
  const words = test.values.map((v) => temporalWords(v, test.call, t, locale));
  if (words.some((w) => w === null)) return null;
  if (test.op === 'eq') return words[0]!;
  return t(opKey(test.op, test.call !== 'duration'), { v: words[0]!, from: words[0]!, to: words[1] ?? '' });
}

/** What to type for a value of the kind, as a placeholder: 「如 3天、4小时…」, 「如 2026年12月31日 17:30」, 「如 17:30」. */
export function temporalExample(kind: TemporalKind, t: T, locale: Locale): string {
  if (kind === 'time') return t('tw_example_time');
  if (kind === 'date' || kind === 'dateTime')
    return t('tw_example_date', { example: dateExample(locale, kind === 'dateTime') });
  return t(kind === 'dayTime' ? 'tw_example_dayTime' : 'tw_example_yearMonth');
}

/** What to say when what is typed is not a value of the kind, by an example. */
export function temporalInvalid(kind: TemporalKind, t: T, locale: Locale): string {
  return t(`tw_invalid_${kind}` as MessageKey, { example: dateExample(locale, kind === 'dateTime') });
}

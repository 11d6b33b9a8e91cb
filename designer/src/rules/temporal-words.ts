// Durations, dates and date-times as an administrator says them (「3天4小时」「2周」「2026年12月31日 17:30」)
// and as the DMN stores them (ISO 8601 inside FEEL's duration("P3DT4H"), date("2026-12-31"),
// date and time("2026-12-31T17:30:00+08:00")). ISO is still accepted from experts; a time is always
// the centres' (Asia/Shanghai), never UTC.
import { parseChineseNumber } from '../../../engine/index.js';
import type { Locale, T } from '../app/i18n/index.js';

export type DurationKind = 'dayTime' | 'yearMonth';

const ZONE = 'Asia/Shanghai';
/** The centres' offset: China has kept UTC+8 all year since 1991. */
const OFFSET = '+08:00';

/** 「3」「十五」「两」「一百二十」 → a number; null when it is not one. */
function amount(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return parseChineseNumber(text) ?? null;
}

type Unit = 'Y' | 'M' | 'W' | 'D' | 'h' | 'min' | 's';
const UNITS: Array<[RegExp, Unit]> = [
  [/^(年|years?|yrs?)$/i, 'Y'],
  [/^(个月|月|months?)$/i, 'M'],
  [/^(周|个星期|星期|个礼拜|礼拜|weeks?|wks?)$/i, 'W'],
  [/^(天|日|days?)$/i, 'D'],
  [/^(个小时|小时|个钟头|钟头|hours?|hrs?)$/i, 'h'],
  [/^(分钟|minutes?|mins?)$/i, 'min'],
  [/^(秒钟|秒|seconds?|secs?)$/i, 's'],
];

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

interface Parts {
  Y: number;
  M: number;
  D: number;
  h: number;
  min: number;
  s: number;
}

function isoParts(text: string): Parts | null {
  const m = ISO_DURATION.exec(text);
  if (!m || text.length < 2 || /T$/i.test(text)) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { Y: n(1), M: n(2), D: n(4) + 7 * n(3), h: n(5), min: n(6), s: n(7) };
}

function wordParts(text: string): Parts | null {
  const parts: Parts = { Y: 0, M: 0, D: 0, h: 0, min: 0, s: 0 };
  const seen = new Set<Unit>();
  // 「3天4小时」「3 天 4 小时」「3天又4小时」「2 weeks and 1 day」, each unit once.
  const token =
    /([0-9]+|[零〇一二两三四五六七八九十百]+)\s*([a-z]+|[\u4e00-\u9fff]+?)(?=[\s,，、]|又|零|and\b|[0-9零〇一二两三四五六七八九十百]|$)/giy;
  const separator = /(?:\s|,|，|、|又|零(?=[一二两三四五六七八九十])|and\b)*/iy;
  let at = 0;
  let found = false;
  while (at < text.length) {
    separator.lastIndex = at;
    separator.exec(text);
    at = separator.lastIndex;
    if (at >= text.length) break;
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return null;
    const n = amount(m[1]!);
    const unit = UNITS.find(([re]) => re.test(m[2]!))?.[1];
    if (n === null || !unit || seen.has(unit)) return null;
    seen.add(unit);
    if (unit === 'W') parts.D += 7 * n;
    else parts[unit] += n;
    found = true;
    at = token.lastIndex;
  }
  return found ? parts : null;
}

/**
 * 「3天」「4小时」「3天4小时」「2周」「30分钟」 (or ISO: `P3D`, `PT4H`) → the ISO duration a FEEL `duration("…")`
 * holds (`P3D`, `PT4H`, `P3DT4H`, `P14D`); 「1年2个月」「6个月」 for a years-and-months duration. Null when
 * the text says something else (「5个工作日」: working days are not a FEEL duration).
 */
export function parseDuration(text: string, kind: DurationKind = 'dayTime'): string | null {
  const source = text.trim();
  const parts = isoParts(source) ?? wordParts(source);
  if (!parts) return null;
  if (kind === 'yearMonth') {
    if (parts.D || parts.h || parts.min || parts.s) return null;
    const iso = `P${parts.Y ? `${parts.Y}Y` : ''}${parts.M ? `${parts.M}M` : ''}`;
    return iso === 'P' ? 'P0M' : iso;
  }
  if (parts.Y || parts.M) return null;
  const time = `${parts.h ? `${parts.h}H` : ''}${parts.min ? `${parts.min}M` : ''}${parts.s ? `${parts.s}S` : ''}`;
  const iso = `P${parts.D ? `${parts.D}D` : ''}${time ? `T${time}` : ''}`;
  return iso === 'P' ? 'P0D' : iso;
}

/** `P3DT4H` → 「3天4小时」 ("3 days 4 hours"); null when it is not an ISO duration (a negative one, say). */
export function durationWords(iso: string, t: T): string | null {
  const parts = isoParts(iso.trim());
  if (!parts) return null;
  const words = [
    parts.Y && t('tw_years', { n: parts.Y }),
    parts.M && t('tw_months', { n: parts.M }),
    parts.D && t('tw_days', { n: parts.D }),
    parts.h && t('pp_unitHour', { n: parts.h }),
    parts.min && t('pp_unitMinute', { n: parts.min }),
    parts.s && t('tw_seconds', { n: parts.s }),
  ].filter((w): w is string => typeof w === 'string');
  return words.length > 0 ? words.join(t('tw_joiner')) : t('tw_days', { n: 0 });
}

const DATE = /^(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?/;

function isoDate(y: string, m: string, d: string): string | null {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** 「2026年12月31日」, `2026-12-31`, `2026/12/31` → `2026-12-31`; null for anything else or a day that does not exist. */
export function parseDate(text: string): string | null {
  const source = text.trim();
  const m = DATE.exec(source);
  if (!m || m[0].length !== source.length) return null;
  return isoDate(m[1]!, m[2]!, m[3]!);
}

/** `2026-12-31` → 「2026年12月31日」 ("31 December 2026"); null when it is not a date. */
export function dateWords(iso: string, locale: Locale): string | null {
  const date = parseDate(iso);
  if (!date || date !== iso.trim()) return null;
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

const TIME =
  /^(?:T|\s+|(?<=日))?\s*(\d{1,2})\s*(?::|点|时)\s*(?:(\d{1,2})\s*(?::|分)?\s*(?:(\d{1,2})(?:\.\d+)?\s*秒?)?)?\s*(Z|[+-]\d{2}:?\d{2}|@Asia\/Shanghai)?$/i;

/**
 * 「2026年12月31日 17:30」, 「2026年12月31日17点30分」, `2026-12-31 17:30` → `2026-12-31T17:30:00+08:00`, the
 * centres' time with its offset so the engine reads the same instant on any server. An expert's ISO with
 * another offset (`…Z`) is the same instant told in the centres' time. A date alone is its midnight.
 */
export function parseDateTime(text: string): string | null {
  const source = text.trim();
  const d = DATE.exec(source);
  if (!d) return null;
  const date = isoDate(d[1]!, d[2]!, d[3]!);
  if (!date) return null;
  const rest = source.slice(d[0].length);
  if (rest.trim() === '') return `${date}T00:00:00${OFFSET}`;
  const t = TIME.exec(rest);
  if (!t) return null;
  const [h, min, s] = [Number(t[1]), Number(t[2] ?? 0), Number(t[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const local = `${date}T${pad(h)}:${pad(min)}:${pad(s)}`;
  const zone = t[4];
  if (!zone || /^@/.test(zone) || zone === '+08:00' || zone === '+0800') return `${local}${OFFSET}`;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const instant = new Date(`${local}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : `${shanghaiIso(instant)}${OFFSET}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as the centres' wall-clock time, `YYYY-MM-DDTHH:mm:ss`. */
function shanghaiIso(instant: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A stored date and time → 「2026年12月31日 17:30」 in the centres' time (seconds only when there are some);
 * one without an offset is read as the centres' time. Null when it is not a date and time.
 */
export function dateTimeWords(iso: string, locale: Locale): string | null {
  const source = iso.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}|@Asia\/Shanghai)?$/i.test(source))
    return null;
  const normal = parseDateTime(source.replace(/\.\d+/, '').replace('T', ' '));
  if (!normal) return null;
  const [date, time] = normal.slice(0, 19).split('T') as [string, string];
  const day = dateWords(date, locale);
  return day && `${day} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

/** Today in the centres' zone, `YYYY-MM-DD`. */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiIso(now).slice(0, 10);
}

/** An example to type, in the centres' time: 「2026年12月31日」 / 「2026年12月31日 17:30」 (`2026-12-31 17:30`). */
export function dateExample(locale: Locale, withTime: boolean): string {
  const day = locale === 'zh-CN' ? dateWords('2026-12-31', locale)! : '2026-12-31';
  return withTime ? `${day} 17:30` : day;
}

const CLOCK_NUMBER = '\\d{1,2}|[零〇一二两三四五六七八九十]+';
/** 「17:30」「17点30分」「下午5点半」「晚上8点」「5:30 pm」, ISO `17:30:00` and `09:30:00Z`. */
const CLOCK = new RegExp(
  String.raw`^(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?\s*(${CLOCK_NUMBER})\s*(?:(?::|：|点|时)\s*(?:(半)|(一刻|三刻)|(${CLOCK_NUMBER})\s*分?)?\s*(?:(?::|：)\s*(\d{1,2})(?:\.\d+)?|(\d{1,2})\s*秒)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(Z|[+-]\d{2}:?\d{2}|@Asia\/Shanghai)?$`,
  'i',
);
const AFTERNOON = /^(下午|傍晚|晚上|夜里|夜间|pm|p\.m\.)$/i;
const MORNING = /^(凌晨|早上|早晨|上午|am|a\.m\.)$/i;

/**
 * 「17:30」「17点30分」「下午5点半」「晚上8点」「5:30 pm」 (or ISO: `17:30:00`) → `17:30:00`, a time of day on the
 * centres' clock, kept without an offset: a form's time field answers that way, and FEEL compares a time with an
 * offset and one without as if the latter were UTC. An expert's time with another offset (`09:30:00Z`) is the same
 * moment on the centres' clock. Null when the text says something else.
 */
export function parseTime(text: string): string | null {
  const m = CLOCK.exec(text.trim());
  if (!m) return null;
  const [, period, hourText, half, quarter, minuteText, isoSeconds, wordSeconds, suffix, zone] = m;
  const separated = /[:：点时]/.test(text);
  // A bare number is no time: 「5」 could be anything; 「5pm」 and 「下午5」 say it is.
  if (!separated && !suffix && !period) return null;
  let h = amount(hourText!);
  const min = half ? 30 : quarter ? (quarter === '一刻' ? 15 : 45) : minuteText ? amount(minuteText) : 0;
  const s = Number(isoSeconds ?? wordSeconds ?? 0);
  if (h === null || min === null || min > 59 || s > 59) return null;
  const said = period ?? suffix;
  if (said) {
    if (h > 12) return null;
    if (AFTERNOON.test(said) && h < 12) h += 12;
    else if (MORNING.test(said) && h === 12) h = 0;
    else if (said === '中午' && h < 11) h += 12;
  }
  if (h > 23) return null;
  if (!zone || /^@/.test(zone) || zone.replace(':', '') === '+0800') return `${pad(h)}:${pad(min)}:${pad(s)}`;
  const offset = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
  const shanghai = (((h * 60 + min - offset + 480) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(shanghai / 60))}:${pad(shanghai % 60)}:${pad(s)}`;
}

function zoneMinutes(zone: string): number {
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

/** A stored time of day → 「17:30」 on the centres' clock (seconds only when there are some); null when it is not one. */
export function timeWords(iso: string): string | null {
  const source = iso.trim();
  if (!/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}|@Asia\/Shanghai)?$/i.test(source)) return null;
  const time = parseTime(source);
  if (!time) return null;
  return time.endsWith(':00') ? time.slice(0, 5) : time;
}

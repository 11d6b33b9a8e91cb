import { date, dateAndTime, evaluate } from 'feelin';
import { DateTime } from 'luxon';
import { type CAMUNDA_FUNCTIONS, InvalidPatternError, linearExtract } from '../../definitions/index.js';

/**
 * Camunda's FEEL extensions that feelin lacks, written as Camunda documents them
 * (docs.camunda.io, "FEEL built-in functions", the parts marked "Camunda Extension"). feelin
 * calls them with the arguments given (named arguments by the names in `$args`); a wrong type
 * answers null like any FEEL function, and `assert` fails the evaluation on purpose.
 */
type CamundaName = (typeof CAMUNDA_FUNCTIONS)[number];

export class AssertionFailedError extends Error {}

const isContext = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((k) => typeof k === 'string');
const given = (v: unknown) => v !== null && v !== undefined;

function named<F extends (...args: never[]) => unknown>(args: string[], fn: F): F {
  return Object.assign(fn, { $args: args });
}

function stringJoin(list: unknown, delimiter?: unknown, prefix?: unknown, suffix?: unknown): string | null {
  if (!Array.isArray(list) || !list.every((i) => i === null || typeof i === 'string')) return null;
  for (const s of [delimiter, prefix, suffix]) if (given(s) && typeof s !== 'string') return null;
  const text = (list as Array<string | null>)
    .filter((i): i is string => i !== null)
    .join((delimiter as string | null | undefined) ?? '');
  return `${(prefix as string | undefined) ?? ''}${text}${(suffix as string | undefined) ?? ''}`;
}

function getValue(context: unknown, key: unknown): unknown {
  if (!isContext(context)) return null;
  if (typeof key === 'string') return Object.hasOwn(context, key) ? context[key] : null;
  if (!isStringList(key) || key.length === 0) return null;
  let current: unknown = context;
  for (const k of key) {
    if (!isContext(current) || !Object.hasOwn(current, k)) return null;
    current = current[k];
  }
  return current;
}

function contextPut(context: unknown, key: unknown, value: unknown): Record<string, unknown> | null {
  if (!isContext(context)) return null;
  const keys = typeof key === 'string' ? [key] : key;
  if (!isStringList(keys) || keys.length === 0) return null;
  const [first, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) return { ...context, [first]: value };
  const inner = isContext(context[first]) ? context[first] : {};
  return { ...context, [first]: contextPut(inner, rest, value) };
}

function lastDayOfMonth(value: unknown): unknown {
  const d = value as { year?: unknown; month?: unknown; hour?: unknown } | null;
  if (!d || typeof d !== 'object' || typeof d.year !== 'number' || typeof d.month !== 'number') return null;
  const day = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return date(`${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function toBase64(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromJson(value: unknown): unknown {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function toJsonText(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      const withToJson = v as { toJSON?: () => unknown } | null;
      return withToJson && typeof withToJson === 'object' && typeof withToJson.toJSON === 'function'
        ? withToJson.toJSON()
        : (v ?? null);
    }) ?? 'null'
  );
}

/**
 * `date and time(value, zone)` (Camunda): the same instant in another time zone. A value without
 * a zone is read as UTC. Any other call is FEEL's own `date and time(from)` / `(date, time)`.
 */
function dateAndTimeCall(d: unknown, time: unknown, from: unknown, timezone: unknown): unknown {
  const zone = typeof timezone === 'string' ? timezone : typeof time === 'string' ? time : undefined;
  if (zone === undefined)
    return evaluate('date and time(d, t, f)', { d: d ?? null, t: time ?? null, f: from ?? null }).value;
  const text = typeof d === 'string' ? d : isDateTimeValue(d) ? d.iso : undefined;
  if (text === undefined) return null;
  const at = /^(.*)@(.+)$/.exec(text);
  const source = at
    ? DateTime.fromISO(at[1]!, { zone: at[2]! })
    : DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  const offset = /^(Z|[+-]\d{2}:\d{2})$/.test(zone);
  const target = source.setZone(offset ? (zone === 'Z' ? 'UTC' : `UTC${zone}`) : zone);
  if (!source.isValid || !target.isValid) return null;
  const local = target.toFormat(target.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm:ss");
  return dateAndTime(offset ? `${local}${zone}` : `${local}@${zone}`);
}

function isDateTimeValue(v: unknown): v is { iso: string } {
  return typeof v === 'object' && v !== null && typeof (v as { iso?: unknown }).iso === 'string' && 'hour' in v;
}

export const CAMUNDA_FEEL_FUNCTIONS: Record<CamundaName, unknown> = {
  'is defined': named(['value'], (value: unknown) => given(value)),
  'get or else': named(['value', 'default'], (value: unknown, fallback: unknown) =>
    given(value) ? value : (fallback ?? null),
  ),
  assert: named(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause?: unknown) => {
    if (condition === true) return value;
    throw new AssertionFailedError(given(cause) ? `assertion failed: ${String(cause)}` : 'assertion failed');
  }),
  'string join': named(['list', 'delimiter', 'prefix', 'suffix'], stringJoin),
  extract: named(['string', 'pattern'], (input: unknown, pattern: unknown) => {
    if (typeof input !== 'string' || typeof pattern !== 'string') return null;
    try {
      return linearExtract(input, pattern);
    } catch (err) {
      if (err instanceof InvalidPatternError) return null;
      throw err;
    }
  }),
  trim: named(['string'], (s: unknown) => (typeof s === 'string' ? s.trim() : null)),
  'is blank': named(['string'], (s: unknown) => (typeof s === 'string' ? s.trim() === '' : null)),
  'to base64': named(['value'], toBase64),
  'duplicate values': named(['list'], (list: unknown) => {
    if (!Array.isArray(list)) return null;
    const counts = new Map<string, { item: unknown; count: number }>();
    for (const item of list) {
      const key = `${typeof item}:${toJsonText(item)}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { item, count: 1 });
    }
    return [...counts.values()].filter((e) => e.count > 1).map((e) => e.item);
  }),
  'is empty': named(['list'], (list: unknown) => (Array.isArray(list) ? list.length === 0 : null)),
  partition: named(['list', 'size'], (list: unknown, size: unknown) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return null;
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }),
  // `keys`: Camunda's name for the list-of-keys form (`get value(context: c, keys: ["a", "b"])`).
  'get value': named(['context', 'key', 'keys'], (context: unknown, key: unknown, keys: unknown) =>
    getValue(context, key ?? keys),
  ),
  'context put': named(
    ['context', 'key', 'value', 'keys'],
    (context: unknown, key: unknown, value: unknown, keys: unknown) => contextPut(context, key ?? keys, value),
  ),
  'date and time': named(['date', 'time', 'from', 'timezone'], dateAndTimeCall),
  // An AI agent's tool parameter: the agent fills the value in; the engine answers it as it is.
  fromAi: named(['value', 'description', 'type', 'schema', 'options'], (value: unknown) => value ?? null),
  'last day of month': named(['date'], lastDayOfMonth),
  'from json': named(['json'], fromJson),
  'to json': named(['value'], (value: unknown) => toJsonText(value)),
};

import { date, dateAndTime, evaluate, unaryTest } from 'feelin';
import { DateTime } from 'luxon';

/** Day arithmetic (`today()`) happens in the governance centres' zone, whatever the server's. */
const BUSINESS_ZONE = 'Asia/Shanghai';

export type FeelResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Evaluates FEEL purely: `now()` and `today()` read the injected clock instead of the
 * system clock, and temporal results become ISO strings so variables stay plain JSON.
 */
export function evaluateFeel(source: string, variables: Record<string, unknown>, now: string): FeelResult {
  try {
    const { value } = evaluate(source, withClock(variables, now));
    return { ok: true, value: toJson(value) };
  } catch (err) {
    return { ok: false, message: `FEEL expression "${source}" failed: ${(err as Error).message}` };
  }
}

/** Evaluates DMN unary tests (`< 10`, `"a","b"`, `[1..5]`, `-`) against `input`. */
export function evaluateUnaryTests(
  source: string,
  input: unknown,
  variables: Record<string, unknown>,
  now: string,
): FeelResult {
  try {
    const { value } = unaryTest(source, { ...withClock(variables, now), '?': input });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, message: `FEEL unary test "${source}" failed: ${(err as Error).message}` };
  }
}

function withClock(variables: Record<string, unknown>, now: string): Record<string, unknown> {
  return {
    ...variables,
    now: () => dateAndTime(now),
    today: () => date(DateTime.fromISO(now, { setZone: true }).setZone(BUSINESS_ZONE).toISODate()!),
  };
}

/** Converts feelin results (temporal wrappers, ranges, functions) into JSON values. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return typeof value === 'function' ? null : value;
  if (Array.isArray(value)) return value.map(toJson);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return withToJson.toJSON();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJson(v);
  return out;
}

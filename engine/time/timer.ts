import { DateTime, Duration } from 'luxon';
import type { TimerSpec } from '../../definitions/index.js';

export interface ResolvedTimer {
  dueAt: string;
  repeat?: { left: number | null; every: string };
}

export type TimerResult = { ok: true; timer: ResolvedTimer } | { ok: false; message: string };

/** Turns an evaluated timer value (ISO 8601 duration, date-time or repeating interval) into a due instant. */
export function resolveTimer(kind: TimerSpec['kind'], value: unknown, now: string): TimerResult {
  if (typeof value !== 'string') return fail(`timer ${kind} evaluated to ${JSON.stringify(value)}, expected ISO 8601 text`);
  const text = value.trim();
  const start = DateTime.fromISO(now, { setZone: true });
  if (kind === 'duration') {
    const d = Duration.fromISO(text);
    return d.isValid ? ok(start.plus(d)) : fail(`"${text}" is not an ISO 8601 duration`);
  }
  if (kind === 'date') {
    const at = DateTime.fromISO(text, { setZone: true });
    return at.isValid && text.includes('T') ? ok(at) : fail(`"${text}" is not an ISO 8601 date-time`);
  }
  const m = /^R(\d*)\/(.+)$/.exec(text);
  if (!m) return fail(`"${text}" is not an ISO 8601 repeating interval`);
  const total = m[1] === '' ? null : Number(m[1]);
  if (total === 0) return fail(`"${text}" repeats zero times`);
  const parts = m[2]!.split('/');
  const every = Duration.fromISO(parts[parts.length - 1]!);
  if (!every.isValid || every.toMillis() <= 0) return fail(`"${text}" has no positive interval`);
  const repeat = { left: total === null ? null : total - 1, every: every.toISO()! };
  if (parts.length === 2) {
    const first = DateTime.fromISO(parts[0]!, { setZone: true });
    if (!first.isValid) return fail(`"${text}" has an invalid start date-time`);
    return { ok: true, timer: { dueAt: utc(first), repeat } };
  }
  return { ok: true, timer: { dueAt: utc(start.plus(every)), repeat } };
}

/** The next occurrence of a repeating timer, or undefined when it has no repetitions left. */
export function nextOccurrence(dueAt: string, repeat: { left: number | null; every: string }): ResolvedTimer | undefined {
  if (repeat.left !== null && repeat.left <= 0) return undefined;
  const next = DateTime.fromISO(dueAt, { setZone: true }).plus(Duration.fromISO(repeat.every));
  return { dueAt: utc(next), repeat: { left: repeat.left === null ? null : repeat.left - 1, every: repeat.every } };
}

function ok(at: DateTime): TimerResult {
  return { ok: true, timer: { dueAt: utc(at) } };
}

function fail(message: string): TimerResult {
  return { ok: false, message };
}

function utc(at: DateTime): string {
  return at.toUTC().toISO()!;
}

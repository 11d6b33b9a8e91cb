import { DateTime, Duration } from 'luxon';
import {
  DEFAULT_MIN_TIMER_CYCLE_MS,
  cronError,
  isCronCycle,
  nextCronRun,
  type TimerSpec,
} from '../../definitions/index.js';

export interface ResolvedTimer {
  dueAt: string;
  /** `every`: an ISO 8601 duration, or a cron expression (Zeebe's cron timer cycles). */
  repeat?: { left: number | null; every: string };
}

export type TimerResult = { ok: true; timer: ResolvedTimer } | { ok: false; message: string };

/**
 * Turns an evaluated timer value (ISO 8601 duration, date-time or repeating interval) into a due
 * instant. A cycle repeating more often than `minCycleMs` is refused.
 */
export function resolveTimer(
  kind: TimerSpec['kind'],
  value: unknown,
  now: string,
  minCycleMs = DEFAULT_MIN_TIMER_CYCLE_MS,
): TimerResult {
  if (typeof value !== 'string')
    return fail(`timer ${kind} evaluated to ${JSON.stringify(value)}, expected ISO 8601 text`);
  const text = value.trim();
  if (kind === 'duration') {
    const fixed = addFixedDuration(now, text);
    if (fixed !== undefined) return { ok: true, timer: { dueAt: fixed } };
  }
  const start = DateTime.fromISO(now, { setZone: true });
  if (kind === 'duration') {
    const d = Duration.fromISO(text);
    return d.isValid ? ok(start.plus(d)) : fail(`"${text}" is not an ISO 8601 duration`);
  }
  if (kind === 'date') {
    const at = DateTime.fromISO(text, { setZone: true });
    return at.isValid && text.includes('T') ? ok(at) : fail(`"${text}" is not an ISO 8601 date-time`);
  }
  if (isCronCycle(text)) return cronTimer(text, now, minCycleMs);
  const m = /^R(\d*)\/(.+)$/.exec(text);
  if (!m) return fail(`"${text}" is neither an ISO 8601 repeating interval nor a cron expression`);
  const total = m[1] === '' ? null : Number(m[1]);
  if (total === 0) return fail(`"${text}" repeats zero times`);
  const parts = m[2]!.split('/');
  const every = Duration.fromISO(parts[parts.length - 1]!);
  if (!every.isValid || every.toMillis() <= 0) return fail(`"${text}" has no positive interval`);
  if (every.toMillis() < minCycleMs) return fail(`"${text}" repeats more often than every ${minCycleMs / 1000} s`);
  const repeat = { left: total === null ? null : total - 1, every: every.toISO()! };
  if (parts.length === 2) {
    const first = DateTime.fromISO(parts[0]!, { setZone: true });
    if (!first.isValid) return fail(`"${text}" has an invalid start date-time`);
    return { ok: true, timer: { dueAt: utc(first), repeat } };
  }
  return { ok: true, timer: { dueAt: utc(start.plus(every)), repeat } };
}

/** The next occurrence of a repeating timer, or undefined when it has no repetitions left. */
export function nextOccurrence(
  dueAt: string,
  repeat: { left: number | null; every: string },
): ResolvedTimer | undefined {
  if (repeat.left !== null && repeat.left <= 0) return undefined;
  if (isCronCycle(repeat.every)) {
    const next = nextCronRun(repeat.every, dueAt);
    return next ? { dueAt: next, repeat } : undefined;
  }
  const next = DateTime.fromISO(dueAt, { setZone: true }).plus(Duration.fromISO(repeat.every));
  return { dueAt: utc(next), repeat: { left: repeat.left === null ? null : repeat.left - 1, every: repeat.every } };
}

// ── fast path: fixed-length durations from an instant with an explicit offset ──
//
// Most timers are `PT72H`-like. From an instant with a fixed offset (Z or ±hh:mm) luxon adds
// weeks and days as 24-hour days and the time part as milliseconds, so for durations made
// only of W/D/H/M/S in whole numbers the due instant is plain millisecond arithmetic; luxon
// costs ≈ 20 µs per timer. Anything else (years, months, fractions, signs, a zone-less or
// out-of-range `now`) goes through luxon.

const FIXED_NOW =
  /^([1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:(Z)|([+-])((?:[01]\d|2[0-3])):([0-5]\d))$/;
const FIXED_DURATION = /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/;
const YEAR_10000 = Date.UTC(10000, 0, 1);

function addFixedDuration(now: string, text: string): string | undefined {
  if (text.length < 3) return undefined;
  const d = FIXED_DURATION.exec(text);
  if (!d) return undefined;
  const n = FIXED_NOW.exec(now);
  if (!n) return undefined;
  const start = Date.parse(now);
  if (Number.isNaN(start)) return undefined;
  // Reject calendar dates that do not exist (2026-02-31): the local date must read back.
  const offsetMs = n[2] ? 0 : (n[3] === '-' ? -1 : 1) * (Number(n[4]) * 60 + Number(n[5])) * 60_000;
  if (new Date(start + offsetMs).toISOString().slice(0, 10) !== n[1]) return undefined;
  const days = Number(d[1] ?? 0) * 7 + Number(d[2] ?? 0);
  const ms = ((days * 24 + Number(d[3] ?? 0)) * 60 + Number(d[4] ?? 0)) * 60_000 + Number(d[5] ?? 0) * 1000;
  const due = start + ms;
  return due < YEAR_10000 ? new Date(due).toISOString() : undefined;
}

/** A cron cycle fires at its next time after `now`, then at each one after that, without end. */
function cronTimer(text: string, now: string, minCycleMs: number): TimerResult {
  const reason = cronError(text);
  if (reason) return fail(`"${text}" ${reason}`);
  const first = nextCronRun(text, now);
  const second = first && nextCronRun(text, first);
  if (!first) return fail(`"${text}" never fires`);
  if (second && Date.parse(second) - Date.parse(first) < minCycleMs)
    return fail(`"${text}" repeats more often than every ${minCycleMs / 1000} s`);
  return { ok: true, timer: { dueAt: first, repeat: { left: null, every: text } } };
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

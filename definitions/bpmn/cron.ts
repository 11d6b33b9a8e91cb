import { Cron } from 'croner';

/**
 * Cron timer cycles as Zeebe accepts them (Spring's six fields `second minute hour day month
 * weekday`, five fields without seconds, `?`, `L`, `W`, `#` and `@daily`-style macros), read in
 * the governance centres' zone like FEEL's `today()`.
 */
export const CRON_ZONE = 'Asia/Shanghai';

const looksLikeCron = (text: string) => text.startsWith('@') || /^\S+(\s+\S+){4,6}$/.test(text.trim());

/** Whether a timer cycle is written as a cron expression rather than an ISO 8601 repeating interval. */
export function isCronCycle(text: string): boolean {
  return !/^R\d*\//.test(text.trim()) && looksLikeCron(text);
}

function cron(text: string): Cron {
  return new Cron(text.trim(), { timezone: CRON_ZONE, paused: true });
}

/** Null when `text` is a cron expression that fires, else why it is not. */
export function cronError(text: string): string | null {
  try {
    return cron(text).nextRun(new Date(Date.UTC(2000, 0, 1))) ? null : 'never fires';
  } catch (err) {
    return `is not a cron expression: ${(err as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/** The first time the cron expression fires strictly after `afterIso`, as an ISO instant; null when never. */
export function nextCronRun(text: string, afterIso: string): string | null {
  const next = cron(text).nextRun(new Date(afterIso));
  return next ? next.toISOString() : null;
}

/** The shortest gap between consecutive firings over its next few runs from a fixed day, in milliseconds. */
export function cronShortestGapMs(text: string): number {
  const runs = cron(text).nextRuns(6, new Date(Date.UTC(2026, 0, 5)));
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) shortest = Math.min(shortest, runs[i]!.getTime() - runs[i - 1]!.getTime());
  return shortest;
}

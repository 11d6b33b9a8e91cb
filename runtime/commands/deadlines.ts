import { CalendarError, createBusinessCalendar, type BusinessCalendar, type CreateTaskEffect } from '../../engine/index.js';

const defaultCalendar: BusinessCalendar = createBusinessCalendar({ id: 'default' });

export interface TaskDeadline {
  dueAt: string | null;
  details: Record<string, unknown>;
}

/**
 * Resolves a task's due instant: an explicit `dueAt` wins; a civic working-unit deadline
 * is counted on the business calendar. Missing calendar data is recorded, never guessed.
 */
export function taskDeadline(effect: CreateTaskEffect, now: string): TaskDeadline {
  const details: Record<string, unknown> = {};
  for (const key of ['deadline', 'warning', 'calendar', 'deadlineStart'] as const) if (effect[key] !== undefined) details[key] = effect[key];
  if (effect.dueAt) return { dueAt: effect.dueAt, details };
  if (!effect.deadline) return { dueAt: null, details };
  try {
    const dueAt = toUtc(defaultCalendar.addDuration(now, effect.deadline));
    return { dueAt, details };
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    details.deadlineError = { code: err.code, message: err.message, messageZh: err.messageZh };
    return { dueAt: null, details };
  }
}

function toUtc(iso: string): string {
  return new Date(iso).toISOString();
}

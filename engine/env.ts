import type { DecisionTable } from '../definitions/index.js';
import type { EvaluationLimits } from './feel/budget.js';

/** Everything the pure kernel needs from outside, passed in so that a run is deterministic. */
export interface Env {
  /** The current instant, ISO 8601. */
  now: string;
  /** Decision tables visible to this instance (already resolved for its tenant and pinned). */
  decisions?: Record<string, DecisionTable>;
  /**
   * Limits on the work expressions may do in one command (default: 1,000 items in a collection,
   * 20,000 steps); the runtime passes the instance's tenant policy. Exceeding them raises an
   * `EVALUATION_LIMIT` incident on the element.
   */
  evaluationLimits?: Partial<EvaluationLimits>;
  /** Shortest interval a timer cycle computed by an expression may repeat at, in milliseconds (default one minute). */
  minTimerCycleMs?: number;
  /** Most element activations in one run before a loop is declared runaway. */
  maxSteps?: number;
  /**
   * The business calendar for working-unit timers (`civic:deadline` on a boundary timer): the
   * due instant (ISO 8601) of `duration` (e.g. `5 workDay`) counted from `startIso` on the
   * calendar `calendarId` (the instance's tenant's when absent). It must be pure and may throw
   * (an invalid duration, "2027 calendar data missing"), which becomes an incident. When absent,
   * the official calendar without tenant overrides is used.
   */
  calendar?: (startIso: string, duration: string, calendarId?: string) => string;
  /**
   * Asked before a user task with a working-unit deadline (`civic:deadline`) counted from its
   * creation is created: throws when the deadline must not be counted (a tenant that refuses
   * provisional deadlines for a year without a holiday schedule). The throw becomes an incident
   * on the task, so no task starts without its deadline; retrying after the data is loaded creates it.
   */
  checkDeadline?: (startIso: string, duration: string, calendarId?: string) => void;
}

export const DEFAULT_MAX_STEPS = 10_000;

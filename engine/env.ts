import type { DecisionTable } from '../definitions/index.js';

/** Everything the pure kernel needs from outside, passed in so that a run is deterministic. */
export interface Env {
  /** The current instant, ISO 8601. */
  now: string;
  /** Decision tables visible to this instance (already resolved for its tenant and pinned). */
  decisions?: Record<string, DecisionTable>;
  /** Most element activations in one run before a loop is declared runaway. */
  maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 10_000;

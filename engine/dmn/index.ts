export { evaluateDecision } from './evaluate-decision.js';
export type { DecisionFailureCode, DecisionResult } from './result.js';

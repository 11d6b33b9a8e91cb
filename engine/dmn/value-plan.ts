import { evaluateFeel, type FeelResult } from '../feel/evaluate.js';
import type { ValuePlan } from './prepare.js';

/** Evaluates a prepared input expression or output entry. */
export function runPlan(plan: ValuePlan, variables: Record<string, unknown>, now: string): FeelResult {
  if (plan.kind === 'constant') return { ok: true, value: plan.value };
  if (plan.kind === 'variable')
    return { ok: true, value: Object.hasOwn(variables, plan.name) ? (variables[plan.name] ?? null) : null };
  return evaluateFeel(plan.source, variables, now);
}

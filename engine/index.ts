// The pure engine: run(definition, state, command, env) → { state, effects, events }.
export { run, initialState, type RunResult } from './kernel/run.js';
export {
  CommandRejected,
  type Command,
  type CommandType,
  type JobResult,
  type RejectionCode,
  type Variables,
} from './commands.js';
export type { Effect, EffectType, CreateTaskEffect, EngineEvent, EngineEventType } from './effects.js';
export type { Env } from './env.js';
export { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './feel/budget.js';
export type {
  InstanceState,
  InstanceStatus,
  Token,
  Wait,
  WaitKind,
  Incident,
  IncidentCode,
  ScopeState,
} from './state.js';
export { visibleVariables } from './kernel/variables.js';
export { evaluateFeel } from './feel/evaluate.js';
export { resolveTimer, nextOccurrence } from './time/timer.js';
export * from './calendar/index.js';
export { stepOperations, earlierUserTasks, type StepOperations } from './kernel/task-operations.js';
export { REFUSALS_VARIABLE, type Refusal } from './kernel/send-back.js';
export { signersOf, type SignerState, type SignerView } from './elements/signers.js';
export { evaluateDecision, type DecisionFailureCode, type DecisionResult } from './dmn/index.js';

import type { DecisionTable } from './decision.js';
import type { FormDefinition } from './form.js';
import type { Problem } from './problem.js';
import type { ExecutableProcess } from './process.js';

/** One file of a deployment: XML text for `.bpmn`/`.dmn`, the object (or its JSON text) for `*.form.json`. */
export interface Resource {
  name: string;
  content: string | Record<string, unknown>;
}

export interface CompiledDeployment {
  processes: ExecutableProcess[];
  decisions: DecisionTable[];
  forms: FormDefinition[];
  /** Which resource each compiled item came from, keyed `process:<id>`, `decision:<id>`, `form:<id>`. */
  origins: Record<string, string>;
}

/** `warnings`: what was ignored on purpose (e.g. Camunda 7 attributes left in a Camunda 8 file); present when there are any. */
export type CompileResult =
  | { ok: true; deployment: CompiledDeployment; warnings?: Problem[] }
  | { ok: false; problems: Problem[] };

export interface CompileOptions {
  /** Form ids available outside this deployment (e.g. inherited from a parent tenant). */
  knownFormIds?: Iterable<string>;
  /** Decision ids available outside this deployment. */
  knownDecisionIds?: Iterable<string>;
  /** Forms available outside this deployment, with their schemas (types of case variables). */
  knownForms?: FormDefinition[];
  /** Departments (candidate groups) the deploying tenant may assign to; unchecked when absent. */
  knownGroupIds?: Iterable<string>;
  /** Accounts the deploying tenant may assign to; unchecked when absent. */
  knownUsernames?: Iterable<string>;
  /** Variables every case of this deployment starts with (besides its forms'). */
  startVariables?: Iterable<string>;
  /** Largest XML accepted, in characters. */
  maxXmlLength?: number;
  /** Shortest interval a timer cycle may repeat at, in milliseconds (default one minute). */
  minTimerCycleMs?: number;
}

/** A timer cycle firing more often than this would start or wake instances faster than anyone can handle them. */
export const DEFAULT_MIN_TIMER_CYCLE_MS = 60_000;

import type { ExecutableProcess } from '../../definitions/index.js';
import { CommandRejected, type Command, type Variables } from '../commands.js';
import type { Effect, EngineEvent } from '../effects.js';
import { ELEMENTS } from '../elements/registry.js';
import type { Env } from '../env.js';
import { withEvaluationBudget } from '../feel/evaluate.js';
import type { InstanceState } from '../state.js';
import { COMMAND_HANDLERS } from './commands.js';
import { activate } from './dispatch.js';
import { Execution } from './execution.js';
import { leave } from './lifecycle.js';

export interface RunResult {
  state: InstanceState;
  effects: Effect[];
  events: EngineEvent[];
}

/**
 * The pure kernel: (definition, state, command, env) → new state, effects and events.
 * The input state is never modified; a rejected command throws `CommandRejected`.
 */
export function run(def: ExecutableProcess, state: InstanceState | null, command: Command, env: Env): RunResult {
  const working = prepare(def, state, command);
  const ctx = new Execution(def, working, env, ELEMENTS);
  const handler = COMMAND_HANDLERS[command.type] as (ctx: Execution, cmd: Command) => void;
  const normalised = normalise(command);
  withEvaluationBudget(ctx.budget, () => {
    handler(ctx, normalised);
    ctx.drain(
      (t) => activate(ctx, t),
      (t, flows) => leave(ctx, t, flows),
      () => ELEMENTS.settle(ctx),
    );
  });
  return { state: working, effects: compactEffects(ctx.effects), events: ctx.events };
}

export function initialState(processId: string): InstanceState {
  return { v: 1, processId, status: 'active', next: 1, scopes: {}, tokens: {}, waits: {}, incidents: {} };
}

function prepare(def: ExecutableProcess, state: InstanceState | null, command: Command): InstanceState {
  if (command.type === 'startInstance') {
    if (state) throw new CommandRejected('INSTANCE_ALREADY_STARTED', 'the instance has already started');
    return initialState(def.id);
  }
  if (!state) throw new CommandRejected('INSTANCE_NOT_ACTIVE', 'the instance has not started');
  if (state.status !== 'active') throw new CommandRejected('INSTANCE_NOT_ACTIVE', `the instance is ${state.status}`);
  return cloneJson(state);
}

/**
 * Deep copy of plain JSON data (the state is plain JSON). structuredClone is several times
 * slower on small objects and was the kernel's largest fixed cost per command.
 */
function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = cloneJson((value as Record<string, unknown>)[key]);
    // A variable named "__proto__" must stay an own property, not become the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}

/** Variables must be JSON objects; they are copied so the caller's object is never shared. */
function normalise(command: Command): Command {
  if (!('variables' in command) || command.variables === undefined) return command;
  return { ...command, variables: jsonObject(command.variables) };
}

function jsonObject(value: unknown): Variables {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CommandRejected('VARIABLES_INVALID', 'variables must be a JSON object');
  }
  try {
    return JSON.parse(JSON.stringify(value)) as Variables;
  } catch (err) {
    throw new CommandRejected('VARIABLES_INVALID', `variables are not JSON: ${(err as Error).message}`);
  }
}

const OPENERS: Partial<Record<Effect['type'], string>> = {
  createTask: 'taskId',
  createJob: 'jobId',
  scheduleTimer: 'timerId',
  openSubscription: 'subscriptionId',
  startCallActivity: 'callId',
};
const CLOSERS: Partial<Record<Effect['type'], string>> = {
  cancelTask: 'taskId',
  cancelJob: 'jobId',
  cancelTimer: 'timerId',
  closeSubscription: 'subscriptionId',
  cancelCallActivity: 'callId',
};

/** Drops waits that were opened and closed within the same run: the outside never saw them. */
function compactEffects(effects: Effect[]): Effect[] {
  const idOf = (e: Effect, table: typeof OPENERS) => {
    const key = table[e.type];
    return key === undefined ? undefined : ((e as unknown as Record<string, number>)[key] as number);
  };
  const opened = new Set<number>();
  for (const e of effects) {
    const id = idOf(e, OPENERS);
    if (id !== undefined) opened.add(id);
  }
  const transient = new Set<number>();
  for (const e of effects) {
    const id = idOf(e, CLOSERS);
    if (id !== undefined && opened.has(id)) transient.add(id);
  }
  if (transient.size === 0) return effects;
  return effects.filter((e) => {
    const id = idOf(e, OPENERS) ?? idOf(e, CLOSERS);
    return id === undefined || !transient.has(id);
  });
}

import { readFileSync } from 'node:fs';
import { DateTime, Duration } from 'luxon';
import { compile, type DecisionTable, type ExecutableProcess, type Resource } from '../../definitions/index.js';
import type { Command, Variables } from '../commands.js';
import type { Effect, EngineEvent } from '../effects.js';
import type { Env } from '../env.js';
import { run } from '../kernel/run.js';
import type { InstanceState, Wait, WaitKind } from '../state.js';

/** Compiles resources for a test and fails loudly with every problem. */
export async function compileOrThrow(
  resources: Resource[],
): Promise<{ processes: Record<string, ExecutableProcess>; decisions: Record<string, DecisionTable> }> {
  const r = await compile(resources);
  if (!r.ok) throw new Error(`compile failed:\n${r.problems.map((p) => `${p.resource}: ${p.message}`).join('\n')}`);
  return {
    processes: Object.fromEntries(r.deployment.processes.map((p) => [p.id, p])),
    decisions: Object.fromEntries(r.deployment.decisions.map((d) => [d.id, d])),
  };
}

export async function loadFixture(path: string | URL, extra: Resource[] = []): Promise<ExecutableProcess> {
  const name = String(path).split('/').pop()!;
  const { processes } = await compileOrThrow([{ name, content: readFileSync(path, 'utf8') }, ...extra]);
  return Object.values(processes)[0]!;
}

/**
 * Drives one instance through the pure engine the way the runtime will, keeping the
 * history and checking after every step that the state survives a JSON round trip.
 */
export class Scenario {
  state: InstanceState | null = null;
  readonly history: EngineEvent[] = [];
  readonly effects: Effect[] = [];
  now: string;

  constructor(
    readonly def: ExecutableProcess,
    readonly options: {
      now?: string;
      decisions?: Record<string, DecisionTable>;
      maxSteps?: number;
      env?: Partial<Env>;
    } = {},
  ) {
    this.now = options.now ?? '2026-03-02T01:00:00.000Z';
  }

  send(command: Command): this {
    const env = {
      ...this.options.env,
      now: this.now,
      ...(this.options.decisions ? { decisions: this.options.decisions } : {}),
      ...(this.options.maxSteps ? { maxSteps: this.options.maxSteps } : {}),
    };
    const result = run(this.def, this.state, command, env);
    const roundTripped = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    this.state = roundTripped;
    this.history.push(...result.events);
    this.effects.push(...result.effects);
    return this;
  }

  start(variables: Variables = {}, startEventId?: string): this {
    return this.send({ type: 'startInstance', variables, ...(startEventId ? { startEventId } : {}) });
  }

  wait(el: string, kind?: WaitKind): Wait {
    const found = Object.values(this.state!.waits).filter((w) => w.el === el && (!kind || w.kind === kind));
    if (found.length === 0) throw new Error(`no open ${kind ?? 'wait'} at <${el}>; open: ${this.describeWaits()}`);
    return found[0]!;
  }

  completeTask(el: string, variables: Variables = {}): this {
    return this.send({ type: 'completeTask', taskId: this.wait(el, 'task').id, variables });
  }

  completeJob(el: string, variables: Variables = {}): this {
    return this.send({ type: 'completeJob', jobId: this.wait(el, 'job').id, variables });
  }

  fireTimer(el: string): this {
    const wait = this.wait(el, 'timer');
    if (wait.dueAt && wait.dueAt > this.now) this.now = wait.dueAt;
    return this.send({ type: 'fireTimer', timerId: wait.id });
  }

  message(name: string, correlationKey?: string, variables: Variables = {}): this {
    return this.send({
      type: 'correlateMessage',
      name,
      variables,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
    });
  }

  signal(name: string, variables: Variables = {}): this {
    return this.send({ type: 'broadcastSignal', name, variables });
  }

  advance(iso: string): this {
    this.now = DateTime.fromISO(this.now).plus(Duration.fromISO(iso)).toUTC().toISO()!;
    return this;
  }

  get status(): string {
    return this.state!.status;
  }

  get variables(): Variables {
    return Object.values(this.state!.scopes).find((s) => s.parent === null)?.vars ?? {};
  }

  /** Element ids where tokens stand, sorted. */
  get active(): string[] {
    return Object.values(this.state!.tokens)
      .map((t) => t.el)
      .sort();
  }

  /** Element ids in the order they completed. */
  get completed(): string[] {
    return this.history.filter((e) => e.type === 'elementCompleted').map((e) => e.el!);
  }

  get incidents() {
    return Object.values(this.state!.incidents);
  }

  eventsOf(type: EngineEvent['type']): EngineEvent[] {
    return this.history.filter((e) => e.type === type);
  }

  describeWaits(): string {
    return (
      Object.values(this.state?.waits ?? {})
        .map((w) => `${w.kind}@${w.el}`)
        .join(', ') || 'none'
    );
  }
}

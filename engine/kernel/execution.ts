import {
  exprSource,
  isFeel,
  type BoundaryEventNode,
  type ExecutableProcess,
  type Expr,
  type FlowNode,
  type JobSpec,
  type Mapping,
  type NodeKind,
  type NodeOfKind,
  type StartEventNode,
  type SubProcessNode,
} from '../../definitions/index.js';
import type { JobResult, Variables } from '../commands.js';
import type { Effect, EngineEvent, EngineEventType } from '../effects.js';
import { DEFAULT_MAX_STEPS, type Env } from '../env.js';
import { DEFAULT_EVALUATION_LIMITS, EvaluationBudget } from '../feel/budget.js';
import { evaluateFeel } from '../feel/evaluate.js';
import type { IncidentCode, InstanceState, ScopeState, Token, Wait, WaitRole } from '../state.js';
import { assignPath, propagateVariables, visibleVariables } from './variables.js';

type Op = { op: 'activate'; token: number } | { op: 'leave'; token: number; flows?: string[] };

export type EvalResult = { ok: true; value: unknown } | { ok: false; message: string; limit?: true };

/** How one kind of element runs. Behaviours act on the state only through `Execution`. */
export interface Behaviour<N extends FlowNode = FlowNode> {
  /** A token arrived: either leave (via the lifecycle functions) or open waits. */
  activate(ctx: Execution, token: Token, node: N): void;
  /** One of the token's own waits fired (task completed, job done, message or timer arrived). */
  trigger?(ctx: Execution, token: Token, node: N, wait: Wait, variables: Variables): void;
}

export type BehaviourRegistry = { [K in NodeKind]: Behaviour<NodeOfKind<K>> };

/**
 * What the kernel asks of the elements beyond each kind's `Behaviour`. The element registry
 * provides it when a run starts, so the kernel imports no element module and elements may
 * use the kernel's lifecycle functions without an import loop.
 */
export interface ElementHooks {
  behaviours: BehaviourRegistry;
  /** Fires a wait an element opened on behalf of another one, by the wait's role. */
  fireWait: Record<Exclude<WaitRole, 'self'>, (ctx: Execution, wait: Wait, variables: Variables) => void>;
  /** Runs when the agenda is empty (inclusive joins no token can still reach); true when it scheduled work. */
  settle(ctx: Execution): boolean;
  multiInstance: {
    /** A token arrived at a multi-instance activity: start its inner instances. */
    activateBody(ctx: Execution, body: Token, node: FlowNode): void;
    /** An inner instance finished its element. */
    innerCompleted(ctx: Execution, inner: Token): void;
    /** 加签: more items join the running body the task `wait` is one instance's part of. */
    addSigners(ctx: Execution, wait: Wait, items: unknown[], reason: string): void;
    /** 减签: items not yet done leave it; the completion condition is evaluated again. */
    removeSigners(ctx: Execution, wait: Wait, items: unknown[], reason: string): void;
  };
  boundaryEvents: {
    /** Opens the timer and message waits of an activity's boundary events; false when one failed (incident). */
    openWaits(ctx: Execution, token: Token, node: FlowNode): boolean;
    /** Starts a token at a triggered boundary event. */
    start(ctx: Execution, boundary: BoundaryEventNode, scope: number, variables: Variables): void;
  };
  adHoc: {
    /** An activation of an ad-hoc subprocess's element ran to its end. */
    activationDone(ctx: Execution, owner: Token, scopeId: number): void;
  };
  eventSubProcesses: {
    /** Opens the start subscriptions of the event subprocesses hosted by a scope; false when one failed (incident). */
    openWaits(ctx: Execution, scopeId: number, subIds: string[], incidentToken?: Token): boolean;
    /** Starts an event subprocess in its host scope. */
    start(ctx: Execution, hostScope: number, sub: SubProcessNode, start: StartEventNode, variables: Variables): void;
  };
  openJob(ctx: Execution, token: Token, node: FlowNode, job: JobSpec, role?: WaitRole): void;
}

/**
 * One run of the kernel over a (cloned) state: the agenda, tokens, scopes, waits and the
 * effects and events they produce. Element behaviours act only through this object.
 */
export class Execution {
  readonly effects: Effect[] = [];
  readonly events: EngineEvent[] = [];
  private readonly agenda: Op[] = [];
  private steps = 0;
  private readonly maxSteps: number;
  /** The expression work this command may still do (see `Env.evaluationLimits`). */
  readonly budget: EvaluationBudget;
  /** Retries for jobs re-created by `resolveIncident` when the command names them. */
  jobRetriesOverride?: number;
  /** The result a `completeJob` command carries (an ad-hoc subprocess's job). */
  jobResult?: JobResult;

  constructor(
    readonly def: ExecutableProcess,
    readonly state: InstanceState,
    readonly env: Env,
    readonly elements: ElementHooks,
  ) {
    this.maxSteps = env.maxSteps ?? DEFAULT_MAX_STEPS;
    this.budget = new EvaluationBudget({ ...DEFAULT_EVALUATION_LIMITS, ...env.evaluationLimits });
  }

  newId(): number {
    return this.state.next++;
  }

  node(id: string): FlowNode {
    const node = this.def.nodes[id];
    if (!node) throw new Error(`element <${id}> is not in process ${this.def.id}`);
    return node;
  }

  emit(type: EngineEventType, el?: string, data?: Record<string, unknown>): void {
    const event: EngineEvent = { type, at: this.env.now };
    if (el !== undefined) event.el = el;
    if (data !== undefined) event.data = data;
    this.events.push(event);
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  // ── scopes and variables ────────────────────────────────────────────────

  createScope(parent: number | null, owner: number | undefined, vars: Variables = {}): ScopeState {
    const scope: ScopeState = { id: this.newId(), parent, vars };
    if (owner !== undefined) scope.owner = owner;
    this.state.scopes[scope.id] = scope;
    return scope;
  }

  /** The scope expressions of a token are evaluated in (its local mapping scope when it has one). */
  evalScope(token: Token): number {
    return token.local ?? token.scope;
  }

  variables(scopeId: number): Variables {
    return visibleVariables(this.state, scopeId);
  }

  setVariables(scopeId: number, variables: Variables): void {
    if (Object.keys(variables).length === 0) return;
    propagateVariables(this.state, scopeId, variables);
  }

  evaluate(expr: Expr, scopeId: number, extra?: Variables): EvalResult {
    if (!isFeel(expr)) return { ok: true, value: expr.static };
    const vars = extra ? { ...this.variables(scopeId), ...extra } : this.variables(scopeId);
    return evaluateFeel(expr.feel, vars, this.env.now);
  }

  /** Evaluates an expression for a token; on failure raises an incident and returns undefined. */
  evalOrIncident(token: Token, expr: Expr, what: string, extra?: Variables): { value: unknown } | undefined {
    const r = this.evaluate(expr, this.evalScope(token), extra);
    if (r.ok) return { value: r.value };
    this.raiseIncident(
      token,
      r.limit ? 'EVALUATION_LIMIT' : 'FEEL_ERROR',
      `${what} ${exprSource(expr)} failed: ${r.message}`,
    );
    return undefined;
  }

  /**
   * Evaluates mappings; the results are returned, not written. Undefined when one failed (incident raised).
   * A dotted input target builds a fresh object (Zeebe: the whole path is written); a dotted output
   * target merges its leaf into the existing variable, keeping sibling properties.
   */
  evaluateMappings(
    token: Token,
    mappings: Mapping[],
    what: 'input' | 'output',
    extra?: Variables,
  ): Variables | undefined {
    const out: Variables = {};
    for (const m of mappings) {
      const r = this.evalOrIncident(token, m.source, `${what} mapping for "${m.target}"`, { ...extra, ...out });
      if (!r) return undefined;
      if (what === 'output' && m.target.includes('.')) {
        const top = m.target.split('.')[0]!;
        if (!(top in out)) out[top] = structuredClone(this.variables(this.evalScope(token))[top] ?? {});
      }
      assignPath(out, m.target, r.value);
    }
    return out;
  }

  behaviour(node: FlowNode): Behaviour {
    return this.elements.behaviours[node.kind] as Behaviour;
  }

  // ── tokens and the agenda ───────────────────────────────────────────────

  createToken(el: string, scope: number, via?: string): Token {
    const token: Token = { id: this.newId(), el, scope, phase: 'ready' };
    if (via !== undefined) token.via = via;
    this.state.tokens[token.id] = token;
    this.agenda.push({ op: 'activate', token: token.id });
    return token;
  }

  token(id: number): Token | undefined {
    return this.state.tokens[id];
  }

  tokensIn(scopeId: number): Token[] {
    return Object.values(this.state.tokens).filter((t) => t.scope === scopeId);
  }

  /** Schedules the token to be (re)activated at its current element. */
  schedule(token: Token): void {
    token.phase = 'ready';
    this.agenda.push({ op: 'activate', token: token.id });
  }

  /** Schedules the token to complete its element and take `flows` (all outgoing when omitted). */
  scheduleLeave(token: Token, flows?: string[]): void {
    this.agenda.push(flows ? { op: 'leave', token: token.id, flows } : { op: 'leave', token: token.id });
  }

  /** Runs the agenda until nothing is ready. `activate`/`leave` are the element behaviours. */
  drain(
    activate: (token: Token) => void,
    leave: (token: Token, flows?: string[]) => void,
    settle: () => boolean,
  ): void {
    for (;;) {
      while (this.agenda.length > 0) {
        const op = this.agenda.shift()!;
        const token = this.state.tokens[op.token];
        if (!token) continue;
        if (op.op === 'leave') {
          leave(token, op.flows);
          continue;
        }
        if (token.phase !== 'ready') continue;
        if (++this.steps > this.maxSteps) {
          this.raiseIncident(
            token,
            'LOOP_BUDGET_EXCEEDED',
            `more than ${this.maxSteps} steps in one command; the process probably loops without a wait state`,
          );
          continue;
        }
        token.phase = 'waiting';
        this.emit('elementActivated', token.el);
        activate(token);
      }
      if (!settle()) return;
    }
  }

  // ── waits (tasks, jobs, timers, subscriptions, calls) ───────────────────

  openWait(wait: Omit<Wait, 'id'>, effect: (id: number) => Effect): Wait {
    const full = { id: this.newId(), ...wait } as Wait;
    this.state.waits[full.id] = full;
    this.effect(effect(full.id));
    return full;
  }

  /** Removes a wait that fired: the outside already knows it is done, so no cancel effect. */
  consumeWait(wait: Wait): void {
    delete this.state.waits[wait.id];
  }

  closeWait(wait: Wait): void {
    delete this.state.waits[wait.id];
    this.effect(cancelEffect(wait));
  }

  /** Waits that belong to a token (its own, its boundary events', an event gateway's). */
  waitsOf(tokenId: number): Wait[] {
    return Object.values(this.state.waits).filter((w) => w.token === tokenId);
  }

  // ── incidents ───────────────────────────────────────────────────────────

  raiseIncident(token: Token, code: IncidentCode, message: string): void {
    const id = this.newId();
    token.phase = 'incident';
    this.state.incidents[id] = { id, code, el: token.el, token: token.id, message, at: this.env.now };
    this.emit('incidentRaised', token.el, { incidentId: id, code, message });
  }
}

function cancelEffect(wait: Wait): Effect {
  switch (wait.kind) {
    case 'task':
      return { type: 'cancelTask', taskId: wait.id };
    case 'job':
      return { type: 'cancelJob', jobId: wait.id };
    case 'timer':
      return { type: 'cancelTimer', timerId: wait.id };
    case 'message':
      return { type: 'closeSubscription', subscriptionId: wait.id };
    case 'signal':
      return { type: 'closeSignalSubscription', subscriptionId: wait.id };
    case 'call':
      return { type: 'cancelCallActivity', callId: wait.id };
  }
}

import { isFeel, type Expr, type FlowNode, type MultiInstanceSpec } from '../../definitions/index.js';
import type { Execution } from '../kernel/execution.js';
import { dropLocalScope, leave, terminateScope } from '../kernel/lifecycle.js';
import type { ScopeState, Token } from '../state.js';

/**
 * The multi-instance body: one token at the activity that starts inner instances, each in
 * its own scope holding the input element and `loopCounter`, and collects their outputs.
 */
export function activateMultiInstanceBody(ctx: Execution, body: Token, node: FlowNode): void {
  const spec = node.multiInstance!;
  const r = ctx.evalOrIncident(body, spec.inputCollection, 'input collection');
  if (!r) return;
  if (!Array.isArray(r.value)) {
    ctx.raiseIncident(
      body,
      'INVALID_VALUE',
      `input collection evaluated to ${JSON.stringify(r.value)}, expected a list`,
    );
    return;
  }
  // Checked before any inner instance exists: one incident on the body, not one per instance.
  const cap = ctx.budget.limits.collectionItems;
  if (r.value.length > cap) {
    ctx.raiseIncident(
      body,
      'EVALUATION_LIMIT',
      `input collection has ${r.value.length} items, more than the ${cap} allowed`,
    );
    return;
  }
  body.mi = { items: r.value, started: 0, completed: 0, terminated: 0 };
  if (spec.outputCollection) body.mi.outputs = r.value.map(() => null);
  if (r.value.length === 0) {
    completeBody(ctx, body, spec);
    return;
  }
  const initial = spec.sequential ? 1 : r.value.length;
  for (let i = 0; i < initial; i++) startInner(ctx, body, spec);
}

/** Starts the next item's inner instance, skipping items removed (减签) before their turn. */
export function startInner(ctx: Execution, body: Token, spec: MultiInstanceSpec): void {
  const mi = body.mi!;
  while (mi.removed?.includes(mi.started)) mi.started++;
  if (mi.started >= mi.items.length) return;
  const index = mi.started++;
  const vars: Record<string, unknown> = { loopCounter: index + 1 };
  if (spec.inputElement) vars[spec.inputElement] = mi.items[index] ?? null;
  // Zeebe: an output element that only reads a variable (or a property of one) makes that
  // variable local to the instance, so each instance collects its own value (null if unset).
  const outputVar = spec.outputElement ? outputVariable(spec.outputElement) : undefined;
  if (outputVar !== undefined && !(outputVar in vars)) vars[outputVar] = null;
  const scope = ctx.createScope(body.scope, body.id, vars);
  const inner = ctx.createToken(body.el, scope.id);
  inner.inner = true;
}

/** Called when an inner instance finished its element. */
export function innerInstanceCompleted(ctx: Execution, inner: Token): void {
  const innerScope = ctx.state.scopes[inner.scope]!;
  const body = ctx.token(innerScope.owner!)!;
  const spec = ctx.node(body.el).multiInstance!;
  const mi = body.mi!;
  if (spec.outputElement && mi.outputs) {
    const r = ctx.evalOrIncident(inner, spec.outputElement, 'output element');
    if (!r) return;
    mi.outputs[(innerScope.vars.loopCounter as number) - 1] = r.value;
  }
  const loopCounter = innerScope.vars.loopCounter;
  dropLocalScope(ctx, inner);
  delete ctx.state.tokens[inner.id];
  terminateScope(ctx, inner.scope);
  mi.completed++;
  advance(ctx, body, spec, loopCounter);
}

/**
 * After an instance completed or a signer was removed: the completion condition (counting
 * only the items not removed), then the next item of a sequential body, or the body's end.
 */
export function advance(ctx: Execution, body: Token, spec: MultiInstanceSpec, loopCounter: unknown): void {
  const mi = body.mi!;
  const removed = mi.removed?.length ?? 0;
  if (spec.completionCondition) {
    const active = innerScopes(ctx, body).length;
    const extra = {
      numberOfInstances: mi.items.length - removed,
      numberOfCompletedInstances: mi.completed,
      numberOfActiveInstances: active,
      numberOfTerminatedInstances: mi.terminated,
      loopCounter,
    };
    const r = ctx.evalOrIncident(body, spec.completionCondition, 'completion condition', extra);
    if (!r) return;
    if (r.value === true) {
      for (const scope of innerScopes(ctx, body)) {
        terminateScope(ctx, scope.id);
        mi.terminated++;
      }
      completeBody(ctx, body, spec);
      return;
    }
  }
  if (spec.sequential && innerScopes(ctx, body).length === 0 && mi.started < mi.items.length)
    startInner(ctx, body, spec);
  if (mi.completed + mi.terminated + removed >= mi.items.length) completeBody(ctx, body, spec);
}

/** The scopes of the body's running inner instances. */
export function innerScopes(ctx: Execution, body: Token): ScopeState[] {
  return Object.values(ctx.state.scopes).filter((s) => s.owner === body.id && s.id !== body.local);
}

function completeBody(ctx: Execution, body: Token, spec: MultiInstanceSpec): void {
  const removed = new Set(body.mi!.removed ?? []);
  const outputs = (body.mi!.outputs ?? []).filter((_, i) => !removed.has(i));
  if (spec.outputCollection) ctx.setVariables(body.scope, { [spec.outputCollection]: outputs });
  delete body.mi;
  leave(ctx, body);
}

const PATH = /^([\p{L}_$][\p{L}\p{N}_$]*)(\s*\.\s*[\p{L}_$][\p{L}\p{N}_$]*)*$/u;

/** The variable an output element reads when it is a plain variable or property path (`result`, `result.value`). */
function outputVariable(expr: Expr): string | undefined {
  if (!isFeel(expr)) return undefined;
  const m = PATH.exec(expr.feel.trim());
  return m && !['null', 'true', 'false'].includes(m[1]!) ? m[1] : undefined;
}

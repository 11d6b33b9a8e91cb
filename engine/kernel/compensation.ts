import type { BoundaryEventNode, FlowNode } from '../../definitions/index.js';
import type { CompensableRecord, Token } from '../state.js';
import type { Execution } from './execution.js';

/**
 * Compensation (Zeebe semantics): an activity with a compensation boundary event is recorded
 * when it completes; a compensation throw or end event runs the handlers of the activities
 * completed in its scope (a completed subprocess's inner ones included), newest first, one
 * after the other, and goes on when the last one has completed.
 */

/** The handler of an activity's compensation boundary event, if it has one. */
function handlerOf(ctx: Execution, node: FlowNode): string | undefined {
  for (const id of node.boundaryEvents ?? []) {
    const b = ctx.node(id) as BoundaryEventNode;
    if (b.event.type === 'compensate' && b.handler) return b.handler;
  }
  return undefined;
}

/**
 * A token completed its element: records it when it has a compensation handler, and moves the
 * records of a completed subprocess's scope up to the scope the subprocess ran in.
 * An inner multi-instance instance records into the body's scope.
 */
export function recordCompletion(ctx: Execution, token: Token): void {
  const node = ctx.node(token.el);
  if (node.forCompensation) return;
  const scope = token.inner ? (ctx.state.scopes[token.scope]?.parent ?? token.scope) : token.scope;
  const records = ctx.state.compensable;
  if (records && token.local !== undefined && node.kind === 'subProcess') {
    for (const r of records) {
      if (r.scope !== token.local) continue;
      r.scope = scope;
      r.within = [...(r.within ?? []), node.id];
    }
  }
  // A multi-instance activity is recorded once per completed instance, not again for its body.
  if (node.multiInstance && !token.inner) return;
  const handler = handlerOf(ctx, node);
  if (!handler) return;
  (ctx.state.compensable ??= []).push({ el: node.id, handler, scope });
}

/** A scope ended without completing its owner: what completed in it can no longer be compensated. */
export function forgetScope(ctx: Execution, scopeId: number): void {
  const records = ctx.state.compensable;
  if (!records?.some((r) => r.scope === scopeId)) return;
  ctx.state.compensable = records.filter((r) => r.scope !== scopeId);
  if (ctx.state.compensable.length === 0) delete ctx.state.compensable;
}

/**
 * A compensation throw or end event: takes the records of its scope (only `activityRef`'s,
 * or those inside it, when set) and runs their handlers newest first. Returns false while the
 * token waits for them; true when there was nothing to compensate.
 */
export function throwCompensation(ctx: Execution, token: Token, activityRef: string | undefined): boolean {
  const records = ctx.state.compensable ?? [];
  const matches = (r: CompensableRecord) =>
    r.scope === token.scope && (activityRef === undefined || r.el === activityRef || r.within?.includes(activityRef));
  const taken = records.filter(matches);
  ctx.emit('compensationThrown', token.el, {
    ...(activityRef !== undefined ? { activity: activityRef } : {}),
    handlers: taken.length,
  });
  if (taken.length === 0) return true;
  ctx.state.compensable = records.filter((r) => !matches(r));
  if (ctx.state.compensable.length === 0) delete ctx.state.compensable;
  token.compensation = { handlers: taken.reverse().map((r) => r.handler) };
  startHandler(ctx, token);
  return false;
}

function startHandler(ctx: Execution, thrower: Token): void {
  const handler = thrower.compensation!.handlers[0]!;
  const t = ctx.createToken(handler, thrower.scope);
  t.compensates = thrower.id;
}

/**
 * A compensation handler completed (it has no outgoing flows): the next one starts, or the
 * throw event goes on. Returns the thrower when it is done waiting, for the caller to complete.
 */
export function handlerCompleted(ctx: Execution, handler: Token): Token | undefined {
  delete ctx.state.tokens[handler.id];
  const thrower = ctx.token(handler.compensates!);
  if (!thrower?.compensation) return undefined;
  thrower.compensation.handlers.shift();
  if (thrower.compensation.handlers.length > 0) {
    startHandler(ctx, thrower);
    return undefined;
  }
  delete thrower.compensation;
  return thrower;
}

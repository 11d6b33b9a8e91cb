import type { Variables } from '../commands.js';
import type { Token } from '../state.js';
import type { Execution } from './execution.js';
import { forgetScope, handlerCompleted, recordCompletion } from './compensation.js';
import { beginListeners } from './listeners.js';

/**
 * Completes the token's element: output mappings (or plain propagation of `variables`),
 * then its outgoing flows. Returns false when an output mapping raised an incident.
 */
export function completeActivity(ctx: Execution, token: Token, variables?: Variables): boolean {
  if (!applyOutputs(ctx, token, variables)) return false;
  leave(ctx, token);
  return true;
}

/**
 * Writes what an element produced: through its output mappings when it has them, else by
 * plain propagation. False when a mapping raised an incident.
 */
export function applyOutputs(ctx: Execution, token: Token, variables?: Variables): boolean {
  const node = ctx.node(token.el);
  const outputs = node.io?.outputs ?? [];
  // A multi-instance body has no mappings of its own: they apply to each inner instance.
  const isBody = node.multiInstance !== undefined && !token.inner;
  if (outputs.length > 0 && !isBody) {
    const mapped = ctx.evaluateMappings(token, outputs, 'output', variables);
    if (!mapped) return false;
    ctx.setVariables(token.scope, mapped);
  } else if (variables) {
    // Propagation starts at the element's own scope: a variable named like an input-mapped
    // local updates that local (and is dropped with it), as in Zeebe.
    ctx.setVariables(ctx.evalScope(token), variables);
  }
  return true;
}

/** Leaves the element: closes its waits and local scope, then takes `flows` (default: all outgoing). */
export function leave(ctx: Execution, token: Token, flows?: string[]): void {
  for (const wait of ctx.waitsOf(token.id)) ctx.closeWait(wait);
  // End listeners run first; their last job brings the token back here.
  if (!token.listener?.done && beginListeners(ctx, token, ctx.node(token.el), 'end', flows)) return;
  delete token.listener;
  ctx.emit('elementCompleted', token.el);
  recordCompletion(ctx, token);
  if (token.inner) {
    ctx.elements.multiInstance.innerCompleted(ctx, token);
    return;
  }
  dropLocalScope(ctx, token);
  const outgoing = flows ?? ctx.node(token.el).outgoing;
  if (token.compensates !== undefined) {
    // A compensation handler has no flows: the throw event it ran for goes on (or the next handler starts).
    const thrower = handlerCompleted(ctx, token);
    if (thrower) completeActivity(ctx, thrower);
    else completeScopeIfDone(ctx, token.scope);
    return;
  }
  if (outgoing.length === 0) {
    endToken(ctx, token);
    return;
  }
  outgoing.forEach((flowId, i) => {
    const target = ctx.def.flows[flowId]!.target;
    ctx.emit('flowTaken', flowId);
    if (i === 0) {
      token.el = target;
      token.via = flowId;
      ctx.schedule(token);
    } else {
      ctx.createToken(target, token.scope, flowId);
    }
  });
}

/** Leaves the element without a sequence flow and goes on at `target` in the same scope (a link). */
export function jumpTo(ctx: Execution, token: Token, target: string): void {
  for (const wait of ctx.waitsOf(token.id)) ctx.closeWait(wait);
  ctx.emit('elementCompleted', token.el);
  dropLocalScope(ctx, token);
  token.el = target;
  delete token.via;
  ctx.schedule(token);
}

/** Removes a token that reached the end of its path, then completes its scope if it was the last. */
export function endToken(ctx: Execution, token: Token): void {
  delete ctx.state.tokens[token.id];
  completeScopeIfDone(ctx, token.scope);
}

export function completeScopeIfDone(ctx: Execution, scopeId: number): void {
  if (ctx.tokensIn(scopeId).length > 0) return;
  const scope = ctx.state.scopes[scopeId];
  if (!scope) return;
  closeScopeWaits(ctx, scopeId);
  if (scope.parent === null) {
    ctx.state.status = 'completed';
    ctx.emit('instanceCompleted');
    return;
  }
  const owner = scope.owner === undefined ? undefined : ctx.token(scope.owner);
  // Only a subprocess-like owner completes when its inner scope empties; multi-instance
  // bodies count their inner instances themselves.
  if (owner && owner.local === scopeId) completeActivity(ctx, owner);
  else if (owner && scope.parent === owner.local && isAdHoc(ctx, owner))
    ctx.elements.adHoc.activationDone(ctx, owner, scopeId);
}

function isAdHoc(ctx: Execution, token: Token): boolean {
  const node = ctx.node(token.el);
  return node.kind === 'subProcess' && node.adHoc !== undefined;
}

/** Terminates a token and everything below it (waits, local scope, inner instances). */
export function terminateToken(ctx: Execution, token: Token): void {
  for (const wait of ctx.waitsOf(token.id)) ctx.closeWait(wait);
  for (const scope of Object.values(ctx.state.scopes)) {
    if (scope.owner === token.id) terminateScope(ctx, scope.id);
  }
  delete ctx.state.tokens[token.id];
  // Terminating an element resolves its incidents: nothing is left to retry.
  for (const incident of Object.values(ctx.state.incidents)) {
    if (incident.token !== token.id) continue;
    delete ctx.state.incidents[incident.id];
    ctx.emit('incidentResolved', incident.el, { incidentId: incident.id, terminated: true });
  }
  ctx.emit('elementTerminated', token.el);
}

/** Terminates every token in a scope and drops the scope (unless it is the process scope). */
export function terminateScope(ctx: Execution, scopeId: number): void {
  terminateTokensIn(ctx, scopeId);
  closeScopeWaits(ctx, scopeId);
  forgetScope(ctx, scopeId);
  if (ctx.state.scopes[scopeId]?.parent !== null) delete ctx.state.scopes[scopeId];
}

export function terminateTokensIn(ctx: Execution, scopeId: number, except?: number): void {
  for (const t of ctx.tokensIn(scopeId)) if (t.id !== except) terminateToken(ctx, t);
}

/** Closes the event-subprocess subscriptions that belong to a scope. */
export function closeScopeWaits(ctx: Execution, scopeId: number): void {
  for (const wait of Object.values(ctx.state.waits)) {
    if (wait.scope === scopeId && wait.token === undefined) ctx.closeWait(wait);
  }
}

export function dropLocalScope(ctx: Execution, token: Token): void {
  if (token.local === undefined) return;
  terminateScope(ctx, token.local);
  delete token.local;
}

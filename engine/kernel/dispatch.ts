import type { FlowNode } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Token, Wait } from '../state.js';
import type { Execution } from './execution.js';
import { dropLocalScope } from './lifecycle.js';
import { beginListeners } from './listeners.js';

/** Runs the element a ready token stands on. */
export function activate(ctx: Execution, token: Token): void {
  const node = ctx.node(token.el);
  // A re-activation (incident resolved, token moved) starts the element afresh.
  for (const wait of ctx.waitsOf(token.id)) ctx.closeWait(wait);
  dropLocalScope(ctx, token);
  delete token.listener;

  enter(ctx, token, node);
  // An element whose activation failed is not active: no boundary event or other wait of it
  // may fire while the incident is open (Zeebe opens them only on a successful activation).
  if (token.phase === 'incident' && ctx.token(token.id)) {
    for (const wait of ctx.waitsOf(token.id)) ctx.closeWait(wait);
  }
}

function enter(ctx: Execution, token: Token, node: FlowNode): void {
  if (!token.inner && node.boundaryEvents && !ctx.elements.boundaryEvents.openWaits(ctx, token, node)) return;
  if (node.multiInstance && !token.inner) {
    ctx.elements.multiInstance.activateBody(ctx, token, node);
    return;
  }
  const inputs = node.io?.inputs ?? [];
  if (inputs.length > 0) {
    const local = ctx.evaluateMappings(token, inputs, 'input');
    if (!local) return;
    token.local = ctx.createScope(token.scope, token.id, local).id;
  }
  if (beginListeners(ctx, token, node, 'start')) return;
  ctx.behaviour(node).activate(ctx, token, node);
}

/** A wait fired (task completed, job done, timer due, message correlated, call finished). */
export function fireWait(ctx: Execution, wait: Wait, variables: Variables): void {
  if (wait.role !== 'self') {
    ctx.elements.fireWait[wait.role](ctx, wait, variables);
    return;
  }
  ctx.consumeWait(wait);
  const token = ctx.token(wait.token!)!;
  const node = ctx.node(token.el);
  const behaviour = ctx.behaviour(node);
  if (!behaviour.trigger) throw new Error(`<${node.id}> ${node.kind} has no trigger`);
  behaviour.trigger(ctx, token, node, wait, variables);
}

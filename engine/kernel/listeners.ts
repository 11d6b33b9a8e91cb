import type { FlowNode } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Token, Wait } from '../state.js';
import type { Execution } from './execution.js';

/**
 * Zeebe execution listeners: each is a job of its type that must complete before the element
 * runs (start listeners, after its input mappings) or before it is left (end listeners, after
 * its output mappings), one after the other in the order drawn. A listener job's variables go to
 * the element's scope, as a job's would.
 */
export function beginListeners(
  ctx: Execution,
  token: Token,
  node: FlowNode,
  event: 'start' | 'end',
  flows?: string[],
): boolean {
  const list = node.listeners?.[event] ?? [];
  if (list.length === 0 || token.inner) return false;
  token.listener = { event, next: 0, ...(flows ? { flows } : {}) };
  openListenerJob(ctx, token, node);
  return true;
}

/** Opens the job of the listener the token is at (also when an incident on it is resolved). */
export function openListenerJob(ctx: Execution, token: Token, node: FlowNode): void {
  const at = token.listener!;
  const spec = node.listeners![at.event][at.next]!;
  ctx.elements.openJob(ctx, token, node, spec, 'listener');
}

/** A listener job completed: the next listener, or on with the element. */
export function listenerCompleted(ctx: Execution, wait: Wait, variables: Variables): void {
  ctx.consumeWait(wait);
  const token = ctx.token(wait.token!)!;
  const node = ctx.node(token.el);
  const at = token.listener!;
  if (Object.keys(variables).length > 0) ctx.setVariables(ctx.evalScope(token), variables);
  at.next += 1;
  if (at.next < node.listeners![at.event].length) {
    openListenerJob(ctx, token, node);
    return;
  }
  if (at.event === 'start') {
    delete token.listener;
    ctx.behaviour(node).activate(ctx, token, node);
    return;
  }
  at.done = true;
  ctx.scheduleLeave(token, at.flows);
}

import type { BoundaryEventNode, FlowNode } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import { applyOutputs, leave, terminateToken } from '../kernel/lifecycle.js';
import type { Token, Wait } from '../state.js';
import { nextOccurrence } from '../time/timer.js';
import type { Behaviour } from './behaviour.js';
import { openEventWait, openTimer } from './event-waits.js';

/** Opens the timer and message waits of an activity's boundary events. False when one failed (incident). */
export function openBoundaryWaits(ctx: Execution, token: Token, node: FlowNode): boolean {
  for (const id of node.boundaryEvents ?? []) {
    const boundary = ctx.node(id) as BoundaryEventNode;
    if (boundary.event.type !== 'timer' && boundary.event.type !== 'message' && boundary.event.type !== 'signal')
      continue;
    const wait = openEventWait(
      ctx,
      boundary.event,
      { role: 'boundary', el: boundary, token, scope: token.scope },
      token.scope,
      token,
    );
    if (!wait) return false;
  }
  return true;
}

/** A boundary timer or message fired on its activity. */
export function fireBoundary(ctx: Execution, wait: Wait, variables: Variables): void {
  const host = ctx.token(wait.token!)!;
  const boundary = ctx.node(wait.el) as BoundaryEventNode;
  // A non-interrupting message boundary stays subscribed; anything else that fired is used up.
  if (boundary.cancelActivity || wait.kind === 'timer') ctx.consumeWait(wait);
  if (boundary.cancelActivity) {
    terminateToken(ctx, host);
  } else if (wait.kind === 'timer') {
    // A non-interrupting timer cycle stays armed for its next occurrence.
    const next = wait.repeat && wait.dueAt ? nextOccurrence(wait.dueAt, wait.repeat) : undefined;
    if (next) openTimer(ctx, { role: 'boundary', el: wait.el, token: host.id, scope: wait.scope }, next);
  }
  startBoundaryToken(ctx, boundary, host.scope, variables);
}

/** Starts a token at a boundary event that was triggered (timer, message, error, escalation). */
export function startBoundaryToken(
  ctx: Execution,
  boundary: BoundaryEventNode,
  scope: number,
  variables: Variables,
): void {
  const token = ctx.createToken(boundary.id, scope);
  applyOutputs(ctx, token, variables);
}

export const boundaryEvent: Behaviour<BoundaryEventNode> = {
  // The trigger's variables were applied when it fired; the event just passes on.
  activate(ctx, token) {
    leave(ctx, token);
  },
};

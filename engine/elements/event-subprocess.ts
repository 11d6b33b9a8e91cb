import type { StartEventNode, SubProcessNode } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import { closeScopeWaits, terminateTokensIn } from '../kernel/lifecycle.js';
import type { Token, Wait } from '../state.js';
import { nextOccurrence } from '../time/timer.js';
import { openEventWait, openTimer } from './event-waits.js';

/** Opens the timer/message start subscriptions of the event subprocesses hosted by a scope. */
export function openEventSubProcessWaits(
  ctx: Execution,
  scopeId: number,
  subIds: string[],
  incidentToken?: Token,
): boolean {
  for (const id of subIds) {
    const sub = ctx.node(id) as SubProcessNode;
    const start = ctx.node(sub.startEvents[0]!) as StartEventNode;
    if (start.event.type !== 'timer' && start.event.type !== 'message' && start.event.type !== 'signal') continue;
    const wait = openEventWait(
      ctx,
      start.event,
      { role: 'eventSubProcess', el: start, scope: scopeId },
      scopeId,
      incidentToken,
    );
    if (!wait && incidentToken) return false;
  }
  return true;
}

/** A timer or message start event of an event subprocess fired. */
export function startEventSubProcessFromWait(ctx: Execution, wait: Wait, variables: Variables): void {
  const start = ctx.node(wait.el) as StartEventNode;
  const sub = ctx.node(start.parent!) as SubProcessNode;
  if (start.interrupting || wait.kind === 'timer') ctx.consumeWait(wait);
  if (!start.interrupting && wait.kind === 'timer') {
    const next = wait.repeat && wait.dueAt ? nextOccurrence(wait.dueAt, wait.repeat) : undefined;
    if (next) openTimer(ctx, { role: 'eventSubProcess', el: wait.el, scope: wait.scope }, next);
  }
  startEventSubProcess(ctx, wait.scope, sub, start, variables);
}

/**
 * Starts an event subprocess in its host scope. An interrupting one first terminates
 * everything else in the scope and closes the scope's other start subscriptions.
 */
export function startEventSubProcess(
  ctx: Execution,
  hostScope: number,
  sub: SubProcessNode,
  start: StartEventNode,
  variables: Variables,
): void {
  if (start.interrupting) {
    terminateTokensIn(ctx, hostScope);
    closeScopeWaits(ctx, hostScope);
    ctx.state.scopes[hostScope]!.interrupted = true;
  }
  ctx.setVariables(hostScope, variables);
  const owner: Token = { id: ctx.newId(), el: sub.id, scope: hostScope, phase: 'waiting' };
  ctx.state.tokens[owner.id] = owner;
  ctx.emit('elementActivated', sub.id);
  const local = ctx.createScope(hostScope, owner.id);
  owner.local = local.id;
  openEventSubProcessWaits(ctx, local.id, sub.eventSubProcesses);
  ctx.createToken(start.id, local.id);
}

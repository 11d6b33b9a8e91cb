import type {
  EventBasedGatewayNode,
  ExclusiveGatewayNode,
  InclusiveGatewayNode,
  ParallelGatewayNode,
} from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import { applyOutputs, leave } from '../kernel/lifecycle.js';
import type { Token, Wait } from '../state.js';
import type { Behaviour } from './behaviour.js';
import { trueFlows, withDefault } from './conditions.js';
import { openEventWait } from './event-waits.js';

/** Exclusive: the first flow whose condition holds, else the default, else an incident. */
export const exclusiveGateway: Behaviour<ExclusiveGatewayNode> = {
  activate(ctx, token, node) {
    const taken = node.outgoing.length <= 1 ? node.outgoing : trueFlows(ctx, token, node, true);
    if (!taken) return;
    const flows = node.outgoing.length <= 1 ? taken : withDefault(ctx, token, node, taken);
    if (flows) leave(ctx, token, flows);
  },
};

/** Parallel: waits for one token on each incoming flow, then forks on every outgoing flow. */
export const parallelGateway: Behaviour<ParallelGatewayNode> = {
  activate(ctx, token, node) {
    if (node.incoming.length <= 1) {
      leave(ctx, token);
      return;
    }
    token.phase = 'joining';
    const arrived = joiningTokens(ctx, token);
    const byFlow = new Map<string, Token>();
    for (const t of arrived) if (t.via && !byFlow.has(t.via)) byFlow.set(t.via, t);
    if (!node.incoming.every((f) => byFlow.has(f))) return;
    mergeAndLeave(ctx, [...byFlow.values()], (keep) => leave(ctx, keep));
  },
};

/**
 * Inclusive: forks on every true condition (default when none); as a join it fires once no
 * other token in the scope can still reach it (checked by `settleInclusiveJoins`).
 */
export const inclusiveGateway: Behaviour<InclusiveGatewayNode> = {
  activate(ctx, token, node) {
    if (node.incoming.length > 1) {
      token.phase = 'joining';
      return;
    }
    forkInclusive(ctx, token, node);
  },
};

function forkInclusive(ctx: Execution, token: Token, node: InclusiveGatewayNode): void {
  const taken = trueFlows(ctx, token, node, false);
  if (!taken) return;
  const flows = withDefault(ctx, token, node, taken);
  if (flows) leave(ctx, token, flows);
}

/** Fires every inclusive join that no other token can still reach. True when one fired. */
export function settleInclusiveJoins(ctx: Execution): boolean {
  for (const token of Object.values(ctx.state.tokens)) {
    if (token.phase !== 'joining') continue;
    const node = ctx.node(token.el);
    if (node.kind !== 'inclusiveGateway') continue;
    const waiting = joiningTokens(ctx, token);
    const others = ctx.tokensIn(token.scope).filter((t) => t.el !== token.el);
    if (others.some((t) => canReach(ctx, t.el, token.el))) continue;
    mergeAndLeave(ctx, waiting, (keep) => forkInclusive(ctx, keep, node));
    return true;
  }
  return false;
}

/** Event-based: subscribes to every following catch event; the first to fire wins. */
export const eventBasedGateway: Behaviour<EventBasedGatewayNode> = {
  activate(ctx, token, node) {
    for (const flowId of node.outgoing) {
      const target = ctx.node(ctx.def.flows[flowId]!.target);
      const event =
        target.kind === 'receiveTask'
          ? { type: 'message' as const, message: target.message }
          : 'event' in target
            ? target.event
            : undefined;
      if (!event) continue;
      // On failure the incident is raised; the kernel closes the subscriptions already opened.
      if (
        !openEventWait(
          ctx,
          event,
          { role: 'gateway', el: target, token, scope: token.scope },
          ctx.evalScope(token),
          token,
        )
      )
        return;
    }
  },
};

/** One of the gateway's events fired: the others are cancelled and the token passes through it. */
export function fireEventGateway(ctx: Execution, wait: Wait, variables: Variables): void {
  const token = ctx.token(wait.token!)!;
  const flowId = ctx.node(token.el).outgoing.find((f) => ctx.def.flows[f]!.target === wait.el)!;
  ctx.consumeWait(wait);
  for (const w of ctx.waitsOf(token.id)) ctx.closeWait(w);
  ctx.emit('elementCompleted', token.el);
  ctx.emit('flowTaken', flowId);
  token.el = wait.el;
  token.via = flowId;
  ctx.emit('elementActivated', wait.el);
  if (applyOutputs(ctx, token, variables)) leave(ctx, token);
}

function joiningTokens(ctx: Execution, token: Token): Token[] {
  return ctx.tokensIn(token.scope).filter((t) => t.el === token.el && t.phase === 'joining');
}

/** Keeps the first token, removes the others that were consumed by the join, then continues. */
function mergeAndLeave(ctx: Execution, consumed: Token[], proceed: (keep: Token) => void): void {
  const [keep, ...rest] = consumed;
  for (const t of rest) delete ctx.state.tokens[t.id];
  keep!.phase = 'waiting';
  proceed(keep!);
}

const reachCache = new WeakMap<object, Map<string, Set<string>>>();

/** Whether a token at `from` can still arrive at `to` (flows, boundary events and links, same scope). */
function canReach(ctx: Execution, from: string, to: string): boolean {
  let perDef = reachCache.get(ctx.def);
  if (!perDef) reachCache.set(ctx.def, (perDef = new Map()));
  let reach = perDef.get(from);
  if (!reach) {
    reach = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const node = ctx.def.nodes[stack.pop()!]!;
      const next = [...node.outgoing.map((f) => ctx.def.flows[f]!.target), ...(node.boundaryEvents ?? [])];
      if (node.kind === 'intermediateThrowEvent' && node.event.type === 'link' && node.event.target)
        next.push(node.event.target);
      for (const id of next) if (!reach.has(id)) reach.add(id), stack.push(id);
    }
    perDef.set(from, reach);
  }
  return reach.has(to);
}

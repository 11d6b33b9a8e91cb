import {
  exprSource,
  type EndEventNode,
  type IntermediateCatchEventNode,
  type IntermediateThrowEventNode,
  type MessageRef,
  type StartEventNode,
} from '../../definitions/index.js';
import type { Execution } from '../kernel/execution.js';
import { applyOutputs, completeActivity, endToken, jumpTo, terminateTokensIn } from '../kernel/lifecycle.js';
import { throwCompensation } from '../kernel/compensation.js';
import { throwEvent } from '../kernel/throw.js';
import type { Token } from '../state.js';
import type { Behaviour } from './behaviour.js';
import { openEventWait } from './event-waits.js';
import { openJob } from './job.js';

export const startEvent: Behaviour<StartEventNode> = {
  activate(ctx, token) {
    completeActivity(ctx, token);
  },
};

export const intermediateCatchEvent: Behaviour<IntermediateCatchEventNode> = {
  activate(ctx, token, node) {
    // A link catch event is where a link throw goes on: it passes the token through.
    if (node.event.type === 'link') {
      completeActivity(ctx, token);
      return;
    }
    openEventWait(ctx, node.event, { role: 'self', el: node, token, scope: token.scope }, ctx.evalScope(token), token);
  },
  trigger(ctx, token, _node, _wait, variables) {
    completeActivity(ctx, token, variables);
  },
};

/** Throw events with a job (Zeebe's message throw) wait for it; otherwise they act at once. */
export const intermediateThrowEvent: Behaviour<IntermediateThrowEventNode> = {
  activate(ctx, token, node) {
    if (node.job) {
      openJob(ctx, token, node, node.job);
      return;
    }
    if (node.event.type === 'link') {
      if (applyOutputs(ctx, token)) jumpTo(ctx, token, node.event.target!);
      return;
    }
    // Compensation waits for its handlers; the last one to complete brings the token on.
    if (node.event.type === 'compensate' && !throwCompensation(ctx, token, node.event.activityRef)) return;
    if (!throwFromEvent(ctx, token, node)) return;
    if (ctx.token(token.id)) completeActivity(ctx, token);
  },
  trigger(ctx, token, _node, _wait, variables) {
    completeActivity(ctx, token, variables);
  },
};

export const endEvent: Behaviour<EndEventNode> = {
  activate(ctx, token, node) {
    if (node.job) {
      openJob(ctx, token, node, node.job);
      return;
    }
    if (node.event.type === 'terminate') {
      ctx.emit('elementCompleted', token.el);
      terminateTokensIn(ctx, token.scope, token.id);
      endToken(ctx, token);
      return;
    }
    if (node.event.type === 'compensate' && !throwCompensation(ctx, token, node.event.activityRef)) return;
    if (!throwFromEvent(ctx, token, node)) return;
    if (ctx.token(token.id)) completeActivity(ctx, token);
  },
  trigger(ctx, token, _node, _wait, variables) {
    completeActivity(ctx, token, variables);
  },
};

/**
 * Performs what a throw or end event throws. False when the token must stop here
 * (an uncaught error became an incident).
 */
function throwFromEvent(ctx: Execution, token: Token, node: EndEventNode | IntermediateThrowEventNode): boolean {
  const ev = node.event;
  if (ev.type === 'error') {
    if (throwEvent(ctx, token, 'error', ev.errorCode ?? '', {}, false)) return true;
    ctx.raiseIncident(token, 'UNHANDLED_ERROR', `error "${ev.errorCode ?? ''}" was thrown and nothing catches it`);
    return false;
  }
  if (ev.type === 'escalation') {
    throwEvent(ctx, token, 'escalation', ev.escalationCode ?? '', {}, false);
    return true;
  }
  if (ev.type === 'message') return publish(ctx, token, ev.message);
  if (ev.type === 'signal') {
    const name = ctx.evalOrIncident(token, ev.signal, 'signal name');
    if (!name) return false;
    const signalName = String(name.value);
    ctx.effect({
      type: 'broadcastSignal',
      elementId: token.el,
      signalName,
      variables: { ...ctx.variables(ctx.evalScope(token)) },
    });
    ctx.emit('signalThrown', token.el, { name: signalName });
  }
  return true;
}

export function publish(ctx: Execution, token: Token, message: MessageRef): boolean {
  const name = ctx.evalOrIncident(token, message.name, 'message name');
  if (!name) return false;
  let key: string | undefined;
  if (message.correlationKey) {
    const k = ctx.evalOrIncident(token, message.correlationKey, 'correlation key');
    if (!k) return false;
    if (k.value === null || k.value === undefined) {
      ctx.raiseIncident(token, 'FEEL_ERROR', `correlation key ${exprSource(message.correlationKey)} evaluated to null`);
      return false;
    }
    key = String(k.value);
  }
  const variables = ctx.variables(ctx.evalScope(token));
  ctx.effect({
    type: 'publishMessage',
    elementId: token.el,
    messageName: String(name.value),
    ...(key !== undefined ? { correlationKey: key } : {}),
    variables: { ...variables },
  });
  ctx.emit('messagePublished', token.el, {
    name: String(name.value),
    ...(key !== undefined ? { correlationKey: key } : {}),
  });
  return true;
}

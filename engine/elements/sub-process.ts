import type { CallActivityNode, SubProcessNode } from '../../definitions/index.js';
import { completeActivity } from '../kernel/lifecycle.js';
import type { Behaviour } from './behaviour.js';
import { activateAdHoc, adHocJobCompleted } from './ad-hoc.js';
import { openEventSubProcessWaits } from './event-subprocess.js';

/** An embedded subprocess: a child scope with its own start event and event subprocesses. */
export const subProcess: Behaviour<SubProcessNode> = {
  activate(ctx, token, node) {
    if (token.local === undefined) token.local = ctx.createScope(token.scope, token.id).id;
    if (!openEventSubProcessWaits(ctx, token.local, node.eventSubProcesses, token)) return;
    if (node.adHoc) activateAdHoc(ctx, token, node);
    else ctx.createToken(node.startEvents[0]!, token.local);
  },
  // Only an ad-hoc subprocess with a job waits for something of its own.
  trigger(ctx, token, node, _wait, variables) {
    adHocJobCompleted(ctx, token, node, variables, ctx.jobResult);
  },
};

/**
 * A call activity asks the runtime to start the called process (the runtime resolves the
 * version and tenant) and waits for `completeCall`.
 */
export const callActivity: Behaviour<CallActivityNode> = {
  activate(ctx, token, node) {
    const id = ctx.evalOrIncident(token, node.processId, 'called process id');
    if (!id) return;
    const processId = String(id.value);
    const scope = ctx.evalScope(token);
    const variables = node.propagateAllParentVariables
      ? { ...ctx.variables(scope) }
      : { ...(token.local !== undefined ? ctx.state.scopes[token.local]!.vars : {}) };
    ctx.openWait({ kind: 'call', role: 'self', el: node.id, token: token.id, scope: token.scope }, (callId) => ({
      type: 'startCallActivity',
      callId,
      elementId: node.id,
      processId,
      variables,
    }));
    ctx.emit('callStarted', node.id, { processId });
  },
  trigger(ctx, token, node, _wait, variables) {
    ctx.emit('callCompleted', node.id);
    // Output mappings, when present, pick from the child's variables; otherwise all of them
    // come back unless propagation is switched off.
    const returns = node.propagateAllChildVariables || (node.io?.outputs.length ?? 0) > 0;
    completeActivity(ctx, token, returns ? variables : undefined);
  },
};

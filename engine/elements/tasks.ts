import type {
  BusinessRuleTaskNode,
  ManualTaskNode,
  PlainTaskNode,
  ReceiveTaskNode,
  ScriptTaskNode,
  SendTaskNode,
  ServiceTaskNode,
} from '../../definitions/index.js';
import { evaluateDecision } from '../dmn/index.js';
import { completeActivity } from '../kernel/lifecycle.js';
import type { Behaviour } from './behaviour.js';
import { publish } from './events.js';
import { openEventWait } from './event-waits.js';
import { openJob } from './job.js';

/** Job-based and message-based tasks complete with whatever their trigger brings. */
export const completeOnTrigger: Pick<Behaviour, 'trigger'> = {
  trigger(ctx, token, _node, _wait, variables) {
    completeActivity(ctx, token, variables);
  },
};

export const serviceTask: Behaviour<ServiceTaskNode> = {
  activate(ctx, token, node) {
    openJob(ctx, token, node, node.job);
  },
  ...completeOnTrigger,
};

export const sendTask: Behaviour<SendTaskNode> = {
  activate(ctx, token, node) {
    if (node.job) openJob(ctx, token, node, node.job);
    else if (node.message && publish(ctx, token, node.message)) completeActivity(ctx, token);
  },
  ...completeOnTrigger,
};

/** FEEL script: the expression's value goes into the result variable. */
export const scriptTask: Behaviour<ScriptTaskNode> = {
  activate(ctx, token, node) {
    if (node.job) {
      openJob(ctx, token, node, node.job);
      return;
    }
    const r = ctx.evalOrIncident(token, node.expression!, 'script');
    if (r) completeActivity(ctx, token, { [node.resultVariable!]: r.value });
  },
  ...completeOnTrigger,
};

/** Evaluates a DMN decision table in the engine; its result goes into the result variable. */
export const businessRuleTask: Behaviour<BusinessRuleTaskNode> = {
  activate(ctx, token, node) {
    if (!node.decisionId) {
      openJob(ctx, token, node, node.job!);
      return;
    }
    const id = ctx.evalOrIncident(token, node.decisionId, 'decision id');
    if (!id) return;
    const table = ctx.env.decisions?.[String(id.value)];
    if (!table) {
      ctx.raiseIncident(
        token,
        'DECISION_NOT_FOUND',
        `decision "${String(id.value)}" is not deployed for this instance`,
      );
      return;
    }
    const result = evaluateDecision(table, ctx.variables(ctx.evalScope(token)), ctx.env.now);
    if (!result.ok) {
      ctx.raiseIncident(token, result.code, `decision "${table.id}": ${result.message}`);
      return;
    }
    ctx.emit('decisionEvaluated', node.id, {
      decisionId: table.id,
      matchedRules: result.matchedRules,
      result: result.result,
    });
    completeActivity(ctx, token, { [node.resultVariable!]: result.result });
  },
  ...completeOnTrigger,
};

export const receiveTask: Behaviour<ReceiveTaskNode> = {
  activate(ctx, token, node) {
    openEventWait(
      ctx,
      { type: 'message', message: node.message },
      { role: 'self', el: node, token, scope: token.scope },
      ctx.evalScope(token),
      token,
    );
  },
  ...completeOnTrigger,
};

export const manualTask: Behaviour<ManualTaskNode> = {
  activate(ctx, token) {
    completeActivity(ctx, token);
  },
};

export const task: Behaviour<PlainTaskNode> = {
  activate(ctx, token) {
    completeActivity(ctx, token);
  },
};

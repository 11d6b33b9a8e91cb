import { exprSource, type ExclusiveGatewayNode, type InclusiveGatewayNode } from '../../definitions/index.js';
import type { Execution } from '../kernel/execution.js';
import type { Token } from '../state.js';

/**
 * Evaluates the conditions of a gateway's outgoing flows in order, skipping the default.
 * Returns the ids of the flows whose condition is true, or undefined after raising an
 * incident (a condition failed or was not a boolean). `firstOnly` stops at the first match.
 */
export function trueFlows(
  ctx: Execution,
  token: Token,
  node: ExclusiveGatewayNode | InclusiveGatewayNode,
  firstOnly: boolean,
): string[] | undefined {
  const taken: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.defaultFlow) continue;
    const flow = ctx.def.flows[flowId]!;
    if (!flow.condition) {
      taken.push(flowId);
    } else {
      const r = ctx.evalOrIncident(token, flow.condition, `condition of <${flowId}>`);
      if (!r) return undefined;
      if (typeof r.value !== 'boolean') {
        ctx.raiseIncident(
          token,
          'FEEL_ERROR',
          `condition of <${flowId}> ${exprSource(flow.condition)} returned ${JSON.stringify(r.value)}, expected true or false`,
        );
        return undefined;
      }
      if (r.value) taken.push(flowId);
    }
    if (firstOnly && taken.length > 0) return taken;
  }
  return taken;
}

/** Adds the default flow when nothing else matched; raises NO_FLOW_TAKEN when there is none. */
export function withDefault(
  ctx: Execution,
  token: Token,
  node: ExclusiveGatewayNode | InclusiveGatewayNode,
  taken: string[],
): string[] | undefined {
  if (taken.length > 0) return taken;
  if (node.defaultFlow) return [node.defaultFlow];
  const vars = ctx.variables(ctx.evalScope(token));
  ctx.raiseIncident(
    token,
    'NO_FLOW_TAKEN',
    `no condition of gateway <${node.id}> was true and it has no default flow (variables: ${JSON.stringify(vars).slice(0, 200)})`,
  );
  return undefined;
}

import type { ExecutableProcess, FlowNode, TaskOperations, UserTaskNode } from '../../definitions/index.js';

/**
 * What a step's `civic:taskOperations` allows, with the defaults of the appeal loop when the
 * step does not say: return to any earlier user task, withdraw, transfer and delegate; refuse
 * (退单) only on a step a routing decision referred the case to.
 */
export interface StepOperations {
  returnTargets: string[];
  withdraw: boolean;
  transfer: boolean;
  delegate: boolean;
  refuse: boolean;
  /** Where a refused case goes: the named dispatch step or the nearest earlier user task. */
  refuseTo: string | undefined;
  /** 加签 / 减签: only on a countersign (a multi-instance user task); allowed unless the step says not. */
  addSigners: boolean;
  removeSigners: boolean;
}

export function stepOperations(def: ExecutableProcess, elementId: string): StepOperations | undefined {
  const node = def.nodes[elementId];
  if (node?.kind !== 'userTask') return undefined;
  const ops: TaskOperations | undefined = node.task.operations;
  const earlier = earlierUserTasks(def, elementId);
  return {
    returnTargets:
      ops && ops.returnTargets.length > 0
        ? ops.returnTargets.filter((t) => def.nodes[t]?.kind === 'userTask')
        : earlier,
    withdraw: ops ? ops.withdraw : true,
    transfer: ops ? ops.transfer : true,
    delegate: ops ? ops.delegate : true,
    refuse: ops?.refuse ?? isReferral(def, node),
    refuseTo: ops?.refuseTo ?? earlier[0],
    addSigners: !!node.multiInstance && ops?.addSigners !== false,
    removeSigners: !!node.multiInstance && ops?.removeSigners !== false,
  };
}

/** User tasks from which this element can be reached, nearest first (breadth-first against the flows). */
export function earlierUserTasks(def: ExecutableProcess, elementId: string): string[] {
  const found: string[] = [];
  const seen = new Set([elementId]);
  let frontier = [elementId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const source of predecessorsOf(def, def.nodes[id]!)) {
        if (seen.has(source)) continue;
        seen.add(source);
        if (def.nodes[source]?.kind === 'userTask') found.push(source);
        next.push(source);
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * The elements a token comes from: the sources of the incoming flows; a boundary event is
 * reached through the activity it is attached to, a link catch event from its link throws.
 */
function predecessorsOf(def: ExecutableProcess, node: FlowNode): string[] {
  const flows = node.kind === 'boundaryEvent' ? (def.nodes[node.attachedTo]?.incoming ?? []) : node.incoming;
  const sources = flows.map((flowId) => def.flows[flowId]!.source);
  if (node.kind === 'intermediateCatchEvent' && node.event.type === 'link') {
    for (const other of Object.values(def.nodes)) {
      if (other.kind === 'intermediateThrowEvent' && other.event.type === 'link' && other.event.target === node.id)
        sources.push(other.id);
    }
  }
  return sources;
}

/** A step entered straight from a routing decision: a business rule task or a gateway that chooses among several flows. */
function isReferral(def: ExecutableProcess, node: UserTaskNode): boolean {
  return node.incoming.some((flowId) => {
    const source = def.nodes[def.flows[flowId]!.source];
    if (!source) return false;
    if (source.kind === 'businessRuleTask') return true;
    return (source.kind === 'exclusiveGateway' || source.kind === 'inclusiveGateway') && source.outgoing.length > 1;
  });
}

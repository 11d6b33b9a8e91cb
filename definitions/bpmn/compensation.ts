import type { ModdleElement } from 'bpmn-moddle';
import type { BoundaryEventNode, ExecutableProcess, FlowNode } from '../model/index.js';
import type { ProblemSink } from './problems.js';

function artifactsOf(el: ModdleElement): ModdleElement[] {
  const own: ModdleElement[] = el.artifacts ?? [];
  return [...own, ...(el.flowElements ?? []).flatMap((child: ModdleElement) => artifactsOf(child))];
}

function isCompensationBoundary(node: FlowNode | undefined): node is BoundaryEventNode {
  return node?.kind === 'boundaryEvent' && node.event.type === 'compensate';
}

/**
 * Connects each compensation boundary event to its handler: the activity its association
 * points to (Camunda Modeler draws it from the event to the handler), then checks the shape
 * Zeebe requires of compensation.
 */
export function resolveCompensation(proc: ModdleElement, out: ExecutableProcess, sink: ProblemSink): void {
  for (const a of artifactsOf(proc)) {
    if (a.$type !== 'bpmn:Association') continue;
    const source = out.nodes[a.sourceRef?.id as string];
    const target = out.nodes[a.targetRef?.id as string];
    const [boundary, handler] = isCompensationBoundary(source)
      ? [source, target]
      : isCompensationBoundary(target)
        ? [target, source]
        : [undefined, undefined];
    if (!boundary || !handler) continue;
    if (boundary.handler && boundary.handler !== handler.id)
      sink.add('EVENT_INVALID', 'compensation boundary event is associated with more than one handler', boundary);
    else boundary.handler = handler.id;
  }
  for (const node of Object.values(out.nodes)) checkNode(node, out, sink);
}

function checkNode(node: FlowNode, out: ExecutableProcess, sink: ProblemSink): void {
  if (isCompensationBoundary(node)) {
    const handler = node.handler ? out.nodes[node.handler] : undefined;
    if (!handler)
      sink.add(
        'EVENT_INVALID',
        'compensation boundary event has no compensation handler; draw an association to an activity marked for compensation',
        node,
      );
    else if (!handler.forCompensation)
      sink.add('EVENT_INVALID', `compensation handler <${handler.id}> is not marked for compensation`, node);
    else if (handler.parent !== node.parent)
      sink.add('EVENT_INVALID', `compensation handler <${handler.id}> is not in the same (sub)process`, node);
    if (node.outgoing.length > 0)
      sink.add('FLOW_INVALID', 'a compensation boundary event cannot have outgoing sequence flows', node);
  }
  if (node.forCompensation) {
    if (node.incoming.length > 0 || node.outgoing.length > 0)
      sink.add('FLOW_INVALID', 'a compensation handler cannot have incoming or outgoing sequence flows', node);
    if ((node.boundaryEvents ?? []).length > 0)
      sink.add('EVENT_INVALID', 'a compensation handler cannot have boundary events', node);
    const used = Object.values(out.nodes).some((n) => isCompensationBoundary(n) && n.handler === node.id);
    if (!used)
      sink.add('EVENT_INVALID', 'compensation handler is associated with no compensation boundary event', node);
  }
  if ((node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent') && node.event.type === 'compensate') {
    const ref = node.event.activityRef;
    const target = ref ? out.nodes[ref] : undefined;
    if (ref && (!target || target.parent !== node.parent))
      sink.add(
        'EVENT_INVALID',
        `compensation throw event names activity <${ref}>, which is not an activity of the same (sub)process`,
        node,
      );
  }
}

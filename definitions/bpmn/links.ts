import type { ExecutableProcess, FlowNode } from '../model/index.js';
import type { ProblemSink } from './problems.js';

type LinkEvent = FlowNode & {
  kind: 'intermediateCatchEvent' | 'intermediateThrowEvent';
  event: { type: 'link'; name: string; target?: string };
};

export function isLinkEvent(node: FlowNode, kind: LinkEvent['kind']): node is LinkEvent {
  return node.kind === kind && node.event.type === 'link';
}

/**
 * Connects each link throw event to the link catch event of the same name in the same
 * (sub)process, as Zeebe does: names are unique among the catch events of a scope, and a
 * link never crosses a (sub)process boundary.
 */
export function resolveLinks(proc: ExecutableProcess, sink: ProblemSink): void {
  const catches = new Map<string, LinkEvent>();
  for (const node of Object.values(proc.nodes)) {
    if (!isLinkEvent(node, 'intermediateCatchEvent') || !node.event.name) continue;
    const key = `${node.parent ?? ''}\u0000${node.event.name}`;
    const earlier = catches.get(key);
    if (earlier)
      sink.add(
        'LINK_INVALID',
        `link catch event "${node.event.name}" has the same name as <${earlier.id}> in the same (sub)process`,
        node,
      );
    else catches.set(key, node);
  }
  for (const node of Object.values(proc.nodes)) {
    if (!isLinkEvent(node, 'intermediateThrowEvent') || !node.event.name) continue;
    const target = catches.get(`${node.parent ?? ''}\u0000${node.event.name}`);
    if (target) node.event.target = target.id;
    else
      sink.add(
        'LINK_INVALID',
        `link throw event "${node.event.name}" has no link catch event of that name in its (sub)process`,
        node,
      );
  }
}

/** The link catch events some throw event leads to. */
export function linkTargets(proc: ExecutableProcess): Set<string> {
  const out = new Set<string>();
  for (const node of Object.values(proc.nodes))
    if (isLinkEvent(node, 'intermediateThrowEvent') && node.event.target) out.add(node.event.target);
  return out;
}

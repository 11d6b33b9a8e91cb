// What comes before an element on the diagram: the steps a case passes first, and so the forms
// it has filled by then (for conditions and field permissions).
import { extensionOf, type BusinessObject, type ModdleObject } from './moddle-edit.js';

interface FlowObject extends BusinessObject {
  incoming?: FlowObject[];
  sourceRef?: FlowObject;
  attachedToRef?: FlowObject;
  flowElements?: FlowObject[];
}

/** The flow nodes a token passes before `start` (a flow: its source and what precedes it; a node: what precedes it). */
export function upstreamNodes(start: BusinessObject): BusinessObject[] {
  const first = start as FlowObject;
  const queue: FlowObject[] =
    first.$type === 'bpmn:SequenceFlow' && first.sourceRef ? [first.sourceRef] : predecessors(first);
  const seen = new Set<FlowObject>();
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (seen.has(node) || node === first) continue;
    seen.add(node);
    queue.push(...predecessors(node));
  }
  return [...seen];
}

function predecessors(node: FlowObject): FlowObject[] {
  const before = (node.incoming ?? []).map((flow) => flow.sourceRef).filter((n): n is FlowObject => !!n);
  if (node.attachedToRef) before.push(node.attachedToRef);
  // A node inside a subprocess follows whatever precedes the subprocess.
  const parent = node.$parent as FlowObject | undefined;
  if (parent?.$type === 'bpmn:SubProcess' && before.length === 0) before.push(parent);
  return before;
}

export function formIdOf(node: ModdleObject): string | undefined {
  const form = extensionOf(node, 'zeebe:FormDefinition');
  const id = form?.formId;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** The forms filled before `element` is reached, nearest first. */
export function upstreamFormIds(element: BusinessObject): string[] {
  return [
    ...new Set(
      upstreamNodes(element)
        .map(formIdOf)
        .filter((id): id is string => !!id),
    ),
  ];
}

/** Every user task of the process that holds `element` (subprocesses included), except `element` itself. */
export function otherUserTasks(element: BusinessObject): BusinessObject[] {
  let root = element as FlowObject;
  while (root.$parent && root.$type !== 'bpmn:Process') root = root.$parent as FlowObject;
  const found: BusinessObject[] = [];
  const visit = (container: FlowObject) => {
    for (const child of container.flowElements ?? []) {
      if (child.$type === 'bpmn:UserTask' && child !== element) found.push(child);
      if (child.flowElements) visit(child);
    }
  };
  visit(root);
  return found;
}

/** The forms of the process that holds `element`: its start events' and its user tasks' (subprocesses included). */
export function processFormIds(element: BusinessObject): string[] {
  let root = element as FlowObject;
  while (root.$parent && root.$type !== 'bpmn:Process') root = root.$parent as FlowObject;
  const found = new Set<string>();
  const visit = (container: FlowObject) => {
    for (const child of container.flowElements ?? []) {
      const formId = formIdOf(child);
      if (formId) found.add(formId);
      if (child.flowElements) visit(child);
    }
  };
  visit(root);
  return [...found];
}

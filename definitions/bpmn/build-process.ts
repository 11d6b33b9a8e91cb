import type { ModdleElement } from 'bpmn-moddle';
import type { ExecutableProcess, FlowNode, SequenceFlow } from '../model/index.js';
import { BPMN_TYPE_TO_KIND, NON_EXECUTABLE_TYPES, buildNode } from './build-node.js';
import { resolveCompensation } from './compensation.js';
import { checkExtensions } from './extension-checks.js';
import { resolveLinks } from './links.js';
import type { ProblemSink } from './problems.js';
import { extension, feelBody, nonEmpty } from './read.js';

/** Turns one `bpmn:Process` into the executable graph (structure only; checks come after). */
export function buildProcess(proc: ModdleElement, sink: ProblemSink, seenIds: Set<string>): ExecutableProcess {
  const out: ExecutableProcess = {
    id: proc.id!,
    startEvents: [],
    eventSubProcesses: [],
    nodes: {},
    flows: {},
    formIds: [],
    decisionIds: [],
    calledProcessIds: [],
  };
  const name = nonEmpty(proc.name);
  if (name) out.name = name;
  checkExtensions(proc, sink);
  if (extension(proc, 'zeebe:ExecutionListeners'))
    sink.add(
      'LISTENER_INVALID',
      'execution listeners on the process itself are not run by civicflow; put them on its start or end events',
      proc,
    );
  const rawFlows: ModdleElement[] = [];
  collect(proc.flowElements ?? [], null, out, rawFlows, sink, seenIds);
  for (const f of rawFlows) addFlow(f, out, sink);
  attachBoundaryEvents(out, sink);
  resolveCompensation(proc, out, sink);
  resolveLinks(out, sink);
  for (const node of Object.values(out.nodes)) collectReferences(node, out);
  return out;
}

function collect(
  elements: ModdleElement[],
  parent: string | null,
  out: ExecutableProcess,
  rawFlows: ModdleElement[],
  sink: ProblemSink,
  seenIds: Set<string>,
): void {
  for (const el of elements) {
    if (!el.id) {
      sink.add('ID_MISSING', `a ${el.$type} has no id`);
      continue;
    }
    if (seenIds.has(el.id)) {
      sink.add('DUPLICATE_ID', `id is used more than once`, el);
      continue;
    }
    seenIds.add(el.id);
    checkExtensions(el, sink);
    if (el.$type === 'bpmn:SequenceFlow') {
      rawFlows.push(el);
      continue;
    }
    if (NON_EXECUTABLE_TYPES.has(el.$type)) continue;
    const kind = BPMN_TYPE_TO_KIND[el.$type];
    if (!kind) {
      sink.add('UNSUPPORTED_ELEMENT', `${el.$type.replace('bpmn:', '')} is not supported by civicflow`, el);
      continue;
    }
    const node = buildNode(el, kind, parent, sink);
    out.nodes[node.id] = node;
    registerInScope(node, out);
    if (node.kind === 'subProcess') collect(el.flowElements ?? [], node.id, out, rawFlows, sink, seenIds);
  }
  for (const el of elements) {
    for (const artifact of el.artifacts ?? []) seenIds.add(artifact.id);
  }
}

function registerInScope(node: FlowNode, out: ExecutableProcess): void {
  const host = node.parent === null ? out : out.nodes[node.parent];
  if (!host || ('kind' in host && host.kind !== 'subProcess')) return;
  const scope = host as { startEvents: string[]; eventSubProcesses: string[] };
  if (node.kind === 'startEvent') scope.startEvents.push(node.id);
  if (node.kind === 'subProcess' && node.triggeredByEvent) scope.eventSubProcesses.push(node.id);
}

function addFlow(el: ModdleElement, out: ExecutableProcess, sink: ProblemSink): void {
  const source = el.sourceRef?.id as string | undefined;
  const target = el.targetRef?.id as string | undefined;
  // Already reported: an end that was not built because it is unsupported, or a reference the parser could not resolve.
  const dropped = (id: string | undefined) => id !== undefined && !out.nodes[id] && sink.has('UNSUPPORTED_ELEMENT', id);
  if (dropped(source) && target !== undefined) sink.entered.add(target);
  if (dropped(source) || dropped(target) || sink.has('REFERENCE_MISSING', el.id!)) return;
  if (!source || !out.nodes[source]) {
    sink.add('REFERENCE_MISSING', `sequence flow starts at a missing node${source ? ` <${source}>` : ''}`, el);
    return;
  }
  if (!target || !out.nodes[target]) {
    sink.add('REFERENCE_MISSING', `sequence flow ends at a missing node${target ? ` <${target}>` : ''}`, el);
    return;
  }
  const flow: SequenceFlow = { id: el.id!, source, target };
  const name = nonEmpty(el.name);
  if (name) flow.name = name;
  const condition = feelBody(el.conditionExpression);
  if (condition) flow.condition = condition;
  out.flows[flow.id] = flow;
  out.nodes[source]!.outgoing.push(flow.id);
  out.nodes[target]!.incoming.push(flow.id);
}

function attachBoundaryEvents(out: ExecutableProcess, sink: ProblemSink): void {
  for (const node of Object.values(out.nodes)) {
    if (node.kind !== 'boundaryEvent' || !node.attachedTo) continue;
    const host = out.nodes[node.attachedTo];
    if (!host) {
      sink.add('REFERENCE_MISSING', `boundary event is attached to a missing activity <${node.attachedTo}>`, node);
      continue;
    }
    (host.boundaryEvents ??= []).push(node.id);
  }
}

function collectReferences(node: FlowNode, out: ExecutableProcess): void {
  const addOnce = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  if (node.kind === 'userTask' && node.task.formId) addOnce(out.formIds, node.task.formId);
  if (node.kind === 'businessRuleTask' && node.decisionId && 'static' in node.decisionId)
    addOnce(out.decisionIds, node.decisionId.static);
  if (node.kind === 'callActivity' && 'static' in node.processId && node.processId.static)
    addOnce(out.calledProcessIds, node.processId.static);
}

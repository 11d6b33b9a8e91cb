import type { ExecutableProcess, FlowNode, SubProcessNode, UserTaskNode } from '../model/index.js';
import { isLinkEvent, linkTargets } from './links.js';
import type { ProblemSink } from './problems.js';

const ACTIVITY_KINDS = new Set([
  'userTask',
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'scriptTask',
  'receiveTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);
const CONDITIONAL_SOURCES = new Set(['exclusiveGateway', 'inclusiveGateway']);

export function isActivity(node: FlowNode): boolean {
  return ACTIVITY_KINDS.has(node.kind);
}

/** Structural rules of a process graph; each violation names its element. */
export function checkStructure(proc: ExecutableProcess, sink: ProblemSink): void {
  checkScopeStarts(proc, sink);
  const linked = linkTargets(proc);
  for (const node of Object.values(proc.nodes)) {
    checkNode(node, proc, sink, linked);
  }
  for (const flow of Object.values(proc.flows)) {
    const source = proc.nodes[flow.source]!;
    if (flow.condition && !CONDITIONAL_SOURCES.has(source.kind)) {
      sink.add(
        'CONDITION_MISPLACED',
        `has a condition but starts at ${source.kind} <${source.id}>; conditions belong on flows leaving exclusive or inclusive gateways`,
        { id: flow.id, $type: 'bpmn:SequenceFlow' },
      );
    }
    const target = proc.nodes[flow.target]!;
    if (source.parent !== target.parent) {
      sink.add(
        'FLOW_CROSSES_SCOPE',
        `connects <${source.id}> and <${target.id}>, which are in different (sub)processes`,
        { id: flow.id, $type: 'bpmn:SequenceFlow' },
      );
    }
  }
  checkReachability(proc, sink);
}

function checkScopeStarts(proc: ExecutableProcess, sink: ProblemSink): void {
  const processStarts = proc.startEvents.map((id) => proc.nodes[id]!);
  const process = { id: proc.id, $type: 'bpmn:Process' };
  if (processStarts.length === 0) sink.add('START_MISSING', 'process has no start event', process);
  if (processStarts.filter((s) => s.kind === 'startEvent' && s.event.type === 'none').length > 1) {
    sink.add('START_INVALID', 'process has more than one none start event', process);
  }
  for (const s of processStarts) {
    if (s.kind === 'startEvent' && !['none', 'message', 'timer', 'signal'].includes(s.event.type)) {
      sink.add(
        'START_INVALID',
        `a process start event cannot be ${s.event.type === 'error' || s.event.type === 'escalation' ? 'an' : 'a'} ${s.event.type} event (only none, message, timer or signal)`,
        s,
      );
    }
  }
  for (const node of Object.values(proc.nodes)) {
    if (node.kind !== 'subProcess') continue;
    const starts = node.startEvents.map((id) => proc.nodes[id]!);
    if (node.triggeredByEvent) checkEventSubProcess(node, starts, sink);
    else if (node.adHoc) checkAdHoc(node, proc, sink);
    else if (starts.length !== 1 || starts[0]!.kind !== 'startEvent' || starts[0]!.event.type !== 'none') {
      sink.add('START_INVALID', 'embedded subprocess needs exactly one none start event', node);
    }
  }
}

/** Zeebe's constraints: at least one activity, no start or end events; civicflow runs it once (not multi-instance). */
function checkAdHoc(node: SubProcessNode, proc: ExecutableProcess, sink: ProblemSink): void {
  const inner = Object.values(proc.nodes).filter((n) => n.parent === node.id);
  if (!inner.some(isActivity)) sink.add('START_INVALID', 'an ad-hoc subprocess needs at least one activity', node);
  for (const n of inner) {
    if (n.kind === 'startEvent' || n.kind === 'endEvent')
      sink.add(
        'START_INVALID',
        `an ad-hoc subprocess cannot contain ${n.kind === 'startEvent' ? 'start' : 'end'} events`,
        n,
      );
  }
  if (node.multiInstance)
    sink.add('UNSUPPORTED_ELEMENT', 'a multi-instance ad-hoc subprocess is not supported by civicflow', node);
}

/** Inner elements of an ad-hoc subprocess that can be activated: those no sequence flow leads to. */
export function adHocActivatable(proc: ExecutableProcess, adHocId: string): FlowNode[] {
  return Object.values(proc.nodes).filter(
    (n) =>
      n.parent === adHocId &&
      n.incoming.length === 0 &&
      n.kind !== 'boundaryEvent' &&
      !n.forCompensation &&
      !(n.kind === 'subProcess' && n.triggeredByEvent),
  );
}

function checkEventSubProcess(node: SubProcessNode, starts: FlowNode[], sink: ProblemSink): void {
  const start = starts[0];
  if (start?.kind === 'startEvent' && start.event.type === 'compensate') {
    sink.add('UNSUPPORTED_ELEMENT', 'a compensation event subprocess is not supported by civicflow', node);
    return;
  }
  // A start event already refused as unsupported (e.g. conditional) is reported once, not again as missing.
  const refused = starts.length === 1 && !!start && sink.has('UNSUPPORTED_ELEMENT', start.id);
  if (!refused && (starts.length !== 1 || start?.kind !== 'startEvent' || start.event.type === 'none')) {
    sink.add(
      'START_INVALID',
      'event subprocess needs exactly one timer, message, signal, error or escalation start event',
      node,
    );
  } else if (start?.kind === 'startEvent' && start.event.type === 'error' && !start.interrupting) {
    sink.add('START_INVALID', 'an error start event must interrupt', start);
  }
  if (node.incoming.length > 0 || node.outgoing.length > 0) {
    sink.add('FLOW_INVALID', 'event subprocess cannot have incoming or outgoing sequence flows', node);
  }
}

function checkNode(node: FlowNode, proc: ExecutableProcess, sink: ProblemSink, linked: Set<string>): void {
  if ((node.kind === 'startEvent' || node.kind === 'boundaryEvent') && node.incoming.length > 0) {
    sink.add('FLOW_INVALID', `${node.kind} cannot have incoming sequence flows`, node);
  }
  if (node.kind === 'endEvent' && node.outgoing.length > 0)
    sink.add('FLOW_INVALID', 'end event cannot have outgoing sequence flows', node);
  if (node.kind === 'boundaryEvent') {
    const host = proc.nodes[node.attachedTo];
    if (host && !isActivity(host))
      sink.add('EVENT_INVALID', `is attached to <${host.id}>, which is not an activity`, node);
    if (host && host.parent !== node.parent)
      sink.add('EVENT_INVALID', 'is not in the same (sub)process as its activity', node);
    if (node.outgoing.length === 0 && node.event.type !== 'compensate' && !sink.has('UNSUPPORTED_ELEMENT', node.id))
      sink.add('FLOW_INVALID', 'boundary event has no outgoing sequence flow', node);
  }
  if (
    (node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent') &&
    node.event.type === 'error' &&
    !node.event.errorCode
  ) {
    sink.add('EVENT_INVALID', 'error end event has no error code', node);
  }
  if (
    (node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent') &&
    node.event.type === 'escalation' &&
    !node.event.escalationCode
  ) {
    sink.add('EVENT_INVALID', 'escalation event has no escalation code', node);
  }
  if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') checkConditionalGateway(node, proc, sink);
  if (node.kind === 'eventBasedGateway') checkEventGateway(node, proc, sink);
  if (isLinkEvent(node, 'intermediateThrowEvent') && node.outgoing.length > 0) {
    sink.add(
      'FLOW_INVALID',
      'a link throw event cannot have outgoing sequence flows (the process goes on at its link catch event)',
      node,
    );
  }
  if (node.kind === 'userTask') checkTaskOperationTargets(node, proc, sink);
  const parent = node.parent === null ? undefined : proc.nodes[node.parent];
  const startsByItself =
    node.forCompensation === true ||
    (parent?.kind === 'subProcess' && parent.adHoc !== undefined) ||
    node.kind === 'startEvent' ||
    node.kind === 'boundaryEvent' ||
    (node.kind === 'subProcess' && node.triggeredByEvent);
  // An element refused as unsupported is reported once, not again for what follows from it.
  const reported = sink.has('UNSUPPORTED_ELEMENT', node.id) || sink.has('LINK_INVALID', node.id);
  if (isLinkEvent(node, 'intermediateCatchEvent')) {
    if (!linked.has(node.id) && node.incoming.length === 0 && !reported) {
      sink.add(
        'UNREACHABLE',
        `no link throw event leads to link catch event "${node.event.name}", so it can never run`,
        node,
      );
    }
  } else if (!startsByItself && node.incoming.length === 0 && !sink.entered.has(node.id) && !reported) {
    sink.add('UNREACHABLE', `${node.kind} has no incoming sequence flow, so it can never run`, node);
  }
}

function checkConditionalGateway(
  node: FlowNode & { defaultFlow?: string },
  proc: ExecutableProcess,
  sink: ProblemSink,
): void {
  if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) {
    sink.add('DEFAULT_FLOW_INVALID', `default flow <${node.defaultFlow}> does not leave this gateway`, node);
  }
  if (node.outgoing.length < 2) return;
  for (const flowId of node.outgoing) {
    const flow = proc.flows[flowId]!;
    if (!flow.condition && flowId !== node.defaultFlow) {
      sink.add('CONDITION_MISSING', `outgoing flow <${flowId}> has no condition and is not the default flow`, node);
    }
  }
}

function checkEventGateway(node: FlowNode, proc: ExecutableProcess, sink: ProblemSink): void {
  if (node.outgoing.length < 2)
    sink.add('GATEWAY_INVALID', 'event-based gateway needs at least two outgoing flows', node);
  for (const flowId of node.outgoing) {
    const target = proc.nodes[proc.flows[flowId]!.target]!;
    const catches =
      (target.kind === 'intermediateCatchEvent' &&
        (target.event.type === 'timer' || target.event.type === 'message' || target.event.type === 'signal')) ||
      target.kind === 'receiveTask';
    if (!catches)
      sink.add(
        'GATEWAY_INVALID',
        `event-based gateway leads to <${target.id}>, which is not a timer, message or signal catch event or receive task`,
        node,
      );
    else if (target.incoming.length > 1)
      sink.add('GATEWAY_INVALID', `<${target.id}> after an event-based gateway may have only one incoming flow`, node);
  }
}

/** 退回 targets and the 退单 step a user task names must be user tasks of the same process. */
function checkTaskOperationTargets(node: UserTaskNode, proc: ExecutableProcess, sink: ProblemSink): void {
  const ops = node.task.operations;
  if (!ops) return;
  const targets = [
    ...ops.returnTargets.map((id) => ['returnTargets', id] as const),
    ...(ops.refuseTo ? [['refuseTo', ops.refuseTo] as const] : []),
  ];
  for (const [attribute, target] of targets) {
    if (proc.nodes[target]?.kind === 'userTask') continue;
    const what = proc.nodes[target]
      ? `<${target}>, which is not a user task`
      : `<${target}>, which is not a step of this process`;
    sink.add('TASK_OPERATION_TARGET_UNKNOWN', `civic:taskOperations ${attribute} names ${what}`, node, {
      step: node.name ?? node.id,
      target,
      attribute,
    });
  }
}

/** Every node must be reachable from a start event of its scope (or via a boundary event). */
function checkReachability(proc: ExecutableProcess, sink: ProblemSink): void {
  const reached = new Set<string>();
  // An element already reported (unsupported, or a link catch no throw leads to) is traced
  // from, so what follows it is not reported again.
  const reported = Object.values(proc.nodes).filter(
    (n) =>
      sink.has('UNSUPPORTED_ELEMENT', n.id) ||
      (isLinkEvent(n, 'intermediateCatchEvent') && (sink.has('UNREACHABLE', n.id) || sink.has('LINK_INVALID', n.id))),
  );
  const queue: string[] = [
    ...proc.startEvents,
    ...proc.eventSubProcesses,
    ...sink.entered,
    ...reported.map((n) => n.id),
  ];
  const visit = (id: string) => {
    if (!reached.has(id)) {
      reached.add(id);
      queue.push(id);
    }
  };
  for (const id of queue) reached.add(id);
  while (queue.length > 0) {
    const node = proc.nodes[queue.shift()!];
    if (!node) continue;
    for (const flowId of node.outgoing) visit(proc.flows[flowId]!.target);
    if (isLinkEvent(node, 'intermediateThrowEvent') && node.event.target) visit(node.event.target);
    for (const b of node.boundaryEvents ?? []) visit(b);
    if (node.kind === 'boundaryEvent' && node.handler) visit(node.handler);
    if (node.kind === 'subProcess') [...node.startEvents, ...node.eventSubProcesses].forEach(visit);
    if (node.kind === 'subProcess' && node.adHoc) for (const n of adHocActivatable(proc, node.id)) visit(n.id);
  }
  for (const node of Object.values(proc.nodes)) {
    if (
      !reached.has(node.id) &&
      (node.incoming.length > 0 || isLinkEvent(node, 'intermediateCatchEvent')) &&
      !sink.has('UNREACHABLE', node.id)
    ) {
      sink.add('UNREACHABLE', `${node.kind} cannot be reached from any start event`, node);
    }
  }
}

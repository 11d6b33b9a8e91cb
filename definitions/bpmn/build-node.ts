import type { ModdleElement } from 'bpmn-moddle';
import type {
  AdHocSpec,
  EventDefinition,
  FlowNode,
  JobSpec,
  NodeBase,
  NodeKind,
  SubProcessNode,
} from '../model/index.js';
import { readExecutionListeners, readIoMapping, readJob, readMultiInstance, readUserTask } from './activity-specs.js';
import { readEventDefinition, readMessage } from './event-definition.js';
import type { ProblemSink } from './problems.js';
import { extension, feelBody, nonEmpty, optionalExpr } from './read.js';

export const BPMN_TYPE_TO_KIND: Record<string, NodeKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:Task': 'task',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:AdHocSubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
};

/** Elements that carry no behaviour (documentation and data); accepted and not executed. */
export const NON_EXECUTABLE_TYPES = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

const ALLOWED_EVENTS: Partial<Record<NodeKind, EventDefinition['type'][]>> = {
  endEvent: ['none', 'terminate', 'error', 'escalation', 'message', 'signal', 'compensate'],
  intermediateCatchEvent: ['timer', 'message', 'link', 'signal'],
  intermediateThrowEvent: ['none', 'message', 'escalation', 'link', 'signal', 'compensate'],
  boundaryEvent: ['timer', 'message', 'error', 'escalation', 'signal', 'compensate'],
};

type Builder = (el: ModdleElement, base: NodeBase, sink: ProblemSink) => FlowNode;

const BUILDERS: Record<NodeKind, Builder> = {
  startEvent: (el, base, sink) => ({
    ...base,
    kind: 'startEvent',
    event: readEventDefinition(el, sink),
    interrupting: el.isInterrupting !== false,
  }),
  endEvent: (el, base, sink) => withJob(el, { ...base, kind: 'endEvent', event: event(el, base, sink) }),
  intermediateCatchEvent: (el, base, sink) => ({
    ...base,
    kind: 'intermediateCatchEvent',
    event: event(el, base, sink),
  }),
  intermediateThrowEvent: (el, base, sink) =>
    withJob(el, { ...base, kind: 'intermediateThrowEvent', event: event(el, base, sink) }),
  boundaryEvent: (el, base, sink) => {
    const attachedTo = el.attachedToRef?.id;
    if (!attachedTo && !sink.has('REFERENCE_MISSING', el.id!))
      sink.add('REFERENCE_MISSING', 'boundary event is attached to no activity', el);
    const ev = event(el, base, sink);
    const cancelActivity = el.cancelActivity !== false;
    if (ev.type === 'error' && !cancelActivity)
      sink.add('EVENT_INVALID', 'an error boundary event must interrupt its activity', el);
    return { ...base, kind: 'boundaryEvent', attachedTo: attachedTo ?? '', cancelActivity, event: ev };
  },
  userTask: (el, base, sink) => ({ ...base, kind: 'userTask', task: readUserTask(el, sink) }),
  serviceTask: (el, base, sink) => {
    const job = readJob(el);
    if (!job) sink.add('JOB_TYPE_MISSING', 'service task has no task definition type', el);
    return {
      ...base,
      kind: 'serviceTask',
      job: job ?? { type: { static: '' }, retries: { static: '3' }, headers: {} },
    };
  },
  sendTask: (el, base, sink) => {
    const node = withJob(el, { ...base, kind: 'sendTask' as const });
    if (!node.job) {
      if (el.messageRef) return { ...node, message: readMessage(el, el.messageRef, sink) };
      sink.add('JOB_TYPE_MISSING', 'send task has neither a task definition type nor a message', el);
    }
    return node;
  },
  businessRuleTask: (el, base, sink) => {
    const node = withJob(el, { ...base, kind: 'businessRuleTask' as const });
    const called = extension(el, 'zeebe:CalledDecision');
    const decisionId = optionalExpr(called?.decisionId);
    const resultVariable = nonEmpty(called?.resultVariable);
    if (decisionId) {
      if (!resultVariable) sink.add('DECISION_INVALID', 'business rule task has no result variable', el);
      return { ...node, decisionId, ...(resultVariable ? { resultVariable } : {}) };
    }
    if (!node.job)
      sink.add('DECISION_MISSING', 'business rule task calls no decision and has no task definition type', el);
    return node;
  },
  scriptTask: (el, base, sink) => {
    const node = withJob(el, { ...base, kind: 'scriptTask' as const });
    const script = extension(el, 'zeebe:Script');
    const expression = optionalExpr(script?.expression);
    const resultVariable = nonEmpty(script?.resultVariable);
    if (expression) {
      if (!('feel' in expression)) sink.add('SCRIPT_INVALID', 'script expression must be FEEL (start it with "=")', el);
      if (!resultVariable) sink.add('SCRIPT_INVALID', 'script task has no result variable', el);
      return { ...node, expression, ...(resultVariable ? { resultVariable } : {}) };
    }
    if (!node.job)
      sink.add('SCRIPT_INVALID', 'script task has neither a FEEL expression nor a task definition type', el);
    return node;
  },
  receiveTask: (el, base, sink) => ({ ...base, kind: 'receiveTask', message: readMessage(el, el.messageRef, sink) }),
  manualTask: (_el, base) => ({ ...base, kind: 'manualTask' }),
  task: (_el, base) => ({ ...base, kind: 'task' }),
  subProcess: (el, base) => {
    const node: SubProcessNode = {
      ...base,
      kind: 'subProcess',
      triggeredByEvent: el.triggeredByEvent === true,
      startEvents: [],
      eventSubProcesses: [],
    };
    return el.$type === 'bpmn:AdHocSubProcess' ? withJob(el, { ...node, adHoc: readAdHoc(el) }) : node;
  },
  callActivity: (el, base, sink) => {
    const called = extension(el, 'zeebe:CalledElement');
    const processId = optionalExpr(called?.processId) ?? optionalExpr(called?.processIdExpression);
    if (!processId) sink.add('CALLED_PROCESS_MISSING', 'call activity names no process id', el);
    return {
      ...base,
      kind: 'callActivity',
      processId: processId ?? { static: '' },
      propagateAllChildVariables: called?.propagateAllChildVariables !== false,
      propagateAllParentVariables: called?.propagateAllParentVariables !== false,
    };
  },
  exclusiveGateway: (el, base) => withDefault(el, { ...base, kind: 'exclusiveGateway' as const }),
  parallelGateway: (_el, base) => ({ ...base, kind: 'parallelGateway' }),
  inclusiveGateway: (el, base) => withDefault(el, { ...base, kind: 'inclusiveGateway' as const }),
  eventBasedGateway: (_el, base) => ({ ...base, kind: 'eventBasedGateway' }),
};

export function buildNode(el: ModdleElement, kind: NodeKind, parent: string | null, sink: ProblemSink): FlowNode {
  const base: NodeBase = { id: el.id!, kind, parent, incoming: [], outgoing: [] };
  const name = nonEmpty(el.name);
  if (name) base.name = name;
  const io = readIoMapping(el, sink);
  if (io) base.io = io;
  const mi = readMultiInstance(el, sink);
  if (mi) base.multiInstance = mi;
  const listeners = readExecutionListeners(el, sink);
  if (listeners) base.listeners = listeners;
  if (el.isForCompensation === true) base.forCompensation = true;
  const node = BUILDERS[kind](el, base, sink);
  if (listeners) checkListenersFit(el, node, sink);
  return node;
}

/** Where civicflow runs execution listeners: not on boundary events, event-based gateways, event subprocesses or multi-instance activities, and no end listeners where nothing is left by a flow. */
function checkListenersFit(el: ModdleElement, node: FlowNode, sink: ProblemSink): void {
  if (
    node.kind === 'boundaryEvent' ||
    node.kind === 'eventBasedGateway' ||
    node.multiInstance ||
    (node.kind === 'subProcess' && node.triggeredByEvent)
  ) {
    sink.add(
      'LISTENER_INVALID',
      'civicflow runs execution listeners on tasks, embedded subprocesses, call activities, start, intermediate and end events and gateways, not here',
      el,
    );
  } else if (
    node.listeners!.end.length > 0 &&
    node.kind === 'endEvent' &&
    (node.event.type === 'terminate' || node.event.type === 'error')
  ) {
    sink.add(
      'LISTENER_INVALID',
      `a ${node.event.type} end event ends its scope at once; it cannot have end listeners`,
      el,
    );
  }
}

function event(el: ModdleElement, base: NodeBase, sink: ProblemSink): EventDefinition {
  const ev = readEventDefinition(el, sink);
  const allowed = ALLOWED_EVENTS[base.kind];
  if (allowed && !allowed.includes(ev.type) && !sink.has('UNSUPPORTED_ELEMENT', base.id)) {
    sink.add('UNSUPPORTED_ELEMENT', `a ${ev.type} event cannot be used as ${el.$type.replace('bpmn:', '')}`, el);
  }
  return ev;
}

function withJob<T extends FlowNode>(el: ModdleElement, node: T): T & { job?: JobSpec } {
  const job = readJob(el);
  return job ? { ...node, job } : node;
}

function withDefault<T extends FlowNode>(el: ModdleElement, node: T): T {
  const defaultFlow = el.default?.id as string | undefined;
  return defaultFlow ? { ...node, defaultFlow } : node;
}

function readAdHoc(el: ModdleElement): AdHocSpec {
  const ext = extension(el, 'zeebe:AdHoc');
  const spec: AdHocSpec = { cancelRemainingInstances: el.cancelRemainingInstances !== false };
  const activeElements = optionalExpr(ext?.activeElementsCollection);
  if (activeElements) spec.activeElements = activeElements;
  const completionCondition = feelBody(el.completionCondition);
  if (completionCondition) spec.completionCondition = completionCondition;
  const outputCollection = nonEmpty(ext?.outputCollection);
  if (outputCollection) spec.outputCollection = outputCollection;
  const outputElement = optionalExpr(ext?.outputElement);
  if (outputElement) spec.outputElement = outputElement;
  return spec;
}

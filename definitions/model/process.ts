import type { Expr } from './expression.js';

/** Every node kind the compiler emits; the engine has exactly one behaviour per kind. */
export const NODE_KINDS = [
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
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
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** What an event waits for or throws. */
export type EventDefinition =
  | { type: 'none' }
  | { type: 'timer'; timer: TimerSpec }
  | { type: 'message'; message: MessageRef }
  | { type: 'error'; errorCode?: string }
  | { type: 'escalation'; escalationCode?: string }
  | { type: 'terminate' }
  /** A link: a throw event goes on at the catch event of the same name in its (sub)process (`target`, set by the compiler). */
  | { type: 'link'; name: string; target?: string }
  /** A signal: broadcast by name to every subscription of the tenant and the tenants below it. */
  | { type: 'signal'; signal: Expr }
  /**
   * Compensation: a throw or end event runs the handlers of the activities completed in its
   * (sub)process, newest first (only `activityRef`'s when set); a boundary event names the
   * handler of its activity (`handler`, from the association).
   */
  | { type: 'compensate'; activityRef?: string };

export type TimerSpec =
  | { kind: 'duration'; value: Expr; businessTime?: BusinessTime }
  | { kind: 'date'; value: Expr }
  | { kind: 'cycle'; value: Expr };

/**
 * civic: a boundary timer whose `civic:deadline duration` counts in working units (`5 workDay`,
 * `2 workHour`, `15日` …) on the business calendar instead of ISO 8601 wall-clock time.
 */
export interface BusinessTime {
  /** The calendar to count on (an ancestor tenant); the tenant's own when absent. */
  calendar?: string;
}

export interface MessageRef {
  name: Expr;
  /** FEEL (or static) expression giving the correlation key; absent for message start events. */
  correlationKey?: Expr;
}

export interface Mapping {
  source: Expr;
  /** Target variable name; dotted paths (`a.b`) write into nested objects. */
  target: string;
}

export interface IoMapping {
  inputs: Mapping[];
  outputs: Mapping[];
}

export interface MultiInstanceSpec {
  sequential: boolean;
  inputCollection: Expr;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expr;
  completionCondition?: Expr;
}

export interface UserTaskSpec {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: Expr;
  formId?: string;
  /** A form outside civicflow (Zeebe `externalReference` or a custom form key): shown as a link; the task completes without a schema. */
  externalFormReference?: string;
  /** civic: working-unit deadline (e.g. `5 workDay` or FEEL returning such text). */
  deadline?: Expr;
  /** civic: when the deadline clock starts. */
  deadlineStart?: 'created' | 'claimed';
  /** civic: warning threshold (e.g. `1 workDay` left, or `80%`). */
  warning?: Expr;
  /** civic: the calendar to count in; the tenant's default when absent. */
  calendar?: string;
  /** civic: task operations allowed on this step. */
  operations?: TaskOperations;
  /**
   * civic: per-field permissions of the step, over its own form and the case's earlier data:
   * hidden fields never reach the step's handler, read-only ones are refused on completion,
   * required ones are added to the form's rules.
   */
  fieldPermissions?: Record<string, FieldAccess>;
}

export type FieldAccess = 'editable' | 'readonly' | 'hidden' | 'required';

export interface TaskOperations {
  /** 退回: the steps this one may be returned to; empty = any earlier user task. */
  returnTargets: string[];
  /** 撤回: whether the completer of this step may take it back. */
  withdraw: boolean;
  transfer: boolean;
  delegate: boolean;
  /** 退单: allowed or not; absent = allowed on a step a routing decision referred the case to. */
  refuse?: boolean;
  /** 退单: the dispatch step a refused case goes back to; absent = the nearest earlier user task. */
  refuseTo?: string;
  /** 加签: whether signers may be added to this countersign while it runs; absent = allowed. */
  addSigners?: boolean;
  /** 减签: whether signers not yet done may be removed; absent = allowed. */
  removeSigners?: boolean;
}

export interface JobSpec {
  type: Expr;
  retries: Expr;
  headers: Record<string, string>;
}

export interface NodeBase {
  id: string;
  kind: NodeKind;
  name?: string;
  /** The enclosing subprocess id, or null at process level. */
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  io?: IoMapping;
  multiInstance?: MultiInstanceSpec;
  /** Boundary events attached to this activity. */
  boundaryEvents?: string[];
  /** Zeebe execution listeners: jobs that must complete before the element runs (start) and before it is left (end). */
  listeners?: ExecutionListeners;
  /** A compensation handler (`isForCompensation`): run only by a compensation throw event, never by a flow. */
  forCompensation?: true;
}

export interface ExecutionListeners {
  start: JobSpec[];
  end: JobSpec[];
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
  event: EventDefinition;
  interrupting: boolean;
}
export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  event: EventDefinition;
  job?: JobSpec;
}
export interface IntermediateCatchEventNode extends NodeBase {
  kind: 'intermediateCatchEvent';
  event: EventDefinition;
}
export interface IntermediateThrowEventNode extends NodeBase {
  kind: 'intermediateThrowEvent';
  event: EventDefinition;
  job?: JobSpec;
}
export interface BoundaryEventNode extends NodeBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  cancelActivity: boolean;
  event: EventDefinition;
  /** A compensation boundary event: the handler its association points to. */
  handler?: string;
}
export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  task: UserTaskSpec;
}
export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  job: JobSpec;
}
export interface SendTaskNode extends NodeBase {
  kind: 'sendTask';
  job?: JobSpec;
  message?: MessageRef;
}
export interface BusinessRuleTaskNode extends NodeBase {
  kind: 'businessRuleTask';
  decisionId?: Expr;
  resultVariable?: string;
  job?: JobSpec;
}
export interface ScriptTaskNode extends NodeBase {
  kind: 'scriptTask';
  expression?: Expr;
  resultVariable?: string;
  job?: JobSpec;
}
export interface ReceiveTaskNode extends NodeBase {
  kind: 'receiveTask';
  message: MessageRef;
}
export interface ManualTaskNode extends NodeBase {
  kind: 'manualTask';
}
export interface PlainTaskNode extends NodeBase {
  kind: 'task';
}
export interface SubProcessNode extends NodeBase {
  kind: 'subProcess';
  triggeredByEvent: boolean;
  /** Start events directly inside: the none start for embedded subprocesses, the trigger for event subprocesses. */
  startEvents: string[];
  /** Event subprocesses directly inside this subprocess. */
  eventSubProcesses: string[];
  /** An ad-hoc subprocess (`bpmn:adHocSubProcess`): inner elements run when activated, not from a start event. */
  adHoc?: AdHocSpec;
  /** Zeebe's job worker implementation of an ad-hoc subprocess: the job's result says what to activate. */
  job?: JobSpec;
}

/** Zeebe's ad-hoc subprocess (`zeebe:adHoc`, `completionCondition`, `cancelRemainingInstances`). */
export interface AdHocSpec {
  /** A list of inner element ids to activate on entry. */
  activeElements?: Expr;
  /** Evaluated after each activated element completes; true completes the subprocess. */
  completionCondition?: Expr;
  /** When the condition holds: terminate the elements still running (true) or wait for them. */
  cancelRemainingInstances: boolean;
  /** A local list each completed activation appends `outputElement` to. */
  outputCollection?: string;
  outputElement?: Expr;
}
export interface CallActivityNode extends NodeBase {
  kind: 'callActivity';
  processId: Expr;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}
export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  defaultFlow?: string;
}
export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}
export interface InclusiveGatewayNode extends NodeBase {
  kind: 'inclusiveGateway';
  defaultFlow?: string;
}
export interface EventBasedGatewayNode extends NodeBase {
  kind: 'eventBasedGateway';
}

export type FlowNode =
  | StartEventNode
  | EndEventNode
  | IntermediateCatchEventNode
  | IntermediateThrowEventNode
  | BoundaryEventNode
  | UserTaskNode
  | ServiceTaskNode
  | SendTaskNode
  | BusinessRuleTaskNode
  | ScriptTaskNode
  | ReceiveTaskNode
  | ManualTaskNode
  | PlainTaskNode
  | SubProcessNode
  | CallActivityNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | InclusiveGatewayNode
  | EventBasedGatewayNode;

export type NodeOfKind<K extends NodeKind> = Extract<FlowNode, { kind: K }>;

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  condition?: Expr;
}

/** A compiled, JSON-serialisable executable process. */
export interface ExecutableProcess {
  id: string;
  name?: string;
  /** Process-level start events (none, message, timer). */
  startEvents: string[];
  /** Event subprocesses at process level. */
  eventSubProcesses: string[];
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /** Form ids referenced by user tasks and start events (resolved by the runtime). */
  formIds: string[];
  /** The form each none start event links (`zeebe:formDefinition`), by start event id: kept for the page that starts a case. */
  startForms?: Record<string, string>;
  /** Decision ids referenced statically by business rule tasks. */
  decisionIds: string[];
  /** Static process ids called by call activities. */
  calledProcessIds: string[];
}

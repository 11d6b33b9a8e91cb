// Which of the library's groups and entries mean something to civicflow's engine (see
// definitions/bpmn: build-node, activity-specs, event-definition, extension-checks): tasks,
// timers, messages, errors, escalations, signals, links, compensation, called elements and
// decisions, multi-instance. Ad-hoc subprocesses (zeebe:adHoc: active elements, completion,
// output collection) are offered as one group (AD_HOC_GROUPS). Execution listeners (start/end
// jobs: type, retries, headers) are offered where the engine runs them (LISTENER_GROUP,
// runsListeners). Anything else (job priorities, binding types, extension properties, an ad-hoc
// subprocess done by a job worker …) would be refused or ignored, so the panel does not offer it.

/** The library's Zeebe execution-listeners group (definitions/bpmn: readExecutionListeners, checkListenersFit). */
export const LISTENER_GROUP = 'Zeebe__ExecutionListeners';

export const ENGINE_GROUPS = new Set([
  'general',
  'documentation',
  'taskDefinition',
  'headers',
  'assignmentDefinition',
  'inputs',
  'outputs',
  'inputPropagation',
  'outputPropagation',
  'timer',
  'message',
  'error',
  'escalation',
  'signal',
  'link',
  'compensation',
  'calledElement',
  'calledDecision',
  'businessRuleImplementation',
  'script',
  'scriptImplementation',
  'multiInstance',
  LISTENER_GROUP,
]);

/**
 * The library's groups of an ad-hoc subprocess (`zeebe:adHoc` activeElementsCollection and
 * outputCollection/outputElement, the BPMN completionCondition and cancelRemainingInstances),
 * which the engine runs (definitions/bpmn/build-node readAdHoc): shown as one group, `adHoc`.
 */
export const AD_HOC_GROUPS = ['activeElements', 'adHocCompletion', 'outputCollection'];

/** Entries of kept groups the engine does not read (version bindings: it always runs the latest). */
export const DROPPED_ENTRIES = new Set(['bindingType', 'versionTag', 'isExecutable']);

/** Entries a civic entry replaces: group id → the library entry id → the civic entry standing for it. */
export const REPLACED_ENTRIES: Record<string, string> = {
  assignmentDefinitionCandidateGroups: 'civicDepartments',
  targetProcessId: 'civicCalledProcess',
  decisionId: 'civicDecision',
};

interface ListenerHost {
  $type: string;
  triggeredByEvent?: boolean;
  loopCharacteristics?: { $type: string };
  eventDefinitions?: Array<{ $type: string }>;
}

/**
 * Whether the engine runs execution listeners on an element (definitions/bpmn/build-node
 * checkListenersFit, build-process): tasks, embedded subprocesses, call activities, start,
 * intermediate and end events and gateways; not the process (or its pool), boundary events,
 * event-based gateways, event subprocesses or multi-instance activities.
 */
export function runsListeners(bo: ListenerHost): boolean {
  if (['bpmn:Process', 'bpmn:Participant', 'bpmn:BoundaryEvent', 'bpmn:EventBasedGateway'].includes(bo.$type)) {
    return false;
  }
  if (bo.$type === 'bpmn:SubProcess' && bo.triggeredByEvent === true) return false;
  return bo.loopCharacteristics?.$type !== 'bpmn:MultiInstanceLoopCharacteristics';
}

/** Listener event types the engine refuses on an element: a terminate end event ends its scope at once (no end listeners). */
export function refusedListenerEvents(bo: ListenerHost): string[] {
  const terminate = bo.eventDefinitions?.some((d) => d.$type === 'bpmn:TerminateEventDefinition');
  return bo.$type === 'bpmn:EndEvent' && terminate ? ['end'] : [];
}

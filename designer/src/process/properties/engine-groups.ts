// Which of the library's groups and entries mean something to civicflow's engine (see
// definitions/bpmn: build-node, activity-specs, event-definition, extension-checks): tasks,
// timers, messages, errors, escalations, signals, links, compensation, called elements and
// decisions, multi-instance. Ad-hoc subprocesses (zeebe:adHoc: active elements, completion,
// output collection) are offered as one group (AD_HOC_GROUPS). Execution listeners run but are
// not (yet) edited here. Anything else (job priorities, binding types, extension properties, an
// ad-hoc subprocess done by a job worker …) would be refused or ignored, so the panel does not offer it.

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

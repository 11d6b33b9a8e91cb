// Which of the library's groups and entries mean something to civicflow's engine (see
// definitions/bpmn: build-node, activity-specs, event-definition, extension-checks). Anything
// else (listeners, ad-hoc subprocesses, signals, links, compensation, job priorities, binding
// types, extension properties …) would be refused or ignored, so the panel does not offer it.

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
  'calledElement',
  'calledDecision',
  'businessRuleImplementation',
  'script',
  'scriptImplementation',
  'multiInstance',
]);

/** Entries of kept groups the engine does not read (version bindings: it always runs the latest). */
export const DROPPED_ENTRIES = new Set(['bindingType', 'versionTag', 'isExecutable']);

/** Entries a civic entry replaces: group id → the library entry id → the civic entry standing for it. */
export const REPLACED_ENTRIES: Record<string, string> = {
  assignmentDefinitionCandidateGroups: 'civicDepartments',
  targetProcessId: 'civicCalledProcess',
  decisionId: 'civicDecision',
};

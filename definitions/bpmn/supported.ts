import { BPMN_TYPE_TO_KIND, NON_EXECUTABLE_TYPES } from './build-node.js';
import { EVENT_DEFINITION_TYPES } from './event-definition.js';

/**
 * What the compiler accepts, for editors that should offer nothing else: the BPMN element types
 * the engine runs, the documentation-only ones it keeps, and the event definitions it executes.
 */
export const SUPPORTED_BPMN = {
  elementTypes: Object.keys(BPMN_TYPE_TO_KIND),
  documentationTypes: [...NON_EXECUTABLE_TYPES],
  eventDefinitionTypes: Object.keys(EVENT_DEFINITION_TYPES),
} as const;

/** Whether an element of `type` with these event definitions would compile (as far as its kind goes). */
export function isSupportedBpmn(type: string, eventDefinitionType?: string): boolean {
  if (NON_EXECUTABLE_TYPES.has(type)) return true;
  if (!(type in BPMN_TYPE_TO_KIND)) return false;
  return eventDefinitionType === undefined || eventDefinitionType in EVENT_DEFINITION_TYPES;
}

import type { ModdleElement } from 'bpmn-moddle';
import type { ProblemSink } from './problems.js';
import { extensions } from './read.js';

/** Zeebe extension elements the compiler reads, or that carry no behaviour (metadata). */
const READ_ZEEBE = new Set([
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:IoMapping',
  'zeebe:LoopCharacteristics',
  'zeebe:CalledElement',
  'zeebe:CalledDecision',
  'zeebe:FormDefinition',
  'zeebe:UserTask',
  'zeebe:AssignmentDefinition',
  'zeebe:PriorityDefinition',
  'zeebe:TaskSchedule',
  'zeebe:Script',
  'zeebe:Subscription',
  'zeebe:Properties',
  'zeebe:VersionTag',
  'zeebe:UserTaskForm',
  'zeebe:JobPriorityDefinition',
  'zeebe:ExecutionListeners',
  'zeebe:AdHoc',
]);

/**
 * Extensions civicflow would otherwise ignore without a word: Zeebe listeners and other
 * behaviour it does not execute, and attributes or elements of foreign vocabularies
 * (e.g. Camunda 7's `camunda:assignee`), which would silently change what the process does.
 */
/**
 * A `camunda:` (Camunda 7) attribute or element left in a file drawn for Camunda 8: Zeebe
 * ignores it, so civicflow does too, with a warning. In any other file it is refused, since it
 * would change what the process does in the engine it was drawn for.
 */
function leftoverCamunda7(name: string, sink: ProblemSink): boolean {
  return sink.camunda8 && name.startsWith('camunda:');
}

export function checkExtensions(el: ModdleElement, sink: ProblemSink): void {
  for (const ext of [...extensions(el), ...(el.loopCharacteristics ? extensions(el.loopCharacteristics) : [])]) {
    const type = String(ext.$type);
    if (type.startsWith('civic:') || READ_ZEEBE.has(type)) continue;
    if (leftoverCamunda7(type, sink)) {
      sink.warn(
        'CAMUNDA7_IGNORED',
        `uses <${type}>, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow`,
        el,
        type,
      );
      continue;
    }
    if (type === 'zeebe:TaskListeners') {
      sink.add('UNSUPPORTED_EXTENSION', taskListenersRefusal(ext), el);
      continue;
    }
    const what = type.startsWith('zeebe:')
      ? 'which civicflow does not execute'
      : 'an extension civicflow does not read';
    sink.add('UNSUPPORTED_EXTENSION', `uses <${type}>, ${what}`, el);
  }
  for (const attr of Object.keys(el.$attrs ?? {})) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:') || /^(bpmn|zeebe|civic):/.test(attr)) continue;
    if (leftoverCamunda7(attr, sink)) {
      sink.warn(
        'CAMUNDA7_IGNORED',
        `has attribute ${attr}, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow`,
        el,
        attr,
      );
      continue;
    }
    sink.add('UNSUPPORTED_EXTENSION', `has attribute ${attr}, an extension civicflow does not read`, el);
  }
}

/**
 * Camunda 8.6+ task listeners run a job on a user task's events (creating, assigning, updating,
 * completing, canceling) that may deny or correct the change; civicflow does not run them, so a
 * process relying on them is refused, each listener named, rather than run without them.
 */
function taskListenersRefusal(ext: ModdleElement): string {
  const listeners: ModdleElement[] = ext.listeners ?? [];
  const named = listeners.map((l) => `${String(l.eventType ?? '?')}: job "${String(l.type ?? '?')}"`).join('; ');
  return `uses <zeebe:TaskListeners>${named ? ` (${named})` : ''}: task listeners are not supported by civicflow yet (Zeebe runs each as a job that can deny or correct the task); remove them, or do their work in a service task after the user task`;
}

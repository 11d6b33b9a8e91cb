import type { ModdleElement } from 'bpmn-moddle';
import type { EventDefinition, MessageRef, TimerSpec } from '../model/index.js';
import type { ProblemSink } from './problems.js';
import { extension, formalBody, nonEmpty, optionalExpr } from './read.js';

export const EVENT_DEFINITION_TYPES: Record<string, EventDefinition['type']> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:CompensateEventDefinition': 'compensate',
};

/** Reads an event's single event definition; reports kinds the engine cannot run. */
export function readEventDefinition(el: ModdleElement, sink: ProblemSink): EventDefinition {
  const defs: ModdleElement[] = el.eventDefinitions ?? [];
  if (defs.length === 0) return { type: 'none' };
  if (defs.length > 1) {
    sink.add('UNSUPPORTED_ELEMENT', 'has several event definitions (multiple events are not supported)', el);
    return { type: 'none' };
  }
  const def = defs[0]!;
  const type = EVENT_DEFINITION_TYPES[def.$type];
  switch (type) {
    case 'timer':
      return { type, timer: readTimer(el, def, sink) };
    case 'message':
      return { type, message: readMessage(el, def.messageRef, sink) };
    case 'error':
      return withOptional({ type }, 'errorCode', nonEmpty(def.errorRef?.errorCode));
    case 'escalation':
      return withOptional({ type }, 'escalationCode', nonEmpty(def.escalationRef?.escalationCode));
    case 'terminate':
      return { type };
    case 'link': {
      const name = nonEmpty(def.name);
      if (!name)
        sink.add('LINK_INVALID', 'link event has no name (a throw goes on at the catch event of the same name)', el);
      return { type, name: name ?? '' };
    }
    case 'signal': {
      const name = optionalExpr(def.signalRef?.name);
      if (!name && !sink.has('REFERENCE_MISSING', el.id!))
        sink.add('SIGNAL_MISSING', 'refers to no signal with a name', el);
      return { type, signal: name ?? { static: '' } };
    }
    case 'compensate':
      return withOptional({ type }, 'activityRef', nonEmpty(def.activityRef?.id));
    default:
      if (def.$type === 'bpmn:ConditionalEventDefinition') {
        // Camunda 8.9 runs conditional events (re-evaluated as the variables they read change); civicflow does not yet.
        const condition = formalBody(def.condition)?.trim();
        sink.add(
          'UNSUPPORTED_ELEMENT',
          `uses ConditionalEventDefinition${condition ? ` (condition ${condition})` : ''}: conditional events, which Camunda 8.9 runs, are not supported by civicflow yet; publish a message when the condition holds and use a message event instead`,
          el,
        );
        return { type: 'none' };
      }
      sink.add('UNSUPPORTED_ELEMENT', `uses ${def.$type.replace('bpmn:', '')}, which civicflow does not execute`, el);
      return { type: 'none' };
  }
}

function withOptional<T extends object, K extends string>(obj: T, key: K, value: string | undefined): T {
  if (value !== undefined) (obj as Record<string, unknown>)[key] = value;
  return obj;
}

function readTimer(el: ModdleElement, def: ModdleElement, sink: ProblemSink): TimerSpec {
  // civic:deadline on a boundary timer: a duration in working units on the business calendar.
  // A timeDuration beside it is ignored (it is what other engines would run).
  const civic = el.$type === 'bpmn:BoundaryEvent' ? extension(el, 'civic:Deadline') : undefined;
  const working = optionalExpr(civic?.duration);
  if (working) {
    if (nonEmpty(def.timeDate?.body) || nonEmpty(def.timeCycle?.body)) {
      sink.add(
        'TIMER_INVALID',
        'civic:deadline gives the timer a duration in working units; it cannot have a time date or time cycle too',
        el,
      );
    }
    const calendar = nonEmpty(civic?.calendar);
    return { kind: 'duration', value: working, businessTime: calendar ? { calendar } : {} };
  }
  const candidates: Array<[TimerSpec['kind'], ModdleElement | undefined]> = [
    ['duration', def.timeDuration],
    ['date', def.timeDate],
    ['cycle', def.timeCycle],
  ];
  const present = candidates.filter(([, v]) => typeof v?.body === 'string' && v.body.trim() !== '');
  if (present.length !== 1) {
    sink.add('TIMER_INVALID', 'timer needs exactly one of time duration, time date or time cycle', el);
    return { kind: 'duration', value: { static: 'PT0S' } };
  }
  const [kind, value] = present[0]!;
  return { kind, value: optionalExpr(value!.body)! };
}

export function readMessage(el: ModdleElement, message: ModdleElement | undefined, sink: ProblemSink): MessageRef {
  const name = optionalExpr(message?.name);
  if (!name) {
    if (!sink.has('REFERENCE_MISSING', el.id!)) sink.add('MESSAGE_MISSING', 'refers to no message with a name', el);
    return { name: { static: '' } };
  }
  const ref: MessageRef = { name };
  const key = optionalExpr(extension(message!, 'zeebe:Subscription')?.correlationKey);
  if (key) ref.correlationKey = key;
  return ref;
}

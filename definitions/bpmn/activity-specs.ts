import type { ModdleElement } from 'bpmn-moddle';
import type {
  ExecutionListeners,
  FieldAccess,
  IoMapping,
  JobSpec,
  Mapping,
  MultiInstanceSpec,
  TaskOperations,
  UserTaskSpec,
} from '../model/index.js';
import type { ProblemSink } from './problems.js';
import { EMBEDDED_FORM_KEY_PREFIX, embeddedFormId, processIdOf } from './embedded-forms.js';
import { extension, feelBody, nonEmpty, optionalExpr } from './read.js';

export function readJob(el: ModdleElement): JobSpec | undefined {
  const def = extension(el, 'zeebe:TaskDefinition');
  const type = optionalExpr(def?.type);
  if (!type) return undefined;
  const headers: Record<string, string> = {};
  for (const h of extension(el, 'zeebe:TaskHeaders')?.values ?? []) {
    if (typeof h.key === 'string') headers[h.key] = String(h.value ?? '');
  }
  return { type, retries: optionalExpr(def?.retries) ?? { static: '3' }, headers };
}

/** `zeebe:executionListeners`: start and end listeners, each a job of its type, in the order drawn. */
export function readExecutionListeners(el: ModdleElement, sink: ProblemSink): ExecutionListeners | undefined {
  const listeners: ModdleElement[] = extension(el, 'zeebe:ExecutionListeners')?.listeners ?? [];
  if (listeners.length === 0) return undefined;
  const out: ExecutionListeners = { start: [], end: [] };
  for (const l of listeners) {
    const type = optionalExpr(l.type);
    const eventType: unknown = l.eventType ?? 'start';
    if (eventType !== 'start' && eventType !== 'end') {
      sink.add(
        'LISTENER_INVALID',
        `execution listener has event type "${String(eventType)}"; only start and end listeners run`,
        el,
      );
      continue;
    }
    if (!type) {
      sink.add('LISTENER_INVALID', `${eventType} execution listener has no job type`, el);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const h of l.headers?.values ?? []) if (typeof h.key === 'string') headers[h.key] = String(h.value ?? '');
    out[eventType].push({ type, retries: optionalExpr(l.retries) ?? { static: '3' }, headers });
  }
  return out;
}

export function readIoMapping(el: ModdleElement, sink: ProblemSink): IoMapping | undefined {
  const io = extension(el, 'zeebe:IoMapping');
  if (!io) return undefined;
  const read = (params: ModdleElement[] | undefined, what: string): Mapping[] =>
    (params ?? []).flatMap((p) => {
      const target = nonEmpty(p.target);
      if (!target) {
        sink.add('MAPPING_INVALID', `has an ${what} mapping without a target variable`, el);
        return [];
      }
      return [{ source: optionalExpr(p.source) ?? { feel: 'null' }, target }];
    });
  return { inputs: read(io.inputParameters, 'input'), outputs: read(io.outputParameters, 'output') };
}

export function readMultiInstance(el: ModdleElement, sink: ProblemSink): MultiInstanceSpec | undefined {
  const loop = el.loopCharacteristics;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    sink.add('UNSUPPORTED_ELEMENT', 'uses standard loop characteristics; use multi-instance instead', el);
    return undefined;
  }
  const z = extension(loop, 'zeebe:LoopCharacteristics');
  const inputCollection = optionalExpr(z?.inputCollection);
  if (!inputCollection) {
    sink.add('MULTI_INSTANCE_INVALID', 'multi-instance has no input collection', el);
    return undefined;
  }
  const spec: MultiInstanceSpec = { sequential: loop.isSequential === true, inputCollection };
  const inputElement = nonEmpty(z?.inputElement);
  const outputCollection = nonEmpty(z?.outputCollection);
  const outputElement = optionalExpr(z?.outputElement);
  const completionCondition = feelBody(loop.completionCondition);
  if (inputElement) spec.inputElement = inputElement;
  if (outputCollection) spec.outputCollection = outputCollection;
  if (outputElement) spec.outputElement = outputElement;
  if (completionCondition) spec.completionCondition = completionCondition;
  if (outputCollection && !outputElement) {
    sink.add('MULTI_INSTANCE_INVALID', 'multi-instance has an output collection but no output element', el);
  }
  return spec;
}

const ACCESS = new Set(['editable', 'readonly', 'hidden', 'required']);

export function readUserTask(el: ModdleElement, sink: ProblemSink): UserTaskSpec {
  const spec: UserTaskSpec = {};
  const assignment = extension(el, 'zeebe:AssignmentDefinition');
  const schedule = extension(el, 'zeebe:TaskSchedule');
  const set = <K extends keyof UserTaskSpec>(key: K, value: UserTaskSpec[K] | undefined) => {
    if (value !== undefined) spec[key] = value;
  };
  set('assignee', optionalExpr(assignment?.assignee));
  set('candidateGroups', optionalExpr(assignment?.candidateGroups));
  set('candidateUsers', optionalExpr(assignment?.candidateUsers));
  set('dueDate', optionalExpr(schedule?.dueDate));
  set('followUpDate', optionalExpr(schedule?.followUpDate));
  set('priority', optionalExpr(extension(el, 'zeebe:PriorityDefinition')?.priority));

  readFormLink(el, spec);

  const deadline = extension(el, 'civic:Deadline');
  set('deadline', optionalExpr(deadline?.duration));
  set('warning', optionalExpr(deadline?.warning));
  set('calendar', nonEmpty(deadline?.calendar));
  const start = nonEmpty(deadline?.start);
  if (start !== undefined && start !== 'created' && start !== 'claimed') {
    sink.add('DEADLINE_INVALID', `deadline start "${start}" must be "created" or "claimed"`, el);
  } else set('deadlineStart', start);

  const ops = extension(el, 'civic:TaskOperations');
  if (ops) {
    const operations: TaskOperations = {
      returnTargets: splitList(ops.returnTargets),
      withdraw: ops.withdraw === true,
      transfer: ops.transfer !== false,
      delegate: ops.delegate !== false,
    };
    if (typeof ops.refuse === 'boolean') operations.refuse = ops.refuse;
    if (typeof ops.addSigners === 'boolean') operations.addSigners = ops.addSigners;
    if (typeof ops.removeSigners === 'boolean') operations.removeSigners = ops.removeSigners;
    const refuseTo = nonEmpty(ops.refuseTo);
    if (refuseTo) operations.refuseTo = refuseTo;
    spec.operations = operations;
  }
  const permissions = extension(el, 'civic:FieldPermissions');
  if (permissions) {
    spec.fieldPermissions = {};
    for (const field of permissions.fields ?? []) {
      const name = nonEmpty(field.name);
      const access = nonEmpty(field.access) ?? 'editable';
      if (!name || !ACCESS.has(access)) {
        sink.add(
          'FIELD_PERMISSION_INVALID',
          `field permission "${name ?? ''}: ${access}" is not editable, readonly, hidden or required`,
          el,
        );
        continue;
      }
      spec.fieldPermissions[name] = access as FieldAccess;
    }
  }
  return spec;
}

/**
 * A user task's form, linked the three ways Zeebe links one: a deployed form by id (`formId`), a
 * form embedded in the process (`formKey="camunda-forms:bpmn:<id>"`), or a form elsewhere
 * (`externalReference`, or any other `formKey`), which is kept and shown as a link while the task
 * completes without a schema.
 */
function readFormLink(el: ModdleElement, spec: UserTaskSpec): void {
  const form = extension(el, 'zeebe:FormDefinition');
  const formId = nonEmpty(form?.formId);
  const formKey = nonEmpty(form?.formKey);
  const external = nonEmpty(form?.externalReference);
  if (formId) spec.formId = formId;
  else if (formKey?.startsWith(EMBEDDED_FORM_KEY_PREFIX))
    spec.formId = embeddedFormId(processIdOf(el) ?? '', formKey.slice(EMBEDDED_FORM_KEY_PREFIX.length));
  else if (formKey && !formKey.includes(':'))
    spec.formId = formKey; // an early Zeebe file naming a deployed form by key
  else if (external ?? formKey) spec.externalFormReference = (external ?? formKey)!;
}

export function splitList(raw: unknown): string[] {
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

import {
  ATTACHMENT_FORMAT,
  fileFieldsOf,
  type ExecutableProcess,
  type FormDefinition,
} from '../../definitions/index.js';
import type { InstanceState } from '../../engine/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import { parseState } from '../execution/instance-row.js';
import { select, type Queryable } from '../platform/db/tx.js';
import type { Deps } from '../platform/http/deps.js';
import { isPhoneField, maskPhone, type FieldPermissions, type FieldSchema } from './field-access.js';

/** A task of the case as the case file reads it (open from `tasks`, completed from `task_history`). */
export interface CaseTask {
  id: string;
  element_id: string;
  name: string | null;
  status: string;
  form_key: string | null;
  assignee: string | null;
  candidate_groups: string;
  candidate_users: string;
  due_at: string | null;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
}

export interface CaseField {
  key: string;
  label: string;
  value: unknown;
}

/** The data one step captured, in the labels of its form. */
export interface CaseStepData {
  elementId: string;
  name: string;
  taskId: string;
  status: string;
  completedBy: string | null;
  completedAt: string | null;
  fields: CaseField[];
}

/** How the viewer sees the data: fields it may not see, whether phones are masked. */
export interface CaseDataView {
  hidden: ReadonlySet<string>;
  maskPhones: boolean;
}

/** Everything the case file needs about one case, read once. */
export interface CaseFile {
  instance: InstanceRow;
  process: ExecutableProcess;
  variables: Record<string, unknown>;
  tasks: CaseTask[];
  forms: Map<string, FormDefinition>;
  /** The names of the case's attachments by id, read only when one of its forms has a file field. */
  attachmentNames: Map<string, string>;
}

const TASK_COLUMNS =
  'id, element_id, name, status, form_key, assignee, candidate_groups, candidate_users, due_at, created_at, completed_at, completed_by';
/** The case's open and completed tasks in one statement (one round trip on PostgreSQL). */
const CASE_TASKS =
  `select ${TASK_COLUMNS} from tasks where instance_id = ? ` +
  `union all select ${TASK_COLUMNS} from task_history where instance_id = ? and status = 'completed'`;

/**
 * `within.db`: a command's transaction when the file decides what the command does (a completion's
 * checks); `within.state`: the instance's state when the caller has it parsed already.
 */
export async function readCaseFile(
  deps: Deps,
  instance: InstanceRow,
  within: { db?: Queryable; state?: InstanceState } = {},
): Promise<CaseFile> {
  const db = within.db ?? deps.db.knex;
  const [unordered, process, pinned] = await Promise.all([
    select<CaseTask>(db, CASE_TASKS, [instance.id, instance.id]),
    deps.definitions.process(db, instance.definition_id),
    deps.definitions.pins.read(db, instance.pinned),
  ]);
  const tasks = unordered.sort((a, b) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id.localeCompare(b.id),
  );
  const forms = new Map<string, FormDefinition>();
  for (const key of new Set(tasks.map((t) => t.form_key).filter((k): k is string => !!k))) {
    const id = pinned.forms[key] ?? (await deps.definitions.resolve(db, 'form', key, instance.tenant_id))?.id;
    if (id) forms.set(key, await deps.definitions.form(db, id));
  }
  const state = within.state ?? parseState(instance);
  const variables = Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {};
  const attachmentNames = new Map<string, string>();
  if ([...forms.values()].some((f) => fileFieldsOf(f.schema as { properties?: Record<string, unknown> }).length > 0))
    for (const a of await select<{ id: string; file_name: string }>(
      db,
      'select id, file_name from case_attachments where instance_id = ?',
      [instance.id],
    ))
      attachmentNames.set(a.id, a.file_name);
  return { instance, process, variables, tasks, forms, attachmentNames };
}

export function fieldsOf(form: FormDefinition | undefined): Record<string, FieldSchema> {
  return (form?.schema.properties ?? {}) as Record<string, FieldSchema>;
}

export function permissionsOf(file: CaseFile, elementId: string): FieldPermissions | undefined {
  const node = file.process.nodes[elementId];
  return node?.kind === 'userTask' ? node.task.fieldPermissions : undefined;
}

export function shownValue(key: string, schema: FieldSchema | undefined, value: unknown, view: CaseDataView): unknown {
  return view.maskPhones && isPhoneField(key, schema) ? maskPhone(value) : value;
}

/**
 * The case's data so far, grouped by the step whose form captured it, in order. A step passed
 * more than once shows its latest pass; a field shows under the first step that captured it.
 * `except` leaves out a task (the one being worked on shows its own form) and its fields.
 */
export function dataByStep(
  file: CaseFile,
  view: CaseDataView,
  except?: { taskId: string; fields: ReadonlySet<string> },
): CaseStepData[] {
  const latest = new Map<string, CaseTask>();
  for (const t of file.tasks) if (t.form_key && t.id !== except?.taskId) latest.set(t.element_id, t);
  const seen = new Set<string>(except?.fields ?? []);
  const steps: CaseStepData[] = [];
  for (const t of [...latest.values()].sort((a, b) => (a.created_at < b.created_at ? -1 : 1))) {
    const schema = fieldsOf(file.forms.get(t.form_key!));
    const fields: CaseField[] = [];
    for (const [key, prop] of Object.entries(schema)) {
      if (seen.has(key) || view.hidden.has(key) || !(key in file.variables)) continue;
      seen.add(key);
      const raw = file.variables[key];
      // A file field holds attachment ids: shown by the files' names (staff never see ids).
      const value =
        (prop as { items?: { format?: unknown } }).items?.format === ATTACHMENT_FORMAT && Array.isArray(raw)
          ? raw.map((id) => file.attachmentNames.get(String(id)) ?? '（附件已不存在）')
          : shownValue(key, prop, raw, view);
      fields.push({ key, label: prop.title ?? key, value });
    }
    if (fields.length > 0)
      steps.push({
        elementId: t.element_id,
        name: t.name ?? file.process.nodes[t.element_id]?.name ?? t.element_id,
        taskId: t.id,
        status: t.status,
        completedBy: t.completed_by,
        completedAt: t.completed_at,
        fields,
      });
  }
  return steps;
}

/** The schema of a field in any form the case has used (for a field a step's `required` adds to its own form). */
export function fieldSchemaInCase(file: CaseFile, key: string): FieldSchema | undefined {
  for (const form of file.forms.values()) {
    const prop = fieldsOf(form)[key];
    if (prop) return prop;
  }
  return undefined;
}

/** Fields captured by the forms of other steps than `elementId` (earlier data: read-only there by default). */
export function earlierFields(file: CaseFile, elementId: string): Set<string> {
  const keys = new Set<string>();
  for (const t of file.tasks)
    if (t.form_key && t.element_id !== elementId)
      for (const key of Object.keys(fieldsOf(file.forms.get(t.form_key)))) keys.add(key);
  return keys;
}

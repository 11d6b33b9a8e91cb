import { lightOf } from '../deadlines/index.js';
import type { TaskRow } from '../store/task-row.js';
import {
  anyObject,
  arrayOf,
  booleanType,
  integerType,
  nullable,
  numberType,
  objectOf,
  stringOrNull,
  stringList,
  stringType,
} from '../platform/http/schemas.js';

export type { TaskRow };

/** A task as the API shows it; `now` (the runtime clock) gives the traffic light of an open task. */
export function taskView(t: TaskRow, now?: string) {
  const details = t.details ? (JSON.parse(t.details) as Record<string, unknown>) : {};
  return {
    id: t.id,
    elementId: t.element_id,
    name: t.name,
    processInstanceId: t.instance_id,
    tenant: t.tenant_id,
    assignee: t.assignee,
    candidateGroups: JSON.parse(t.candidate_groups) as string[],
    candidateUsers: JSON.parse(t.candidate_users) as string[],
    dueAt: t.due_at,
    followUpAt: t.follow_up_at,
    priority: t.priority,
    formId: t.form_key,
    status: t.status,
    createdAt: t.created_at,
    completedAt: t.completed_at,
    completedBy: t.completed_by,
    warnAt: t.warn_at ?? null,
    light: t.status === 'open' && now ? lightOf(t, now) : null,
    paused: !!t.paused_at,
    extensions: t.extension_count ?? 0,
    ...((details.deadline ?? t.deadline_spec) ? { deadline: details.deadline ?? t.deadline_spec } : {}),
    ...(details.deadlineError ? { deadlineError: details.deadlineError } : {}),
    ...(t.deadline_provisional
      ? { provisional: true, provisionalYears: t.deadline_provisional.split(',').map(Number) }
      : {}),
  };
}

/** What `taskView` answers. */
import { COUNTERSIGN_SCHEMA } from './countersign-schema.js';

export const TASK_SCHEMA = objectOf({
  id: stringType,
  elementId: stringType,
  name: stringOrNull,
  processInstanceId: stringType,
  tenant: stringType,
  assignee: stringOrNull,
  candidateGroups: stringList,
  candidateUsers: stringList,
  dueAt: stringOrNull,
  followUpAt: stringOrNull,
  priority: numberType,
  formId: stringOrNull,
  status: { enum: ['open', 'completed', 'cancelled'] },
  createdAt: stringType,
  completedAt: stringOrNull,
  completedBy: stringOrNull,
  warnAt: stringOrNull,
  light: nullable({ enum: ['green', 'yellow', 'red'] }),
  paused: booleanType,
  extensions: integerType,
  'deadline?': stringType,
  'deadlineError?': anyObject,
  'provisional?': booleanType,
  'provisionalYears?': arrayOf(integerType),
  // The task page adds what the caller may do with it and why it is here; `?withCase=true` lists add the case's title.
  'caseTitle?': stringOrNull,
  /** `?withCase=true` lists: who has signed for it, by display name. */
  'assigneeName?': stringOrNull,
  'allowedOperations?': arrayOf({
    enum: ['return', 'refuse', 'withdraw', 'transfer', 'delegate', 'resolve', 'cc', 'cancel', 'pause', 'resume'],
  }),
  'countersign?': nullable(COUNTERSIGN_SCHEMA),
  'delegation?': nullable(
    objectOf({
      owner: stringType,
      delegate: stringType,
      reason: stringType,
      ownerName: stringType,
      delegateName: stringType,
    }),
  ),
  'sentBack?': nullable(
    objectOf({
      kind: { enum: ['returned', 'refused', 'withdrawn'] },
      reason: stringType,
      by: stringOrNull,
      from: stringOrNull,
      at: stringType,
    }),
  ),
});

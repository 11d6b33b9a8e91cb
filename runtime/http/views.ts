import type { InstanceState } from '../../engine/index.js';
import { parseState, type InstanceRow } from '../commands/instance-row.js';
import { lightOf } from '../deadlines/rules.js';
import type { TaskRow } from '../store/task-row.js';

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
  };
}

export function instanceView(row: InstanceRow, version: number) {
  const state: InstanceState = parseState(row);
  const root = Object.values(state.scopes).find((s) => s.parent === null);
  return {
    id: row.id,
    processKey: row.process_key,
    definitionId: row.definition_id,
    version,
    tenant: row.tenant_id,
    businessKey: row.business_key,
    status: row.status,
    variables: root?.vars ?? {},
    activeElementIds: [...new Set(Object.values(state.tokens).map((t) => t.el))].sort(),
    incidents: Object.values(state.incidents).map((i) => ({ id: `${row.id}-${i.id}`, code: i.code, elementId: i.el, message: i.message, createdAt: i.at })),
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
  };
}

import type { Effect, InstanceState } from '../../engine/index.js';
import type { Tx } from '../db/tx.js';
import { childId } from '../ids.js';
import { recordTaskDeadline, resolveTaskDeadline, timerHeaders } from './deadlines.js';
import type { InstanceRow } from './instance-row.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Work an effect leaves for after the engine run, inside the same transaction. */
export type FollowUp =
  | { kind: 'startCall'; parentId: string; callId: number; tenant: string; processKey: string; variables: Record<string, unknown> }
  | { kind: 'cancelCall'; parentId: string; callId: number }
  | { kind: 'childEnded'; parentId: string; callId: number; completed: boolean; variables: Record<string, unknown> }
  | { kind: 'publish'; tenant: string; name: string; correlationKey?: string; variables: Record<string, unknown> };

const INSERT_TASK =
  'insert into tasks (id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at, priority, form_key, details, created_at) ' +
  "values (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const INSERT_CANDIDATE = 'insert into task_candidates (kind, value, created_at, task_id) values (?, ?, ?, ?)';

/** A task that ends moves to task_history with how its deadline went (migration 004). */
const TASK_HISTORY_COLUMNS =
  'id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at, ' +
  'priority, form_key, details, extension_count, created_at, completed_at, completed_by, deadline_stage, yellow_at, red_at, supervised_at';
const HISTORY_VALUES =
  't.id, t.instance_id, t.tenant_id, t.element_id, t.name, ?, t.assignee, t.candidate_groups, t.candidate_users, t.due_at, t.warn_at, t.follow_up_at, ' +
  't.priority, t.form_key, t.details, t.extension_count, t.created_at, ?, ?, d.stage, d.yellow_at, d.red_at, d.supervised_at';

/**
 * Ending a task: archive it, remove its inbox rows (keyed (kind, value, created_at, task_id), so
 * they are found from the task's own candidate lists and creation time), its deadline row and
 * itself. SQLite: four statements in order. PostgreSQL: one statement of data-modifying CTEs (all
 * see the rows as they were; the archive reads the deleted rows' RETURNING).
 */
const END_TASK = {
  sqlite: [
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${HISTORY_VALUES} from tasks t left join task_deadlines d on d.task_id = t.id where t.id = ?`,
    "delete from task_candidates where task_id = ? and created_at = (select created_at from tasks where id = ?) and (" +
      "(kind = 'group' and value in (select value from json_each((select candidate_groups from tasks where id = ?)))) or " +
      "(kind = 'user' and value in (select value from json_each((select candidate_users from tasks where id = ?)))))",
    'delete from task_deadlines where task_id = ?',
    'delete from tasks where id = ?',
  ],
  postgres:
    'with t as (delete from tasks where id = ? returning *), ' +
    'd as (delete from task_deadlines where task_id = (select id from t) returning *), ' +
    'c as (delete from task_candidates c using t where c.task_id = t.id and c.created_at = t.created_at and (' +
    "(c.kind = 'group' and c.value in (select json_array_elements_text(t.candidate_groups::json))) or " +
    "(c.kind = 'user' and c.value in (select json_array_elements_text(t.candidate_users::json))))) " +
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${HISTORY_VALUES} from t left join d on true`,
} as const;

const INSERT_JOB = 'insert into jobs (id, kind, instance_id, tenant_id, element_id, job_type, due_at, retries, headers, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const DELETE_JOB = 'delete from jobs where id = ?';
const INSERT_SUBSCRIPTION = 'insert into subscriptions (id, instance_id, tenant_id, element_id, message_name, correlation_key, created_at) values (?, ?, ?, ?, ?, ?, ?)';
const DELETE_SUBSCRIPTION = 'delete from subscriptions where id = ?';

/** Turns engine effects into rows: tasks, jobs, timers and subscriptions. */
export async function applyEffects(unit: UnitOfWork, row: InstanceRow, effects: Effect[], followUps: FollowUp[]): Promise<void> {
  const { tx, now } = unit;
  for (const e of effects) {
    switch (e.type) {
      case 'createTask': {
        const id = childId(row.id, e.taskId);
        const deadline = await resolveTaskDeadline(tx, unit.services.deadlines, row.tenant_id, e, now);
        tx.write(INSERT_TASK, [
          id, row.id, row.tenant_id, e.elementId, e.name ?? null, e.assignee ?? null, JSON.stringify(e.candidateGroups), JSON.stringify(e.candidateUsers),
          deadline.dueAt, deadline.warnAt, e.followUpAt ?? null, e.priority, e.formId ?? null,
          Object.keys(deadline.details).length > 0 ? JSON.stringify(deadline.details) : null, now,
        ]);
        for (const group of new Set(e.candidateGroups)) tx.write(INSERT_CANDIDATE, ['group', group, now, id]);
        for (const user of new Set(e.candidateUsers)) tx.write(INSERT_CANDIDATE, ['user', user, now, id]);
        await recordTaskDeadline(tx, unit.services.deadlines, { id, instance_id: row.id, tenant_id: row.tenant_id, element_id: e.elementId }, deadline, now);
        break;
      }
      case 'cancelTask':
        endTask(tx, childId(row.id, e.taskId), 'cancelled', null, now);
        break;
      case 'createJob':
        tx.write(INSERT_JOB, [childId(row.id, e.jobId), 'service', row.id, row.tenant_id, e.elementId, e.jobType, now, e.retries, JSON.stringify(e.headers), now]);
        break;
      case 'scheduleTimer':
        tx.write(INSERT_JOB, [childId(row.id, e.timerId), 'timer', row.id, row.tenant_id, e.elementId, null, e.dueAt, 3, await timerHeaders(tx, unit.services.deadlines, row.tenant_id, e, now), now]);
        break;
      case 'cancelJob':
        tx.write(DELETE_JOB, [childId(row.id, e.jobId)]);
        break;
      case 'cancelTimer':
        tx.write(DELETE_JOB, [childId(row.id, e.timerId)]);
        break;
      case 'openSubscription':
        tx.write(INSERT_SUBSCRIPTION, [childId(row.id, e.subscriptionId), row.id, row.tenant_id, e.elementId, e.messageName, e.correlationKey ?? null, now]);
        break;
      case 'closeSubscription':
        tx.write(DELETE_SUBSCRIPTION, [childId(row.id, e.subscriptionId)]);
        break;
      case 'startCallActivity':
        followUps.push({ kind: 'startCall', parentId: row.id, callId: e.callId, tenant: row.tenant_id, processKey: e.processId, variables: e.variables });
        break;
      case 'cancelCallActivity':
        followUps.push({ kind: 'cancelCall', parentId: row.id, callId: e.callId });
        break;
      case 'publishMessage':
        followUps.push({ kind: 'publish', tenant: row.tenant_id, name: e.messageName, variables: e.variables, ...(e.correlationKey !== undefined ? { correlationKey: e.correlationKey } : {}) });
        break;
    }
  }
}

/** Closes an open task: it moves to task_history; its inbox and deadline rows go. */
export function endTask(tx: Tx, taskId: string, status: 'completed' | 'cancelled', actor: string | null, now: string): void {
  if (tx.dialect === 'postgres') {
    tx.write(END_TASK.postgres, [taskId, status, now, actor]);
    return;
  }
  const [archive, candidates, deadline, task] = END_TASK.sqlite;
  tx.write(archive, [status, now, actor, taskId]);
  tx.write(candidates, [taskId, taskId, taskId, taskId]);
  tx.write(deadline, [taskId]);
  tx.write(task, [taskId]);
}

const CLOSING_KEYS: Partial<Record<Effect['type'], string>> = {
  cancelTask: 'taskId', cancelJob: 'jobId', cancelTimer: 'timerId', closeSubscription: 'subscriptionId', cancelCallActivity: 'callId',
};

/**
 * Waits that disappeared from the state without a cancel effect were used up by the command
 * (a task completed, a timer fired, a message correlated, a job finished): settle their rows.
 */
export function reconcileConsumedWaits(unit: UnitOfWork, row: InstanceRow, before: InstanceState, after: InstanceState, effects: Effect[], actor: string | null): void {
  const closed = new Set<number>();
  for (const e of effects) {
    const key = CLOSING_KEYS[e.type];
    if (key) closed.add((e as unknown as Record<string, number>)[key]!);
  }
  for (const wait of Object.values(before.waits)) {
    if (after.waits[wait.id] || closed.has(wait.id)) continue;
    const id = childId(row.id, wait.id);
    if (wait.kind === 'task') endTask(unit.tx, id, 'completed', actor, unit.now);
    else if (wait.kind === 'job' || wait.kind === 'timer') unit.tx.write(DELETE_JOB, [id]);
    else if (wait.kind === 'message') unit.tx.write(DELETE_SUBSCRIPTION, [id]);
  }
}

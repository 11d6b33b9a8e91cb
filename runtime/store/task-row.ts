import type { Knex } from 'knex';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

/**
 * A task as stored: an open task is a `tasks` row (migrations 001 and 002), a closed one a
 * `task_history` row (migration 004), which has the same columns but `paused_at` (and the
 * deadline state of migration 006: deadline-columns.ts reads it).
 */
export interface TaskRow {
  id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidate_groups: string;
  candidate_users: string;
  due_at: string | null;
  follow_up_at: string | null;
  priority: number;
  form_key: string | null;
  details: string | null;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
  /** Deadline columns (migration 002). */
  warn_at?: string | null;
  paused_at?: string | null;
  extension_count?: number;
  /** An open task's deadline as written in the definition (its `details` leave it out, migration 006's columns). */
  deadline_spec?: string | null;
  /** The years without a loaded holiday schedule the deadline was counted across (migration 011). */
  deadline_provisional?: string | null;
}

/** A `task_history` row: a completed or cancelled task, with how its deadline went (copied from its deadline columns in `tasks`). */
export interface TaskHistoryRow extends TaskRow {
  completed_at: string;
  deadline_stage: string | null;
  yellow_at: string | null;
  red_at: string | null;
  supervised_at: string | null;
}

/** The table a task of `status` is in. */
export function taskTableOf(status: TaskStatus): 'tasks' | 'task_history' {
  return status === 'open' ? 'tasks' : 'task_history';
}

/**
 * A task, open or closed. A task leaves `tasks` for `task_history` in one transaction, so a task
 * missing from the first read was closed before it and is found by the second.
 */
export async function findTask(db: Knex, id: string): Promise<TaskRow | undefined> {
  const open = (await db('tasks').where({ id }).first()) as TaskRow | undefined;
  return open ?? ((await db('task_history').where({ id }).first()) as TaskHistoryRow | undefined);
}

export function isClosed(task: TaskRow): task is TaskHistoryRow {
  return task.status !== 'open';
}

/** 签收: `username` takes the open task unless someone else holds it; false when it was taken. */
export async function claimOpenTask(db: Knex | Knex.Transaction, id: string, username: string): Promise<boolean> {
  const claimed = await db('tasks')
    .where({ id, status: 'open' })
    .andWhere((w) => w.whereNull('assignee').orWhere('assignee', username))
    .update({ assignee: username });
  return claimed === 1;
}

/** 退签: the open task goes back to its candidates. */
export async function unclaimOpenTask(db: Knex | Knex.Transaction, id: string): Promise<void> {
  await db('tasks').where({ id, status: 'open' }).update({ assignee: null });
}

/**
 * 转办/委派/办毕: changes an open task's assignment or details only if nobody changed them since
 * `task` was read (same assignee, same details); false when it was changed or is no longer open.
 */
export async function updateOpenTaskIfUnchanged(
  trx: Knex | Knex.Transaction,
  task: Pick<TaskRow, 'id' | 'assignee' | 'details'>,
  changes: Record<string, unknown>,
): Promise<boolean> {
  let q = trx('tasks').where({ id: task.id, status: 'open' });
  q = task.assignee === null ? q.whereNull('assignee') : q.where('assignee', task.assignee);
  q = task.details === null ? q.whereNull('details') : q.where('details', task.details);
  return (await q.update(changes)) === 1;
}

/** The inbox rows follow an open task's new candidates (keyed by kind, value, created_at, task id). */
export async function replaceTaskCandidates(
  trx: Knex | Knex.Transaction,
  task: Pick<TaskRow, 'id' | 'created_at' | 'candidate_groups' | 'candidate_users'>,
  groups: string[],
  users: string[],
): Promise<void> {
  const old = [
    ...(JSON.parse(task.candidate_groups) as string[]).map((v) => ['group', v]),
    ...(JSON.parse(task.candidate_users) as string[]).map((v) => ['user', v]),
  ];
  for (const [kind, value] of old)
    await trx('task_candidates').where({ kind, value, created_at: task.created_at, task_id: task.id }).delete();
  const rows = [
    ...groups.map((value) => ({ kind: 'group', value })),
    ...users.map((value) => ({ kind: 'user', value })),
  ].map((r) => ({ ...r, created_at: task.created_at, task_id: task.id }));
  if (rows.length > 0) await trx('task_candidates').insert(rows);
}

/** Conditions on a task row for a deadline write: a column's expected value (null: the column is null). */
export type TaskRowGuard = Record<string, string | number | null>;

/**
 * The deadline columns of a task (the deadlines feature's pause, resume, move, recount and
 * provisional deadlines), in the caller's transaction; only where `guard` holds. Returns the rows changed.
 */
export async function setTaskDeadlineColumns(
  db: Knex | Knex.Transaction,
  taskId: string,
  columns: Record<string, unknown>,
  guard: TaskRowGuard = {},
): Promise<number> {
  let q = db('tasks').where({ id: taskId });
  for (const [column, value] of Object.entries(guard))
    q = value === null ? q.whereNull(column) : q.where(column, value);
  return q.update(columns);
}

/** The ladder scan looked at a task: its next check (null: none until something changes), only where `guard` holds. */
export async function markLadderChecked(
  db: Knex | Knex.Transaction,
  taskId: string,
  nextCheckAt: string | null,
  guard: TaskRowGuard,
): Promise<number> {
  return setTaskDeadlineColumns(db, taskId, { next_check_at: nextCheckAt }, guard);
}

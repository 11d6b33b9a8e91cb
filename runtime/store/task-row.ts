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

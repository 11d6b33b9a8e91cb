import { hasRole, type Principal } from '../auth/index.js';
import type { Deps } from '../platform/http/deps.js';
import { ApiError, conflict, notFound } from '../platform/http/errors.js';
import { Tx } from '../platform/db/tx.js';
import type { TaskRow } from './views.js';

export function canSeeAllTasks(p: Principal): boolean {
  return hasRole(p, 'tenant-admin', 'supervisor');
}

/** The task, open or closed, if the caller may see it. */
export async function visibleTask(deps: Deps, principal: Principal, id: string): Promise<TaskRow> {
  const task = await readTask(deps, id);
  if (!task) throw notFound('task', id);
  const handles = isCandidate(principal, task) || task.completed_by === principal.username;
  // A tenant above the caller's: only a task offered to them (or done by them) is theirs to see.
  const reached = principal.subtree.has(task.tenant_id) || (handles && principal.above?.has(task.tenant_id) === true);
  if (!reached || (!canSeeAllTasks(principal) && !handles)) throw notFound('task', id);
  return task;
}

/** Visible, open, and the caller may work on it (assignee, candidate, or an administrator). */
export async function actionableTask(deps: Deps, principal: Principal, id: string): Promise<TaskRow> {
  const task = await visibleTask(deps, principal, id);
  if (task.status !== 'open') throw conflict('TASK_NOT_OPEN', `task ${id} is ${task.status}`);
  if (!isCandidate(principal, task) && !hasRole(principal, 'tenant-admin'))
    throw new ApiError(403, 'FORBIDDEN', 'you are neither the assignee nor a candidate of this task');
  return task;
}

export function isCandidate(p: Principal, t: TaskRow): boolean {
  if (t.assignee === p.username) return true;
  const users = JSON.parse(t.candidate_users) as string[];
  const groups = JSON.parse(t.candidate_groups) as string[];
  return users.includes(p.username) || groups.some((g) => p.groups.includes(g));
}

/**
 * A task, open or closed (`findTask` without the query builder: every task request reads one).
 * A task leaves `tasks` for `task_history` in one transaction, so one missing from the first read
 * was closed before it and is found by the second.
 */
export async function readTask(deps: Deps, id: string): Promise<TaskRow | undefined> {
  const [open] = await Tx.read<TaskRow>(deps.db, 'select * from tasks where id = ?', [id]);
  if (open) return open;
  const [closed] = await Tx.read<TaskRow>(deps.db, 'select * from task_history where id = ?', [id]);
  return closed;
}

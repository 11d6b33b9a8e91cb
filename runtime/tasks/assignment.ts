import type { Knex } from 'knex';
import { hasRole, type Principal } from '../auth/index.js';
import { onTaskClaimed } from '../deadlines/index.js';
import type { Deps } from '../platform/http/deps.js';
import { conflict } from '../platform/http/errors.js';
import { appendHistory } from '../store/history.js';
import { claimOpenTask, unclaimOpenTask } from '../store/task-row.js';
import type { TaskRow } from './views.js';

/** 签收: the caller takes the task if nobody else has; a deadline that starts on claiming starts now. */
export async function claimTask(deps: Deps, principal: Principal, task: TaskRow): Promise<void> {
  await deps.db.knex.transaction(async (trx) => {
    if (!(await claimOpenTask(trx, task.id, principal.username)))
      throw conflict('TASK_ALREADY_CLAIMED', `task is already claimed by ${task.assignee ?? 'someone else'}`);
    await assignmentHistory(trx, deps, task, principal, 'taskClaimed');
    await onTaskClaimed(trx, deps, task.id, principal.username);
  });
}

/** Gives the task back to its candidates; only its assignee or a tenant administrator may. */
export async function unclaimTask(deps: Deps, principal: Principal, task: TaskRow): Promise<void> {
  if (task.assignee && task.assignee !== principal.username && !hasRole(principal, 'tenant-admin')) {
    throw conflict('TASK_CLAIMED_BY_OTHER', `task is claimed by ${task.assignee}`);
  }
  await deps.db.knex.transaction(async (trx) => {
    await unclaimOpenTask(trx, task.id);
    await assignmentHistory(trx, deps, task, principal, 'taskUnclaimed');
  });
}

function assignmentHistory(
  trx: Knex.Transaction,
  deps: Deps,
  task: TaskRow,
  principal: Principal,
  type: string,
): Promise<void> {
  return appendHistory(trx, task.instance_id, deps.clock.now(), principal.username, [
    { type, elementId: task.element_id, data: { taskId: task.id } },
  ]);
}

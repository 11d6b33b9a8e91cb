import type { Knex } from 'knex';
import type { TaskStatus } from '../store/task-row.js';

/** Query parameters the task lists gain (issue 4): filter by light, sort by due instant or light. */
export const TASK_LIST_QUERY = {
  light: { enum: ['green', 'yellow', 'red'] },
  sort: { enum: ['createdAt', 'dueAt', '-dueAt', 'light', 'priority'] },
} as const;

/**
 * How a closed task (`task_history as t`) went: red when the ladder marked it red or it was
 * completed after its due instant; yellow ("warned") when the ladder warned it or it was completed
 * after its warning instant — `lightOf` at its completion, plus what the ladder recorded before
 * an extension or a recount moved the deadline. Each condition is true or false, never null.
 */
const ENDED_RED = '(t.red_at is not null or (t.due_at is not null and t.completed_at > t.due_at))';
const ENDED_WARNED = '(t.yellow_at is not null or (t.warn_at is not null and t.completed_at >= t.warn_at))';

/** Filters a task list of `status` by light: open tasks by their light at `now`, closed ones by how they went. */
export function whereLight(
  q: Knex.QueryBuilder,
  light: string | undefined,
  now: string,
  status: TaskStatus,
): Knex.QueryBuilder {
  return status === 'open' ? whereLightNow(q, light, now) : whereEndedLight(q, light);
}

/**
 * Filters `tasks as t` by traffic light at `now` (the same rule as `lightOf`): red = past due
 * and not paused; yellow = past the warning instant, not yet due; green = the rest (paused,
 * no due instant yet, or before the warning).
 */
function whereLightNow(q: Knex.QueryBuilder, light: string | undefined, now: string): Knex.QueryBuilder {
  if (light === 'red') return q.whereNull('t.paused_at').whereNotNull('t.due_at').where('t.due_at', '<', now);
  if (light === 'yellow') return q.whereNull('t.paused_at').where('t.due_at', '>=', now).where('t.warn_at', '<=', now);
  if (light === 'green') {
    return q.where((w) =>
      w
        .whereNotNull('t.paused_at')
        .orWhereNull('t.due_at')
        .orWhere((g) =>
          g.where('t.due_at', '>=', now).andWhere((x) => x.whereNull('t.warn_at').orWhere('t.warn_at', '>', now)),
        ),
    );
  }
  return q;
}

function whereEndedLight(q: Knex.QueryBuilder, light: string | undefined): Knex.QueryBuilder {
  if (light === 'red') return q.whereRaw(ENDED_RED);
  if (light === 'yellow') return q.whereRaw(`not ${ENDED_RED} and ${ENDED_WARNED}`);
  if (light === 'green') return q.whereRaw(`not ${ENDED_RED} and not ${ENDED_WARNED}`);
  return q;
}

/**
 * Orders a task list of `status`; `dueAt` puts tasks without a due instant last, `light` puts red
 * first (most overdue first), then yellow, then green (for closed tasks: how they went).
 */
export function orderTasks(
  q: Knex.QueryBuilder,
  sort: string | undefined,
  now: string,
  status: TaskStatus,
): Knex.QueryBuilder {
  switch (sort) {
    case 'dueAt':
      return q.orderByRaw('case when t.due_at is null then 1 else 0 end, t.due_at asc, t.created_at asc');
    case '-dueAt':
      return q.orderByRaw('case when t.due_at is null then 1 else 0 end, t.due_at desc, t.created_at asc');
    case 'light': {
      const [rank, bindings] =
        status === 'open'
          ? lightRankNow(now)
          : [`case when ${ENDED_RED} then 0 when ${ENDED_WARNED} then 1 else 2 end`, []];
      return q.orderByRaw(
        `${rank}, case when t.due_at is null then 1 else 0 end, t.due_at asc, t.created_at asc`,
        bindings,
      );
    }
    case 'priority':
      return q.orderBy([
        { column: 't.priority', order: 'desc' },
        { column: 't.created_at', order: 'asc' },
      ]);
    default:
      return q.orderBy('t.created_at', 'asc');
  }
}

function lightRankNow(now: string): [string, string[]] {
  return [
    'case when t.paused_at is null and t.due_at < ? then 0 when t.paused_at is null and t.warn_at <= ? then 1 else 2 end',
    [now, now],
  ];
}

import type { Knex } from 'knex';

/** Query parameters the task lists gain (issue 4): filter by light, sort by due instant or light. */
export const TASK_LIST_QUERY = {
  light: { enum: ['green', 'yellow', 'red'] },
  sort: { enum: ['createdAt', 'dueAt', '-dueAt', 'light', 'priority'] },
} as const;

/**
 * Filters `tasks as t` by traffic light at `now` (the same rule as `lightOf`): red = past due
 * and not paused; yellow = past the warning instant, not yet due; green = the rest (paused,
 * no due instant yet, or before the warning).
 */
export function whereLight(q: Knex.QueryBuilder, light: string | undefined, now: string): Knex.QueryBuilder {
  if (light === 'red') return q.whereNull('t.paused_at').whereNotNull('t.due_at').where('t.due_at', '<', now);
  if (light === 'yellow') return q.whereNull('t.paused_at').where('t.due_at', '>=', now).where('t.warn_at', '<=', now);
  if (light === 'green') {
    return q.where((w) =>
      w.whereNotNull('t.paused_at').orWhereNull('t.due_at').orWhere((g) => g.where('t.due_at', '>=', now).andWhere((x) => x.whereNull('t.warn_at').orWhere('t.warn_at', '>', now))),
    );
  }
  return q;
}

/** Orders a task list; `dueAt` puts tasks without a due instant last, `light` puts red first (most overdue first), then yellow, then green. */
export function orderTasks(q: Knex.QueryBuilder, sort: string | undefined, now: string): Knex.QueryBuilder {
  switch (sort) {
    case 'dueAt':
      return q.orderByRaw('case when t.due_at is null then 1 else 0 end, t.due_at asc, t.created_at asc');
    case '-dueAt':
      return q.orderByRaw('case when t.due_at is null then 1 else 0 end, t.due_at desc, t.created_at asc');
    case 'light':
      return q.orderByRaw(
        'case when t.paused_at is null and t.due_at < ? then 0 when t.paused_at is null and t.warn_at <= ? then 1 else 2 end, case when t.due_at is null then 1 else 0 end, t.due_at asc, t.created_at asc',
        [now, now],
      );
    case 'priority':
      return q.orderBy([{ column: 't.priority', order: 'desc' }, { column: 't.created_at', order: 'asc' }]);
    default:
      return q.orderBy('t.created_at', 'asc');
  }
}

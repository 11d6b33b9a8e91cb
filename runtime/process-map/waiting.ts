import type { Knex } from 'knex';

/**
 * The tables the engine keeps per wait, each read for its waiting rows only: open user tasks, jobs of a case
 * (timers, service and listener jobs), message and signal subscriptions, and open incidents (a case stuck at a
 * step stands there too). `narrow` adds the caller's condition to each.
 */
function waitSources(knex: Knex, columns: string[], narrow: (q: Knex.QueryBuilder) => void): Knex.QueryBuilder[] {
  const of = (table: string, waiting?: (q: Knex.QueryBuilder) => void) => {
    const q = knex.select(columns).from(table);
    waiting?.(q);
    narrow(q);
    return q;
  };
  return [
    of('tasks', (q) => q.where('status', 'open')),
    of('jobs', (q) => q.whereNotNull('instance_id')),
    of('subscriptions'),
    of('signal_subscriptions'),
    of('incidents', (q) => q.where('status', 'open')),
  ];
}

/**
 * Where the cases of `tenants` wait, as rows of (instance_id, element_id), each wait table read by its tenant
 * (by its tenant index where it has one: tasks, subscriptions, incidents); no instance state is read. Cases
 * waiting on a case they called are counted apart (`statistics.ts`).
 */
export function waitRows(knex: Knex, tenants: string[]): Knex.QueryBuilder {
  const [first, ...rest] = waitSources(knex, ['instance_id', 'element_id'], (q) => q.whereIn('tenant_id', tenants));
  return first!.unionAll(rest);
}

/**
 * The condition "the case in `instanceColumn` has a token waiting at `elementId`": its id is among the cases
 * waiting there, a list each wait table gives once for the whole query. Not one subquery per case: jobs,
 * subscriptions and incidents have no instance index (a timer at rest needs only its due date), so a
 * correlated EXISTS read each of them in full for every case searched.
 */
export function whereWaitingAt(
  q: Knex.QueryBuilder,
  knex: Knex,
  instanceColumn: string,
  elementId: string,
  calledProcess: string | null,
): Knex.QueryBuilder {
  const [first, ...rest] = waitSources(knex, ['instance_id'], (w) => w.where('element_id', elementId));
  const calling = calledProcess
    ? [
        knex
          .select('parent_id')
          .from('instances')
          .where('status', 'active')
          .where('process_key', calledProcess)
          .whereNotNull('parent_id'),
      ]
    : [];
  return q.whereIn(instanceColumn, first!.unionAll([...rest, ...calling]));
}

/** The condition "the case in `instanceColumn` is stuck at `elementId`": an open incident there. */
export function whereStuckAt(q: Knex.QueryBuilder, knex: Knex, instanceColumn: string, elementId: string) {
  return q.whereIn(
    instanceColumn,
    knex.select('instance_id').from('incidents').where('element_id', elementId).where('status', 'open'),
  );
}

import type { Knex } from 'knex';

/**
 * Where the cases of `tenants` wait, as rows of (instance_id, element_id): their open user tasks, their
 * jobs (timers, service and listener jobs), their message and signal subscriptions, and their open
 * incidents (a case stuck at a step stands there too). Each is a table the engine keeps per wait, carrying
 * its case's tenant (read by its tenant index where it has one: tasks, subscriptions, incidents); no
 * instance state is read. Cases waiting on a case they called are counted apart (`statistics.ts`).
 */
export function waitRows(knex: Knex, tenants: string[]): Knex.QueryBuilder {
  const of = (table: string) => knex.select('instance_id', 'element_id').from(table).whereIn('tenant_id', tenants);
  return of('tasks')
    .where('status', 'open')
    .unionAll([
      of('jobs').whereNotNull('instance_id'),
      of('subscriptions'),
      of('signal_subscriptions'),
      of('incidents').where('status', 'open'),
    ]);
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
  const at = (table: string) => knex.select('instance_id').from(table).where('element_id', elementId);
  const waiting = at('tasks')
    .where('status', 'open')
    .unionAll([
      at('jobs').whereNotNull('instance_id'),
      at('subscriptions'),
      at('signal_subscriptions'),
      at('incidents').where('status', 'open'),
      ...(calledProcess
        ? [
            knex
              .select('parent_id')
              .from('instances')
              .where('status', 'active')
              .where('process_key', calledProcess)
              .whereNotNull('parent_id'),
          ]
        : []),
    ]);
  return q.whereIn(instanceColumn, waiting);
}

/** The condition "the case in `instanceColumn` is stuck at `elementId`": an open incident there. */
export function whereStuckAt(q: Knex.QueryBuilder, knex: Knex, instanceColumn: string, elementId: string) {
  return q.whereIn(
    instanceColumn,
    knex.select('instance_id').from('incidents').where('element_id', elementId).where('status', 'open'),
  );
}

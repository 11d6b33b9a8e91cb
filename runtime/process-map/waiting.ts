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

/** The condition "the case in `instanceColumn` has a token waiting at `elementId`" (a subquery per wait table, each on its instance index). */
export function whereWaitingAt(
  q: Knex.QueryBuilder,
  knex: Knex,
  instanceColumn: string,
  elementId: string,
  calledProcess: string | null,
): Knex.QueryBuilder {
  const at = (table: string, extra?: (b: Knex.QueryBuilder) => void) => (e: Knex.QueryBuilder) => {
    e.select(knex.raw('1'))
      .from(`${table} as w`)
      .whereRaw(`w.instance_id = ${instanceColumn}`)
      .where('w.element_id', elementId);
    extra?.(e);
  };
  return q.where((w) => {
    w.whereExists(at('tasks', (e) => e.where('w.status', 'open')))
      .orWhereExists(at('jobs'))
      .orWhereExists(at('subscriptions'))
      .orWhereExists(at('signal_subscriptions'))
      .orWhereExists(at('incidents', (e) => e.where('w.status', 'open')));
    if (calledProcess)
      w.orWhereExists((e) =>
        e
          .select(knex.raw('1'))
          .from('instances as called')
          .whereRaw(`called.parent_id = ${instanceColumn}`)
          .where('called.status', 'active')
          .where('called.process_key', calledProcess),
      );
  });
}

/** The condition "the case in `instanceColumn` is stuck at `elementId`": an open incident there. */
export function whereStuckAt(q: Knex.QueryBuilder, knex: Knex, instanceColumn: string, elementId: string) {
  return q.whereExists((e) =>
    e
      .select(knex.raw('1'))
      .from('incidents as x')
      .whereRaw(`x.instance_id = ${instanceColumn}`)
      .where('x.element_id', elementId)
      .where('x.status', 'open'),
  );
}

import type { Knex } from 'knex';

/**
 * Where a case's tokens wait, as rows of (instance_id, element_id): its open user tasks, its jobs
 * (timers, service and listener jobs), its message and signal subscriptions, and its open incidents
 * (a case stuck at a step stands there too). Each is an indexed table the engine keeps per wait; no
 * instance state is read. Cases waiting on a called case are `calledBy`'s, matched by the call
 * activity's process (the parent's state, which says which call, is not read).
 */
export function waitRows(knex: Knex): Knex.QueryBuilder {
  return knex
    .select('instance_id', 'element_id')
    .from('tasks')
    .where('status', 'open')
    .unionAll((u) => u.select('instance_id', 'element_id').from('jobs').whereNotNull('instance_id'))
    .unionAll((u) => u.select('instance_id', 'element_id').from('subscriptions'))
    .unionAll((u) => u.select('instance_id', 'element_id').from('signal_subscriptions'))
    .unionAll((u) => u.select('instance_id', 'element_id').from('incidents').where('status', 'open'));
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

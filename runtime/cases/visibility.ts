import type { Knex } from 'knex';
import { hasRole, type Principal } from '../auth/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import type { Dialect } from '../platform/db/connection.js';
import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';

/** Supervisors and administrators see every case of their subtree; staff only the cases they work on. */
export function seesWholeSubtree(p: Principal): boolean {
  return hasRole(p, 'tenant-admin', 'supervisor');
}

/**
 * The case if the caller may open it: inside its subtree and, for staff, a case one of whose tasks
 * (open or done) it holds, is offered (its user or one of its groups is a candidate) or completed.
 * Anything else answers 404, so a case's existence does not leak.
 */
export async function visibleCase(deps: Deps, principal: Principal, id: string): Promise<InstanceRow> {
  const row = (await deps.db.knex('instances').where({ id }).first()) as InstanceRow | undefined;
  if (!row || !principal.subtree.has(row.tenant_id)) throw notFound('case', id);
  if (seesWholeSubtree(principal)) return row;
  const q = whereWorksOnCase(deps.db.knex.select(deps.db.knex.raw('1')).from('instances as i').where('i.id', id), deps.db.knex, deps.db.dialect, 'i.id', principal);
  if ((await q.first()) === undefined) throw notFound('case', id);
  return row;
}

/** A condition on rows naming a case in `instanceColumn`: the principal worked on or is offered one of its tasks. */
export function whereWorksOnCase(q: Knex.QueryBuilder, knex: Knex, dialect: Dialect, instanceColumn: string, p: Principal): Knex.QueryBuilder {
  const task = (table: 'tasks' | 'task_history') => (e: Knex.QueryBuilder) =>
    e.select(knex.raw('1')).from(`${table} as wt`).whereRaw(`wt.instance_id = ${instanceColumn}`).andWhere((c) => {
      c.where('wt.assignee', p.username).orWhere('wt.completed_by', p.username).orWhereRaw(...arrayHasAny(dialect, 'wt.candidate_users', [p.username]));
      if (p.groups.length > 0) c.orWhereRaw(...arrayHasAny(dialect, 'wt.candidate_groups', p.groups));
    });
  return q.where((w) => w.whereExists(task('tasks')).orWhereExists(task('task_history')));
}

function arrayHasAny(dialect: Dialect, column: string, values: string[]): [string, string[]] {
  const elements = dialect === 'postgres' ? `jsonb_array_elements_text(${column}::jsonb) as j(value)` : `json_each(${column}) as j`;
  return [`exists (select 1 from ${elements} where j.value in (${values.map(() => '?').join(', ')}))`, values];
}

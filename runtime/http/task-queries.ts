import type { Knex } from 'knex';
import type { Principal } from '../auth/accounts.js';
import type { Dialect } from '../db/connection.js';

/**
 * Conditions on `tasks as t` for the task lists (migration 003). An open task's candidates are
 * rows of `task_candidates`, the inbox index keyed (kind, value, created_at, task_id) with the
 * task's own created_at; a closed task has no such rows, so closed tasks are matched on their
 * `candidate_groups` / `candidate_users` JSON arrays instead.
 */

export type TaskStatus = 'open' | 'completed' | 'cancelled';
type CandidateKind = 'group' | 'user';

// SQLite uses a partial index only when the query itself states the index's condition (a bound
// parameter does not count), so the conditions are literals from this fixed map: `status = 'open'`
// for the open-task indexes, and `completed_at is not null` (set whenever a task ends) for the
// index of closed tasks by tenant.
const STATUS_CONDITION = new Map<string, string>([
  ['open', "t.status = 'open'"],
  ['completed', "t.status = 'completed' and t.completed_at is not null"],
  ['cancelled', "t.status = 'cancelled' and t.completed_at is not null"],
]);

const CANDIDATE_COLUMN: Record<CandidateKind, string> = { group: 't.candidate_groups', user: 't.candidate_users' };

export function whereTaskStatus(q: Knex.QueryBuilder, status: TaskStatus): Knex.QueryBuilder {
  const condition = STATUS_CONDITION.get(status);
  if (!condition) throw new Error(`unknown task status "${status}"`);
  return q.whereRaw(condition);
}

/**
 * Tasks of `status` that have `value` among their candidates of `kind`. Open tasks come through
 * their inbox rows, joined as `c` (ordering by `c.created_at` follows the primary key).
 */
export function whereCandidate(q: Knex.QueryBuilder, dialect: Dialect, status: TaskStatus, kind: CandidateKind, value: string): Knex.QueryBuilder {
  if (status !== 'open') return whereTaskStatus(q, status).whereRaw(...jsonArrayHasAny(dialect, CANDIDATE_COLUMN[kind], [value]));
  const inbox = q.join('task_candidates as c', (j) => j.on('c.task_id', '=', 't.id').andOn('c.created_at', '=', 't.created_at')).where({ 'c.kind': kind, 'c.value': value });
  return whereTaskStatus(inbox, 'open');
}

/** Tasks of `status` the principal handles: assigned to them, or they or one of their groups is a candidate. */
export function whereHandledBy(q: Knex.QueryBuilder, dialect: Dialect, status: TaskStatus, p: Principal): Knex.QueryBuilder {
  const candidates: Array<[CandidateKind, string[]]> = [['user', [p.username]]];
  if (p.groups.length > 0) candidates.push(['group', p.groups]);
  return q.where((w) => {
    w.where('t.assignee', p.username);
    for (const [kind, values] of candidates) {
      if (status === 'open') w.orWhereExists((e) => inboxRowOf(e, kind, values));
      else w.orWhereRaw(...jsonArrayHasAny(dialect, CANDIDATE_COLUMN[kind], values));
    }
  });
}

/** `t`'s inbox row for one of `values`: with the task's created_at and id, every probe is a primary-key lookup. */
function inboxRowOf(e: Knex.QueryBuilder, kind: CandidateKind, values: string[]): Knex.QueryBuilder {
  return e.select('m.task_id').from('task_candidates as m').where('m.kind', kind).whereIn('m.value', values).whereRaw('m.created_at = t.created_at').whereRaw('m.task_id = t.id');
}

/** An SQL condition (with its bindings): the JSON array of strings in `column` holds one of `values`. */
export function jsonArrayHasAny(dialect: Dialect, column: string, values: string[]): [string, string[]] {
  if (values.length === 0) return ['1 = 0', []];
  const elements = dialect === 'postgres' ? `jsonb_array_elements_text(${column}::jsonb) as j(value)` : `json_each(${column}) as j`;
  return [`exists (select 1 from ${elements} where j.value in (${values.map(() => '?').join(', ')}))`, values];
}

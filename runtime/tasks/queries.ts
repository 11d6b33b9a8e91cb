import type { Knex } from 'knex';
import type { Principal } from '../auth/index.js';
import type { Dialect } from '../platform/db/connection.js';
import { Tx } from '../platform/db/tx.js';
import type { Deps } from '../platform/http/deps.js';
import { canSeeAllTasks, isCandidate } from './access.js';
import type { TaskRow } from './views.js';
import { taskTableOf, type TaskStatus } from '../store/task-row.js';

/**
 * Conditions for the task lists on `t`: open tasks are `tasks` rows, closed ones `task_history`
 * rows (migration 004), with the same columns. An open task's candidates are rows of
 * `task_candidates`, the inbox index keyed (kind, value, created_at, task_id) with the task's own
 * created_at; a closed task has no such rows, so closed tasks are matched on their
 * `candidate_groups` / `candidate_users` JSON arrays instead.
 */

export type { TaskStatus };
type CandidateKind = 'group' | 'user';

// SQLite uses a partial index only when the query itself states the index's condition (a bound
// parameter does not count), so the conditions are literals from this fixed map: `status = 'open'`
// for the open-task indexes.
const STATUS_CONDITION = new Map<string, string>([
  ['open', "t.status = 'open'"],
  ['completed', "t.status = 'completed'"],
  ['cancelled', "t.status = 'cancelled'"],
]);

const CANDIDATE_COLUMN: Record<CandidateKind, string> = { group: 't.candidate_groups', user: 't.candidate_users' };

/** The tasks of `status` as `t`: the open ones from `tasks`, the closed ones from `task_history`. */
export function tasksOf(knex: Knex, status: TaskStatus): Knex.QueryBuilder {
  return whereTaskStatus(knex(`${taskTableOf(status)} as t`).select('t.*'), status);
}

export function whereTaskStatus(q: Knex.QueryBuilder, status: TaskStatus): Knex.QueryBuilder {
  const condition = STATUS_CONDITION.get(status);
  if (!condition) throw new Error(`unknown task status "${status}"`);
  return q.whereRaw(condition);
}

/**
 * Tasks of `status` (from `tasksOf`) that have `value` among their candidates of `kind`. Open
 * tasks come through their inbox rows, joined as `c` (ordering by `c.created_at` follows the
 * primary key).
 */
export function whereCandidate(
  q: Knex.QueryBuilder,
  dialect: Dialect,
  status: TaskStatus,
  kind: CandidateKind,
  value: string,
): Knex.QueryBuilder {
  if (status !== 'open') return q.whereRaw(...jsonArrayHasAny(dialect, CANDIDATE_COLUMN[kind], [value]));
  // Joined on the task id alone: adding created_at (equal by construction) makes PostgreSQL expect a
  // single row, hash-join and sort the whole group instead of walking the key in order.
  return q.join('task_candidates as c', 'c.task_id', 't.id').where({ 'c.kind': kind, 'c.value': value });
}

/** Tasks of `status` the principal handles: assigned to them, or they or one of their groups is a candidate. */
export function whereHandledBy(
  q: Knex.QueryBuilder,
  dialect: Dialect,
  status: TaskStatus,
  p: Principal,
): Knex.QueryBuilder {
  return q.where((w) => {
    w.where('t.assignee', p.username);
    for (const [kind, values] of candidatesOf(p)) {
      if (status === 'open') w.orWhereExists((e) => inboxRowOf(e, kind, values));
      else w.orWhereRaw(...jsonArrayHasAny(dialect, CANDIDATE_COLUMN[kind], values));
    }
  });
}

/**
 * A condition on a row that names a case (`instanceColumn`): the principal handles one of the
 * case's tasks, open or closed (assignee, or a candidate group by the task's own list).
 */
export function whereHandlesTaskOfCase(
  q: Knex.QueryBuilder,
  knex: Knex,
  dialect: Dialect,
  instanceColumn: string,
  p: Principal,
): Knex.QueryBuilder {
  const handledTask = (table: 'tasks' | 'task_history') => (e: Knex.QueryBuilder) =>
    e
      .select(knex.raw('1'))
      .from(`${table} as t`)
      .whereRaw(`t.instance_id = ${instanceColumn}`)
      .andWhere((c) => {
        c.where('t.assignee', p.username);
        if (p.groups.length > 0) c.orWhereRaw(...jsonArrayHasAny(dialect, 't.candidate_groups', p.groups));
      });
  return q.where((w) => w.whereExists(handledTask('tasks')).orWhereExists(handledTask('task_history')));
}

function candidatesOf(p: Principal): Array<[CandidateKind, string[]]> {
  const candidates: Array<[CandidateKind, string[]]> = [['user', [p.username]]];
  if (p.groups.length > 0) candidates.push(['group', p.groups]);
  return candidates;
}

/** `t`'s inbox row for one of `values`: with the task's created_at and id, every probe is a primary-key lookup. */
function inboxRowOf(e: Knex.QueryBuilder, kind: CandidateKind, values: string[]): Knex.QueryBuilder {
  return e
    .select('m.task_id')
    .from('task_candidates as m')
    .where('m.kind', kind)
    .whereIn('m.value', values)
    .whereRaw('m.created_at = t.created_at')
    .whereRaw('m.task_id = t.id');
}

/** An SQL condition (with its bindings): the JSON array of strings in `column` holds one of `values`. */
export function jsonArrayHasAny(dialect: Dialect, column: string, values: string[]): [string, string[]] {
  if (values.length === 0) return ['1 = 0', []];
  const elements =
    dialect === 'postgres' ? `jsonb_array_elements_text(${column}::jsonb) as j(value)` : `json_each(${column}) as j`;
  return [`exists (select 1 from ${elements} where j.value in (${values.map(() => '?').join(', ')}))`, values];
}

const CASE_LIST_KEYS = new Set(['processInstanceId', 'limit', 'status', 'sort']);

/** `GET /api/tasks?processInstanceId=…` with nothing else but the defaults (open, by creation): `openTasksOfCase` answers it. */
export function isCaseTaskList(query: Record<string, string | undefined>): boolean {
  if (query.processInstanceId === undefined) return false;
  if (query.status !== undefined && query.status !== 'open') return false;
  if (query.sort !== undefined && query.sort !== 'createdAt') return false;
  for (const key in query) if (query[key] !== undefined && !CASE_LIST_KEYS.has(key)) return false;
  return true;
}

/**
 * The open tasks of one case the principal may see, oldest first, as the task list's conditions
 * select them for these parameters: tasks of the principal's tenants, of the tenants above only
 * those it handles, and unless it sees every task, only those it handles. A case has a handful of
 * open tasks, so they are read by the case's index alone and filtered here: "handles" is the
 * assignee or a candidate by the task's own lists, which its inbox rows in `task_candidates` are
 * written from (`isCandidate`, the rule `GET /api/tasks/:id` applies), and the order is the
 * list's (created_at). The SQL builder, the tenant list and the sort cost more than the read.
 */
export async function openTasksOfCase(deps: Deps, p: Principal, instanceId: string, limit: number): Promise<TaskRow[]> {
  const rows = await Tx.read<TaskRow>(deps.db, "select * from tasks where instance_id = ? and status = 'open'", [
    instanceId,
  ]);
  const all = canSeeAllTasks(p);
  return rows
    .filter((t) => {
      const handles = isCandidate(p, t);
      const reached = p.subtree.has(t.tenant_id) || (handles && p.above?.has(t.tenant_id) === true);
      return reached && (all || handles);
    })
    .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

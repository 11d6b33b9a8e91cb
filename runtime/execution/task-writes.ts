import type { Tx } from '../platform/db/tx.js';
import { DEADLINE_STATE_COLUMNS, DEADLINE_STATE_FIELDS, type DeadlineState } from '../deadlines/index.js';

/** A new open task's row (the columns the command path writes). */
export interface NewTask {
  id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  name: string | null;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  due_at: string | null;
  warn_at: string | null;
  follow_up_at: string | null;
  priority: number;
  form_key: string | null;
  details: string | null;
  created_at: string;
}

const TASK_COLUMNS = [
  'id',
  'instance_id',
  'tenant_id',
  'element_id',
  'name',
  'assignee',
  'candidate_groups',
  'candidate_users',
  'due_at',
  'warn_at',
  'follow_up_at',
  'priority',
  'form_key',
  'details',
  'created_at',
] as const;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** The column list and values of a task's insert, with or without its deadline state. */
const TASK_VALUES = {
  plain: `(${TASK_COLUMNS.join(', ')}, status) values (${placeholders(TASK_COLUMNS.length)}, 'open')`,
  withDeadline:
    `(${TASK_COLUMNS.join(', ')}, ${DEADLINE_STATE_COLUMNS.join(', ')}, status) ` +
    `values (${placeholders(TASK_COLUMNS.length + DEADLINE_STATE_COLUMNS.length)}, 'open')`,
} as const;
const INSERT_CANDIDATE = 'insert into task_candidates (kind, value, created_at, task_id) values (?, ?, ?, ?)';

/** PostgreSQL: the task and its inbox rows (from a JSON list, any number) in one statement of data-modifying CTEs. */
const INSERT_TASK_PG = (values: string) =>
  `with t as (insert into tasks ${values}), ` +
  `c as (insert into task_candidates (kind, value, created_at, task_id) select x.kind, x.value, ?, ? from json_to_recordset(?::json) as x(kind text, value text))` +
  ' select 1';
const INSERT = {
  sqlite: {
    plain: `insert into tasks ${TASK_VALUES.plain}`,
    withDeadline: `insert into tasks ${TASK_VALUES.withDeadline}`,
  },
  postgres: { plain: INSERT_TASK_PG(TASK_VALUES.plain), withDeadline: INSERT_TASK_PG(TASK_VALUES.withDeadline) },
} as const;

/** Writes a new open task, with its deadline state when it has one, and its inbox rows. */
export function insertTask(tx: Tx, task: NewTask, deadline: DeadlineState | undefined): void {
  const taskValues = TASK_COLUMNS.map((c) =>
    c === 'candidate_groups' || c === 'candidate_users' ? JSON.stringify(task[c]) : task[c],
  );
  const values = deadline ? [...taskValues, ...DEADLINE_STATE_FIELDS.map((f) => deadline[f])] : taskValues;
  const candidates = [...new Set(task.candidate_groups)]
    .map((value) => ({ kind: 'group', value }))
    .concat([...new Set(task.candidate_users)].map((value) => ({ kind: 'user', value })));
  const shape = deadline ? 'withDeadline' : 'plain';
  if (tx.dialect === 'postgres') {
    tx.write(INSERT.postgres[shape], [...values, task.created_at, task.id, JSON.stringify(candidates)]);
    return;
  }
  tx.write(INSERT.sqlite[shape], values);
  for (const c of candidates) tx.write(INSERT_CANDIDATE, [c.kind, c.value, task.created_at, task.id]);
}

/** A task that ends moves to task_history with how its deadline went (migration 004). */
const TASK_HISTORY_COLUMNS =
  'id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at, ' +
  'priority, form_key, details, extension_count, created_at, completed_at, completed_by, deadline_stage, yellow_at, red_at, supervised_at';
/** task_history has no deadline columns but the outcome: the spec goes back into `details` (see storedDetails). */
const HISTORY_DETAILS = {
  sqlite:
    "case when t.deadline_spec is null then t.details else json_set(coalesce(t.details, '{}'), '$.deadline', t.deadline_spec) end",
  postgres:
    "case when t.deadline_spec is null then t.details else (coalesce(t.details, '{}')::jsonb || jsonb_build_object('deadline', t.deadline_spec))::text end",
} as const;
const historyValues = (details: string) =>
  't.id, t.instance_id, t.tenant_id, t.element_id, t.name, ?, t.assignee, t.candidate_groups, t.candidate_users, t.due_at, t.warn_at, t.follow_up_at, ' +
  `t.priority, t.form_key, ${details}, t.extension_count, t.created_at, ?, ?, t.stage, t.yellow_at, t.red_at, t.supervised_at`;

// SQLite: the inbox rows of one kind, deleted by their whole key so the primary key is searched
// (with both kinds in one OR, SQLite searched by (kind, value) only: a whole group's rows).
function sqliteCandidateDelete(kind: 'group' | 'user', list: 'candidate_groups' | 'candidate_users'): string {
  return (
    `delete from task_candidates where kind = '${kind}' and value in (select value from json_each((select ${list} from tasks where id = ?))) ` +
    'and created_at = (select created_at from tasks where id = ?) and task_id = ?'
  );
}

// PostgreSQL: each inbox row is looked up by its whole key in a subquery of its own (always a
// primary-key probe), then deleted by its row address. Deleting through a join or `value = any(…)`
// let the generic plan scan a whole group's rows, dead ones included.
const PG_CANDIDATE_DELETE =
  'c as (delete from task_candidates where ctid = any (array(' +
  'select (select c.ctid from task_candidates c where c.kind = x.kind and c.value = x.value and c.created_at = t.created_at and c.task_id = t.id) from t, ' +
  "lateral (select 'group' as kind, g as value from json_array_elements_text(t.candidate_groups::json) g " +
  "union all select 'user', u from json_array_elements_text(t.candidate_users::json) u) x)))";

/**
 * Ending a task: archive it (with its deadline columns), remove its inbox rows (keyed (kind,
 * value, created_at, task_id), so they are found from the task's own candidate lists and creation
 * time) and itself. SQLite: four statements in order. PostgreSQL: one statement of
 * data-modifying CTEs (all see the rows as they were; the archive reads the deleted row's RETURNING).
 */
export const END_TASK = {
  sqlite: [
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${historyValues(HISTORY_DETAILS.sqlite)} from tasks t where t.id = ?`,
    sqliteCandidateDelete('group', 'candidate_groups'),
    sqliteCandidateDelete('user', 'candidate_users'),
    'delete from tasks where id = ?',
  ],
  postgres:
    'with t as (delete from tasks where id = ? returning *), ' +
    PG_CANDIDATE_DELETE +
    ' ' +
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${historyValues(HISTORY_DETAILS.postgres)} from t`,
} as const;

/** Closes an open task: it moves to task_history; its inbox rows go. */
export function endTask(
  tx: Tx,
  taskId: string,
  status: 'completed' | 'cancelled',
  actor: string | null,
  now: string,
): void {
  if (tx.dialect === 'postgres') {
    tx.write(END_TASK.postgres, [taskId, status, now, actor]);
    return;
  }
  const [archive, groups, users, task] = END_TASK.sqlite;
  tx.write(archive, [status, now, actor, taskId]);
  tx.write(groups, [taskId, taskId, taskId]);
  tx.write(users, [taskId, taskId, taskId]);
  tx.write(task, [taskId]);
}

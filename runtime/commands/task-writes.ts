import type { Tx } from '../db/tx.js';
import type { DeadlineRow } from '../deadlines/model.js';
import { DEADLINE_COLUMNS, INSERT_DEADLINE } from './deadlines.js';

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
  'id', 'instance_id', 'tenant_id', 'element_id', 'name', 'assignee', 'candidate_groups', 'candidate_users', 'due_at', 'warn_at', 'follow_up_at',
  'priority', 'form_key', 'details', 'created_at',
] as const;
const TASK_VALUES = `(${TASK_COLUMNS.join(', ')}, status) values (${TASK_COLUMNS.map(() => '?').join(', ')}, 'open')`;
const INSERT_TASK = `insert into tasks ${TASK_VALUES}`;
const INSERT_CANDIDATE = 'insert into task_candidates (kind, value, created_at, task_id) values (?, ?, ?, ?)';

/**
 * PostgreSQL: the task, its inbox rows (from a JSON list, any number) and its deadline row in one
 * statement of data-modifying CTEs, instead of one statement each.
 */
const INSERT_TASK_PG = (withDeadline: boolean) =>
  `with t as (insert into tasks ${TASK_VALUES}), ` +
  `c as (insert into task_candidates (kind, value, created_at, task_id) select x.kind, x.value, ?, ? from json_to_recordset(?::json) as x(kind text, value text))` +
  (withDeadline ? `, d as (${INSERT_DEADLINE})` : '') +
  ' select 1';

/** Writes a new open task with its inbox rows and, when it has one, its deadline row. */
export function insertTask(tx: Tx, task: NewTask, deadline: DeadlineRow | undefined): void {
  const taskValues = TASK_COLUMNS.map((c) => (c === 'candidate_groups' || c === 'candidate_users' ? JSON.stringify(task[c]) : task[c]));
  const candidates = [...new Set(task.candidate_groups)].map((value) => ({ kind: 'group', value })).concat([...new Set(task.candidate_users)].map((value) => ({ kind: 'user', value })));
  const deadlineValues = deadline ? DEADLINE_COLUMNS.map((c) => deadline[c]) : [];
  if (tx.dialect === 'postgres') {
    tx.write(INSERT_TASK_PG(deadline !== undefined), [...taskValues, task.created_at, task.id, JSON.stringify(candidates), ...deadlineValues]);
    return;
  }
  tx.write(INSERT_TASK, taskValues);
  for (const c of candidates) tx.write(INSERT_CANDIDATE, [c.kind, c.value, task.created_at, task.id]);
  if (deadline) tx.write(INSERT_DEADLINE, deadlineValues);
}

/** A task that ends moves to task_history with how its deadline went (migration 004). */
const TASK_HISTORY_COLUMNS =
  'id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at, ' +
  'priority, form_key, details, extension_count, created_at, completed_at, completed_by, deadline_stage, yellow_at, red_at, supervised_at';
const HISTORY_VALUES =
  't.id, t.instance_id, t.tenant_id, t.element_id, t.name, ?, t.assignee, t.candidate_groups, t.candidate_users, t.due_at, t.warn_at, t.follow_up_at, ' +
  't.priority, t.form_key, t.details, t.extension_count, t.created_at, ?, ?, d.stage, d.yellow_at, d.red_at, d.supervised_at';

/**
 * Ending a task: archive it, remove its inbox rows (keyed (kind, value, created_at, task_id), so
 * they are found from the task's own candidate lists and creation time), its deadline row and
 * itself. SQLite: four statements in order. PostgreSQL: one statement of data-modifying CTEs (all
 * see the rows as they were; the archive reads the deleted rows' RETURNING).
 */
const END_TASK = {
  sqlite: [
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${HISTORY_VALUES} from tasks t left join task_deadlines d on d.task_id = t.id where t.id = ?`,
    "delete from task_candidates where task_id = ? and created_at = (select created_at from tasks where id = ?) and (" +
      "(kind = 'group' and value in (select value from json_each((select candidate_groups from tasks where id = ?)))) or " +
      "(kind = 'user' and value in (select value from json_each((select candidate_users from tasks where id = ?)))))",
    'delete from task_deadlines where task_id = ?',
    'delete from tasks where id = ?',
  ],
  postgres:
    'with t as (delete from tasks where id = ? returning *), ' +
    'd as (delete from task_deadlines where task_id = (select id from t) returning *), ' +
    'c as (delete from task_candidates c using t where c.task_id = t.id and c.created_at = t.created_at and (' +
    "(c.kind = 'group' and c.value in (select json_array_elements_text(t.candidate_groups::json))) or " +
    "(c.kind = 'user' and c.value in (select json_array_elements_text(t.candidate_users::json))))) " +
    `insert into task_history (${TASK_HISTORY_COLUMNS}) select ${HISTORY_VALUES} from t left join d on true`,
} as const;

/** Closes an open task: it moves to task_history; its inbox and deadline rows go. */
export function endTask(tx: Tx, taskId: string, status: 'completed' | 'cancelled', actor: string | null, now: string): void {
  if (tx.dialect === 'postgres') {
    tx.write(END_TASK.postgres, [taskId, status, now, actor]);
    return;
  }
  const [archive, candidates, deadline, task] = END_TASK.sqlite;
  tx.write(archive, [status, now, actor, taskId]);
  tx.write(candidates, [taskId, taskId, taskId, taskId]);
  tx.write(deadline, [taskId]);
  tx.write(task, [taskId]);
}

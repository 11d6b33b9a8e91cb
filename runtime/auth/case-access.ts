import type { Knex } from 'knex';
import type { Dialect } from '../platform/db/connection.js';
import { select } from '../platform/db/tx.js';
import { hasRole, type Principal } from './accounts.js';

/**
 * Who may read a case (its variables hold names, phone numbers and the appeal's text):
 * supervisors and administrators every case of their subtree; plain staff only the cases they
 * worked on — started, handled or completed a task of — or hold or are offered a task of
 * (directly or through one of their groups), and the cases copied to them (抄送).
 */
export function seesAllCases(p: Principal): boolean {
  return hasRole(p, 'tenant-admin', 'supervisor');
}

/** Narrows a query over cases (`instanceColumn` names the case id) to those `p` may read; the subtree is the caller's to apply. */
export function whereCaseReadable(
  q: Knex.QueryBuilder,
  knex: Knex,
  dialect: Dialect,
  instanceColumn: string,
  p: Principal,
): Knex.QueryBuilder {
  if (seesAllCases(p)) return q;
  const [sql, bindings] = workedOnSql(dialect, instanceColumn, p);
  return q.whereRaw(sql, bindings as Knex.RawBinding[]);
}

/** Whether `p` may read the case (the 404 of a case that does not exist is the caller's to give). */
export async function mayReadCase(
  db: Knex,
  dialect: Dialect,
  p: Principal,
  instance: { id: string; tenant_id: string },
): Promise<boolean> {
  // A case of a tenant above the caller's: only one they work on (a step offered to their group).
  const above = !p.subtree.has(instance.tenant_id);
  if (above && !p.above?.has(instance.tenant_id)) return false;
  if (seesAllCases(p) && !above) return true;
  const [sql, bindings] = workedOnSql(dialect, 'i.id', p);
  return (
    (await select(db, `select 1 as ok from instances i where i.id = ? and ${sql}`, [instance.id, ...bindings])).length >
    0
  );
}

/**
 * Whether `p` may add to the case file (attachments): as for reading, but a copy (抄送) alone
 * gives read-only access — a CC recipient reads the file and does not add to it.
 */
export async function mayAddToCase(
  db: Knex,
  dialect: Dialect,
  p: Principal,
  instance: { id: string; tenant_id: string },
): Promise<boolean> {
  if (!p.subtree.has(instance.tenant_id)) return false;
  if (seesAllCases(p)) return true;
  const [sql, bindings] = workedOnSql(dialect, 'i.id', p, false);
  return (
    (await select(db, `select 1 as ok from instances i where i.id = ? and ${sql}`, [instance.id, ...bindings])).length >
    0
  );
}

/**
 * One SQL condition (with bindings) on the case in `instanceColumn`: an open task `p` holds or is
 * offered, a closed one they held, completed or were offered, or a history entry of theirs (the
 * case's start, a note).
 */
function workedOnSql(dialect: Dialect, instanceColumn: string, p: Principal, copies = true): [string, unknown[]] {
  const json = (column: string, values: string[]) => jsonHasAny(dialect, column, values);
  const parts: string[] = [];
  const bindings: unknown[] = [];
  const add = (sql: string, values: unknown[]) => {
    parts.push(sql);
    bindings.push(...values);
  };
  for (const table of ['tasks', 'task_history'] as const) {
    const [users, userValues] = json('t.candidate_users', [p.username]);
    const [groups, groupValues] = json('t.candidate_groups', p.groups);
    const completed = table === 'task_history' ? ' or t.completed_by = ?' : '';
    add(
      `exists (select 1 from ${table} t where t.instance_id = ${instanceColumn} and (t.assignee = ?${completed} or ${users} or ${groups}))`,
      [p.username, ...(completed ? [p.username] : []), ...userValues, ...groupValues],
    );
  }
  add(`exists (select 1 from history h where h.instance_id = ${instanceColumn} and h.actor = ?)`, [p.username]);
  if (!copies) return [`(${parts.join(' or ')})`, bindings];
  // 抄送: a copy to them or one of their departments lets them read the case.
  const groupList =
    p.groups.length > 0
      ? ` or (cc.recipient_kind = 'group' and cc.recipient in (${p.groups.map(() => '?').join(', ')}))`
      : '';
  add(
    `exists (select 1 from case_cc cc where cc.instance_id = ${instanceColumn} and ((cc.recipient_kind = 'user' and cc.recipient = ?)${groupList}))`,
    [p.username, ...p.groups],
  );
  return [`(${parts.join(' or ')})`, bindings];
}

/**
 * Whether `p` may set variables on the cases a message reaches: an integration role or an
 * administrator may; anyone else only when they hold or are offered an open task of every such
 * case (and the message reaches at least one: a message start is for integrations).
 */
export async function maySetVariablesBy(
  db: Knex,
  dialect: Dialect,
  p: Principal,
  instanceIds: string[],
): Promise<boolean> {
  if (hasRole(p, 'tenant-admin', 'integration')) return true;
  if (instanceIds.length === 0) return false;
  const [users, userValues] = jsonHasAny(dialect, 't.candidate_users', [p.username]);
  const [groups, groupValues] = jsonHasAny(dialect, 't.candidate_groups', p.groups);
  const rows = await select<{ instance_id: string }>(
    db,
    `select distinct t.instance_id from tasks t where t.instance_id in (${instanceIds.map(() => '?').join(', ')}) and (t.assignee = ? or ${users} or ${groups})`,
    [...instanceIds, p.username, ...userValues, ...groupValues],
  );
  return new Set(rows.map((r) => r.instance_id)).size === new Set(instanceIds).size;
}

function jsonHasAny(dialect: Dialect, column: string, values: string[]): [string, unknown[]] {
  if (values.length === 0) return ['1 = 0', []];
  const elements =
    dialect === 'postgres' ? `jsonb_array_elements_text(${column}::jsonb) as j(value)` : `json_each(${column}) as j`;
  return [`exists (select 1 from ${elements} where j.value in (${values.map(() => '?').join(', ')}))`, values];
}

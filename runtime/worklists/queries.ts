import type { Knex } from 'knex';
import type { Principal } from '../auth/index.js';
import type { Deps } from '../platform/http/deps.js';
import { caseTitles, markCopyRead } from '../tasks/index.js';

export const PAGE_SIZE = 20;

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  more: boolean;
  items: T[];
}

/** A query's page: its rows from `page` (1-based) and the count of all of them. */
async function paged<R, T>(
  q: Knex.QueryBuilder,
  page: number,
  order: Array<{ column: string; order: 'asc' | 'desc' }>,
  view: (rows: R[]) => Promise<T[]>,
): Promise<Paged<T>> {
  const [count] = (await q.clone().clearSelect().count({ n: '*' })) as Array<{ n: number | string }>;
  const total = Number(count?.n ?? 0);
  const rows = (await q
    .orderBy(order)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)) as R[];
  return { total, page, pageSize: PAGE_SIZE, more: page * PAGE_SIZE < total, items: await view(rows) };
}

/** 已办: the tasks the caller completed, newest first. */
export function doneTasks(deps: Deps, p: Principal, page: number) {
  const q = deps.db
    .knex('task_history as t')
    .join('instances as i', 'i.id', 't.instance_id')
    .where('t.completed_by', p.username)
    // Their own work at a tenant above theirs too (东村's grid worker verifying A镇's appeals).
    .whereIn('t.tenant_id', [...p.subtree, ...(p.above ?? [])])
    .select(
      't.id',
      't.instance_id',
      't.element_id',
      't.name',
      't.completed_at',
      'i.business_key',
      'i.status as case_status',
    );
  type Row = {
    id: string;
    instance_id: string;
    element_id: string;
    name: string | null;
    completed_at: string;
    business_key: string | null;
    case_status: string;
  };
  return paged<Row, unknown>(
    q,
    page,
    [
      { column: 't.completed_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ],
    async (rows) => {
      const titles = await caseTitles(
        deps,
        rows.map((r) => r.instance_id),
      );
      return rows.map((r) => ({
        taskId: r.id,
        caseId: r.instance_id,
        trackingNo: r.business_key,
        caseTitle: titles.get(r.instance_id) ?? '',
        step: r.name ?? '',
        completedAt: r.completed_at,
        caseStatus: r.case_status,
      }));
    },
  );
}

/** 我发起: the cases the caller registered, newest first. */
export function startedCases(deps: Deps, p: Principal, page: number) {
  const q = deps.db
    .knex('case_search as s')
    .join('instances as i', 'i.id', 's.instance_id')
    .where('s.started_by', p.username)
    .whereIn('s.tenant_id', [...p.subtree])
    .select('s.instance_id', 's.business_key', 's.channel', 's.created_at', 'i.status');
  type Row = {
    instance_id: string;
    business_key: string | null;
    channel: string | null;
    created_at: string;
    status: string;
  };
  return paged<Row, unknown>(
    q,
    page,
    [
      { column: 's.created_at', order: 'desc' },
      { column: 's.instance_id', order: 'desc' },
    ],
    async (rows) => {
      const titles = await caseTitles(
        deps,
        rows.map((r) => r.instance_id),
      );
      return rows.map((r) => ({
        caseId: r.instance_id,
        trackingNo: r.business_key,
        caseTitle: titles.get(r.instance_id) ?? '',
        channel: r.channel,
        status: r.status,
        createdAt: r.created_at,
      }));
    },
  );
}

/** The `case_cc` rows addressed to the caller: to them, or to one of their groups. */
export function whereCcTo(q: Knex.QueryBuilder, p: Principal): Knex.QueryBuilder {
  return q.where((w) => {
    w.where({ 'c.recipient_kind': 'user', 'c.recipient': p.username });
    if (p.groups.length > 0) w.orWhere((g) => g.where('c.recipient_kind', 'group').whereIn('c.recipient', p.groups));
  });
}

type CcRow = {
  id: number;
  instance_id: string;
  task_id: string | null;
  recipient_kind: 'user' | 'group';
  recipient: string;
  note: string | null;
  created_by: string;
  created_at: string;
  read_at: string | null;
  read_by: string | null;
  business_key: string | null;
};

function ccQuery(knex: Knex, p: Principal): Knex.QueryBuilder {
  return knex('case_cc as c')
    .join('instances as i', 'i.id', 'c.instance_id')
    .whereIn('c.tenant_id', [...p.subtree])
    .select('c.*', 'i.business_key');
}

/** 抄送我: copies addressed to the caller, newest first, each with whether it was read. */
export async function ccReceived(deps: Deps, p: Principal, page: number) {
  const list = await paged<CcRow, unknown>(
    whereCcTo(ccQuery(deps.db.knex, p), p),
    page,
    [
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ],
    (rows) => ccItems(deps, rows),
  );
  return { ...list, unread: await ccUnread(deps.db.knex, p) };
}

/** 我抄送的: copies the caller sent, newest first, with who read each and when (read receipts). */
export function ccSent(deps: Deps, p: Principal, page: number) {
  return paged<CcRow, unknown>(
    ccQuery(deps.db.knex, p).where('c.created_by', p.username),
    page,
    [
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ],
    (rows) => ccItems(deps, rows),
  );
}

export async function ccUnread(knex: Knex, p: Principal): Promise<number> {
  const [row] = (await whereCcTo(
    knex('case_cc as c')
      .whereIn('c.tenant_id', [...p.subtree])
      .whereNull('c.read_at'),
    p,
  ).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

/** Marks a copy addressed to the caller read (the first reading counts); undefined when it is not theirs. */
export async function markCcRead(deps: Deps, p: Principal, id: number): Promise<unknown> {
  const row = (await whereCcTo(ccQuery(deps.db.knex, p), p).where('c.id', id).first()) as CcRow | undefined;
  if (!row) return undefined;
  if (!row.read_at) await markCopyRead(deps.db.knex, id, p.username, deps.clock.now());
  const fresh = (await ccQuery(deps.db.knex, p).where('c.id', id).first()) as CcRow;
  return (await ccItems(deps, [fresh]))[0];
}

async function ccItems(deps: Deps, rows: CcRow[]) {
  const knex = deps.db.knex;
  const titles = await caseTitles(
    deps,
    rows.map((r) => r.instance_id),
  );
  const people = new Set(
    rows
      .flatMap((r) => [r.created_by, r.read_by, r.recipient_kind === 'user' ? r.recipient : null])
      .filter((u): u is string => !!u),
  );
  const groups = new Set(rows.filter((r) => r.recipient_kind === 'group').map((r) => r.recipient));
  const taskIds = [...new Set(rows.map((r) => r.task_id).filter((t): t is string => !!t))];
  const [users, groupRows, openSteps, closedSteps] = await Promise.all([
    people.size
      ? knex('users')
          .whereIn('username', [...people])
          .select('username', 'display_name')
      : [],
    groups.size
      ? knex('groups')
          .whereIn('id', [...groups])
          .select('id', 'name')
      : [],
    taskIds.length ? knex('tasks').whereIn('id', taskIds).select('id', 'name') : [],
    taskIds.length ? knex('task_history').whereIn('id', taskIds).select('id', 'name') : [],
  ]);
  const userName = new Map(
    (users as Array<{ username: string; display_name: string }>).map((u) => [u.username, u.display_name]),
  );
  const groupName = new Map((groupRows as Array<{ id: string; name: string }>).map((g) => [g.id, g.name]));
  const stepName = new Map(
    [...openSteps, ...closedSteps].map((s: { id: string; name: string | null }) => [s.id, s.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.instance_id,
    trackingNo: r.business_key,
    caseTitle: titles.get(r.instance_id) ?? '',
    step: (r.task_id && stepName.get(r.task_id)) || null,
    note: r.note,
    from: r.created_by,
    fromName: userName.get(r.created_by) ?? null,
    createdAt: r.created_at,
    recipient: {
      kind: r.recipient_kind,
      id: r.recipient,
      name: (r.recipient_kind === 'user' ? userName.get(r.recipient) : groupName.get(r.recipient)) ?? r.recipient,
    },
    readAt: r.read_at,
    readBy: r.read_by,
    readByName: r.read_by ? (userName.get(r.read_by) ?? r.read_by) : null,
  }));
}

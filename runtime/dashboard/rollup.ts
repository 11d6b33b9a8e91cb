import type { Knex } from 'knex';
import { MAYBE_OVERDUE, UNSETTLED } from '../platform/db/migrations/031_dashboard_counters.js';
import { factsOfRoots, type CaseFacts, type RootRow } from './figures.js';

/**
 * The figures from `case_figures` (migration 029): one row per appeal with what it counts, kept
 * marked stale by the database's triggers whenever the case or a task's deadline is written. A
 * read first recomputes the stale rows of its period (with the same per-case computation the
 * figures always used, `factsOfRoots`), then groups the rows in SQL: the answer is a few hundred
 * groups, not every case of the period, and `groupFacts` turns them into the same figures.
 */
const SHANGHAI = 8 * 3_600_000;
const DAY = 86_400_000;
const CHUNK = 500;
const COUNT_COLUMNS = {
  answeredOnSpot: 'answered_on_spot',
  notAccepted: 'not_accepted',
  referred: 'referred',
  inProgress: 'in_progress',
  closed: 'closed',
  supervised: 'supervised',
  extended: 'extended',
  refused: 'refused',
  returned: 'returned',
  reworked: 'reworked',
  followedUp: 'followed_up',
  satisfied: 'satisfied',
} as const;

export interface Period {
  tenants: string[];
  from: string;
  to: string;
}

/** The Beijing day of an instant, `YYYY-MM-DD`. */
export const dayOf = (iso: string) => new Date(Date.parse(iso) + SHANGHAI).toISOString().slice(0, 10);

/** The row of `case_figures` for a case's facts. */
export function figuresRowOf(c: CaseFacts) {
  const row: Record<string, string | number | null> = {
    instance_id: c.id,
    tenant_id: c.tenant,
    created_at: c.createdAt,
    day: dayOf(c.createdAt),
    business_key: c.trackingNo,
    status: c.status,
    category: c.category.slice(0, 100),
    channel: c.channel.slice(0, 40),
    department: c.department.slice(0, 64),
    department_name: c.departmentName.slice(0, 200),
    late: c.late ? 1 : 0,
    open_due_at: c.openDueAt,
    refused_by: JSON.stringify(c.refusedBy),
  };
  for (const [key, column] of Object.entries(COUNT_COLUMNS)) row[column] = c.counts[key as keyof typeof COUNT_COLUMNS];
  return row;
}

/**
 * Recomputes the stale rows (of a period, or all), each written only if no write marked it again
 * meanwhile (a later read picks that one up), until done or `stopped`. Answers how many rows it
 * recomputed. Each chunk commits on its own: a long catch-up holds no lock for long.
 */
export async function refreshCaseFigures(
  knex: Knex,
  now: string,
  period?: Period,
  stopped: () => boolean = () => false,
): Promise<number> {
  const COLUMNS = ['instance_id', 'stale', 'created_at'];
  let done = 0;
  let after = { createdAt: '', id: '' };
  while (!stopped()) {
    const stale = (await serialRead(knex, (k) => {
      const q = k('case_figures').where('stale', '>', 0);
      // A period's few stale rows in the order of `case_figures_stale` (tenant, received): by instance
      // id, PostgreSQL would walk the primary key over every row of the table looking for them. All
      // stale rows (the catch-up) by the primary key: in received order every chunk would sort them all.
      if (!period)
        return q
          .where('instance_id', '>', after.id)
          .orderBy('instance_id')
          .limit(CHUNK)
          .select(...COLUMNS);
      return q
        .whereIn('tenant_id', period.tenants)
        .where('created_at', '>=', period.from)
        .where('created_at', '<', period.to)
        .whereRaw('(created_at > ? or (created_at = ? and instance_id > ?))', [
          after.createdAt,
          after.createdAt,
          after.id,
        ])
        .orderBy([{ column: 'created_at' }, { column: 'instance_id' }])
        .limit(CHUNK)
        .select(...COLUMNS);
    })) as Array<{ instance_id: string; stale: number; created_at: string }>;
    if (stale.length === 0) return done;
    const last = stale[stale.length - 1]!;
    after = { createdAt: last.created_at, id: last.instance_id };
    const roots = (await knex('instances')
      .whereIn(
        'id',
        stale.map((s) => s.instance_id),
      )
      .select('id', 'tenant_id', 'business_key', 'process_key', 'status', 'state', 'created_at')) as RootRow[];
    const facts = new Map((await factsOfRoots(knex, roots, now)).map((c) => [c.id, c]));
    const rows = stale.flatMap((s) => {
      const c = facts.get(s.instance_id);
      return c ? [{ ...figuresRowOf(c), stale: s.stale }] : [];
    });
    const gone = stale.filter((s) => !facts.has(s.instance_id));
    if (await writeChunk(knex, rows, gone)) done += stale.length;
  }
  return done;
}

/**
 * Runs reads with PostgreSQL's parallel workers off. The dashboard's statements read a few
 * thousand pre-summed rows, or a partial index's few rows; when the planner over-estimates those
 * (a partial index's rows are correlated with the period, which it cannot know), it starts workers,
 * and starting them costs more than the whole read — 50 to 150 ms under load against 1 to 5 ms.
 *
 * In one snapshot (repeatable read): the figures read the unsettled rows of `case_figures`, then the
 * settled ones summed in `case_figures_daily`; a row a writer marks stale in between moves from the
 * second to the first, and under read committed neither statement would count it.
 */
export async function serialRead<T>(knex: Knex, read: (k: Knex) => Promise<T>): Promise<T> {
  if (knex.client.config.client !== 'pg') return read(knex);
  return knex.transaction(
    async (trx) => {
      await trx.raw('set local max_parallel_workers_per_gather = 0');
      return read(trx);
    },
    { isolationLevel: 'repeatable read' },
  );
}

/**
 * A chunk's rows written in one transaction. A writer marking one of them stale while this updates
 * the day's sums can deadlock with it on PostgreSQL: the chunk is tried again, and after a third
 * loss left stale (the rows keep their last values; a later read computes them). Answers whether
 * it was written.
 */
async function writeChunk(
  knex: Knex,
  rows: Array<Record<string, string | number | null>>,
  gone: Array<{ instance_id: string; stale: number }>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.transaction(async (trx) => {
        for (const s of gone) await trx('case_figures').where({ instance_id: s.instance_id, stale: s.stale }).delete();
        await writeComputed(trx, rows);
      });
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code !== '40P01') throw err;
      if (attempt === 3) return false;
    }
  }
}

/**
 * Writes recomputed rows, each only where its row is still as stale as when it was read (`stale`
 * holds that mark; the row is written with 0). On PostgreSQL one statement for them all: a round trip
 * per row was most of a refresh's time. SQLite runs in-process, a statement per row costs no trip.
 */
async function writeComputed(trx: Knex.Transaction, rows: Array<Record<string, string | number | null>>) {
  if (rows.length === 0) return;
  if (trx.client.config.client === 'pg') {
    const columns = Object.keys(rows[0]!).filter((c) => c !== 'instance_id' && c !== 'stale');
    await trx.raw(
      `update case_figures f set ${columns.map((c) => `${c} = v.${c}`).join(', ')}, stale = 0
       from json_populate_recordset(null::case_figures, ?::json) v
       where f.instance_id = v.instance_id and f.stale = v.stale`,
      [JSON.stringify(rows)],
    );
    return;
  }
  for (const { stale, ...row } of rows)
    await trx('case_figures')
      .where({ instance_id: row.instance_id, stale })
      .update({ ...row, stale: 0 });
}

/** Appeals without a row — received before migration 029 — get one, stale. Answers how many. */
export async function insertMissingCaseFigures(knex: Knex): Promise<number> {
  const result = await knex.raw(
    `insert into case_figures (instance_id, tenant_id, created_at, day, business_key, status, stale)
     select i.id, i.tenant_id, i.created_at, substr(i.created_at, 1, 10), i.business_key, i.status, 1 from instances i
     where i.parent_id is null and not exists (select 1 from case_figures f where f.instance_id = i.id)
     on conflict (instance_id) do nothing`,
  );
  return Number(
    (result as { rowCount?: number; changes?: number }).rowCount ?? (result as { changes?: number }).changes ?? 0,
  );
}

/**
 * The missing rows inserted, then every stale row computed. Idempotent: it finds nothing to do once
 * done. A server does the second part in the background after it starts (`server.ts`).
 */
export async function backfillCaseFigures(knex: Knex, now: string): Promise<number> {
  await insertMissingCaseFigures(knex);
  return refreshCaseFigures(knex, now);
}

/** The grouping columns a figure grouping needs. */
export type RollupColumn = 'tenant_id' | 'day' | 'category' | 'channel' | 'department';

/**
 * The period's appeals summed per combination of `columns`, as facts `groupFacts` adds up like
 * single cases: each group's counts are its cases' sums, its refusals its cases' refusing departments.
 *
 * The period's whole Beijing days come from `case_figures_daily` (migration 031: the settled rows
 * summed per day by triggers) and, for those days, only the unsettled rows (open or stale) from
 * `case_figures`; its partial first and last days come from `case_figures`. Each appeal is in
 * exactly one of these.
 */
export async function rolledUpFacts(
  knex: Knex,
  period: Period,
  now: string,
  columns: RollupColumn[],
): Promise<CaseFacts[]> {
  await refreshCaseFigures(knex, now, period);
  const groupBy = [
    ...columns.flatMap((c) => (c === 'department' ? ['department', 'department_name'] : [c])),
    'refused_by',
  ];
  const rows = await serialRead(knex, (k) => summedRows(k, period, now, groupBy));
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return rows.map((r) => {
    const n = (key: string) => Number(r[key] ?? 0);
    const refusedBy = JSON.parse(text(r.refused_by) || '[]') as string[];
    const day = text(r.day);
    return {
      id: '',
      trackingNo: null,
      status: '',
      tenant: text(r.tenant_id),
      createdAt: day ? new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI).toISOString() : period.from,
      category: text(r.category),
      channel: text(r.channel),
      department: text(r.department),
      departmentName: text(r.department_name),
      // A group's refusing departments once per case of the group (most groups have none).
      refusedBy: refusedBy.length === 0 ? [] : Array.from({ length: n('received') }, () => refusedBy).flat(),
      late: false,
      openDueAt: null,
      counts: {
        received: n('received'),
        answeredOnSpot: n('answeredOnSpot'),
        notAccepted: n('notAccepted'),
        referred: n('referred'),
        inProgress: n('inProgress'),
        closed: n('closed'),
        closedOnTime: n('closedOnTime'),
        overdue: n('overdue'),
        supervised: n('supervised'),
        extended: n('extended'),
        refused: n('refused'),
        refusals: 0,
        returned: n('returned'),
        reworked: n('reworked'),
        followedUp: n('followedUp'),
        satisfied: n('satisfied'),
      },
    };
  });
}

/** The period's rows of `case_figures_daily` and `case_figures`, each appeal in exactly one, grouped. */
async function summedRows(knex: Knex, period: Period, now: string, groupBy: string[]) {
  const { firstDay, endDay } = wholeDays(period);
  const rows: Array<Record<string, string | number | null>> = [];
  if (firstDay >= endDay) rows.push(...(await fromCaseFigures(knex, period, now, groupBy)));
  else {
    const [start, end] = [dayStart(firstDay), dayStart(endDay)];
    if (period.from < start) rows.push(...(await fromCaseFigures(knex, { ...period, to: start }, now, groupBy)));
    if (end < period.to) rows.push(...(await fromCaseFigures(knex, { ...period, from: end }, now, groupBy)));
    rows.push(...(await fromCaseFigures(knex, { ...period, from: start, to: end }, now, groupBy, true)));
    rows.push(
      ...((await knex('case_figures_daily')
        .whereIn('tenant_id', period.tenants)
        .where('day', '>=', firstDay)
        .where('day', '<', endDay)
        .where('received', '>', 0)
        .select(
          ...groupBy,
          knex.raw('sum(received) as received'),
          ...Object.entries(COUNT_COLUMNS).map(([key, column]) => knex.raw(`sum(${column}) as "${key}"`)),
          knex.raw('sum(late) as overdue'),
          knex.raw('sum(closed_on_time) as "closedOnTime"'),
        )
        .groupBy(groupBy)) as Array<Record<string, string | number | null>>),
    );
  }
  return rows;
}

/** The start of a Beijing day `YYYY-MM-DD`, as an instant. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI).toISOString();

/** The whole Beijing days inside a period: [firstDay, endDay) (none when firstDay >= endDay). */
export function wholeDays(period: { from: string; to: string }): { firstDay: string; endDay: string } {
  let firstDay = dayOf(period.from);
  if (dayStart(firstDay) < period.from) firstDay = dayOf(new Date(Date.parse(dayStart(firstDay)) + DAY).toISOString());
  return { firstDay, endDay: dayOf(period.to) };
}

/** The rows of `case_figures` received in a period (only the unsettled ones: open or stale), grouped. */
async function fromCaseFigures(
  knex: Knex,
  period: Period,
  now: string,
  groupBy: string[],
  unsettledOnly = false,
): Promise<Array<Record<string, string | number | null>>> {
  const overdue = '(late = 1 or (open_due_at is not null and open_due_at < ?))';
  const q = knex('case_figures')
    .whereIn('tenant_id', period.tenants)
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to);
  // The very text of the partial index `case_figures_unsettled`, so that both databases use it.
  if (unsettledOnly) q.whereRaw(UNSETTLED);
  return (await q
    .select(
      ...groupBy,
      knex.raw('count(*) as received'),
      ...Object.entries(COUNT_COLUMNS).map(([key, column]) => knex.raw(`sum(${column}) as "${key}"`)),
      knex.raw(`sum(case when ${overdue} then 1 else 0 end) as overdue`, [now]),
      knex.raw(`sum(case when closed = 1 and not ${overdue} then 1 else 0 end) as "closedOnTime"`, [now]),
    )
    .groupBy(groupBy)) as Array<Record<string, string | number | null>>;
}

/** The period's overdue appeals, oldest first, at most `limit`. */
export async function overdueAppeals(knex: Knex, period: Period, now: string, limit: number) {
  return (await serialRead(knex, (k) =>
    k('case_figures')
      .whereIn('tenant_id', period.tenants)
      .where('created_at', '>=', period.from)
      .where('created_at', '<', period.to)
      // `case_figures_overdue` holds the rows that may be overdue, in this order.
      .whereRaw(MAYBE_OVERDUE)
      .whereRaw('(late = 1 or open_due_at < ?)', [now])
      .orderBy([{ column: 'created_at' }, { column: 'instance_id' }])
      .limit(limit)
      .select(
        'instance_id',
        'business_key',
        'tenant_id',
        'category',
        'department',
        'department_name',
        'status',
        'supervised',
      ),
  )) as Array<{
    instance_id: string;
    business_key: string | null;
    tenant_id: string;
    category: string;
    department: string;
    department_name: string;
    status: string;
    supervised: number;
  }>;
}

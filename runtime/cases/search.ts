import type { Knex } from 'knex';
import { hasRole, seesAllCases, type Principal } from '../auth/index.js';
import { refreshCaseFigures } from '../dashboard/index.js';
import { lightOf, whereLight } from '../deadlines/index.js';
import type { Deps } from '../platform/http/deps.js';
import { ApiError } from '../platform/http/errors.js';
import { calledProcessAt, whereStuckAt, whereWaitingAt } from '../process-map/index.js';
import { maskPhone } from './field-access.js';

export const CASE_PAGE_SIZE = 20;
const COUNT_CAP = 1000;

export interface CaseQuery {
  q?: string;
  status?: string;
  category?: string;
  tenant?: string;
  /** A channel, or `-` for the cases with none recorded (the figures' 未记录). */
  channel?: string;
  /** 承办部门: the group the case was sent to. */
  department?: string;
  /** 在办部门: the cases with an open task offered to this group (with `light`: that task in that light). */
  openDepartment?: string;
  /** The level of the case's unit: 0 the city, 1 a township (街道), 2 a village (社区) and below. */
  level?: string;
  /** The cases of this unit and every unit below it. */
  under?: string;
  /** `true`: the cases late at some step (超期, as the figures count them): a task marked red, past its due time, or completed after it. */
  overdue?: string;
  /** The appeals a figure of the dashboard counts (受理量, 当场答复, 督办, 满意…): `CASE_FIGURES`' keys. */
  figure?: string;
  /** 退单: the cases this department (group) refused, each once, as the figures by department count its 退单案件. */
  refusedBy?: string;
  /** 各环节: the cases with an open task at the step of this name (with `light`: that task in that light). */
  openStep?: string;
  /** 流程监控: the cases in progress of this process (key); with `waitingAt` / `stuckAt`, at that element. */
  process?: string;
  /** With `process`: only the cases of this version (a definition id). */
  definition?: string;
  /** With `process`: the cases with a token waiting at this element (with `light`: its open task there in that light). */
  waitingAt?: string;
  /** With `process`: the cases stopped by an open incident at this element. */
  stuckAt?: string;
  /** The cases completed at or after this instant (the overview's 近30天办结). */
  closedSince?: string;
  from?: string;
  to?: string;
  light?: string;
  sort?: string;
  page?: number;
  /** Keyset paging: the `next` of the page before (the UI's 下一页); `page` is then not used. */
  after?: string;
}

/** Where a page ends: the last case's `created_at` and id, the order every search lists in. */
interface Key {
  at: string;
  id: string;
}
const encodeKey = (k: Key) => Buffer.from(JSON.stringify([k.at, k.id])).toString('base64url');
/** The key of an `after` cursor, or null when it is not one this service wrote. */
export function decodeKey(cursor: string): Key | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { at: v[0], id: v[1] };
  } catch {
    // not ours
  }
  return null;
}
/** Rows strictly past `key` in the order (`desc`: older; `asc`: newer), on the given columns. */
function pastKey(q: Knex.QueryBuilder, key: Key, order: 'asc' | 'desc', at: string, id: string) {
  const op = order === 'desc' ? '<' : '>';
  return q.where((w) => w.where(at, op, key.at).orWhere((b) => b.where(at, key.at).where(id, op, key.id)));
}
const compareRows = (order: 'asc' | 'desc') => (a: SearchRow, b: SearchRow) =>
  (order === 'asc' ? 1 : -1) *
  (a.created_at === b.created_at
    ? a.instance_id < b.instance_id
      ? -1
      : a.instance_id > b.instance_id
        ? 1
        : 0
    : a.created_at < b.created_at
      ? -1
      : 1);

const DIGITS = /^\d{4,20}$/;
/** A query matching more than this many cases is broad: its page is read newest first along the index, not sorted. */
const BROAD = 200;

/**
 * `value` and everything that starts with it, as a range an ordinary index answers on both databases.
 * `scan`: the same range on SQLite written so no index on the column is used (`+column`), so the
 * planner walks the newest-first index and stops after a page instead of sorting every match.
 */
function startsWith(w: Knex.QueryBuilder, column: string, value: string, scan: boolean): Knex.QueryBuilder {
  if (scan) return w.orWhereRaw(`(+${column} >= ? and +${column} < ?)`, [value, `${value}\uffff`]);
  return w.orWhere((r) => r.where(column, '>=', value).where(column, '<', `${value}\uffff`));
}

/** The text condition of `q`: a tracking number or business key, an appellant, a phone, an enterprise (each or its start). */
function matchText(q: Knex.QueryBuilder, text: string, scan: boolean): Knex.QueryBuilder {
  return q.where((w) => {
    if (DIGITS.test(text)) {
      w.where('cs.phone', text);
      startsWith(w, 'cs.phone_rev', [...text].reverse().join(''), scan);
    } else {
      w.where('cs.applicant_name', text);
    }
    startsWith(w, 'cs.business_key', text, scan);
    startsWith(w, 'cs.applicant_name', text, scan);
    startsWith(w, 'cs.enterprise_name', text, scan);
  });
}

/** Everyone `p` reads as in `case_readers`: themselves and their departments. */
const readersOf = (p: Principal) => [`u:${p.username}`, ...p.groups.map((g) => `g:${g}`)];
/** Below this many readable cases, a member of staff's search starts from those cases. */
const FEW = 5000;

/** How many cases `p` reads as (counting stops at `limit`): an index-only range of `case_readers`. */
async function readableAtMost(knex: Knex, p: Principal, limit: number): Promise<number> {
  const [row] = (await knex
    .count({ n: '*' })
    .from(knex('case_readers').whereIn('reader', readersOf(p)).select('instance_id').limit(limit).as('m'))) as Array<{
    n: number | string;
  }>;
  return Number(row?.n ?? 0);
}

/**
 * The cases the caller may see matching a query: `q` is a tracking number or business key (or its
 * start), an appellant's name (or its start), a phone number (exact, or its last digits), or an
 * enterprise's name (or its start). Every condition is a range on an index of `case_search`.
 *
 * Staff see the cases they are among the readers of (`case_readers`: the visibility rule of
 * `whereCaseReadable`, kept by triggers — who was offered, assigned, completed, wrote or was copied
 * a case), one index probe a case instead of the rule's four subqueries; with fewer than FEW readable
 * cases the query starts from them; with more and no text, their cases are counted from their reader
 * rows, which carry each case's tenant, category and creation time (migration 030): a query by
 * category or period is one index range per reader, with no search row read unless another condition
 * needs it. Counting stops past COUNT_CAP. A query with no match reads no
 * page; one with a few (up to BROAD) reads them as the count did and sorts them here; a broad one
 * reads its page in order and stops after it: an administrator's along `case_search_created_id`,
 * a member of staff's along each of their readers' own range of `case_readers_newest` (migration
 * 028), merged here. Pages are numbered (`page`) or follow a cursor (`after`, answered as `next`).
 */
export async function searchCases(deps: Deps, principal: Principal, query: CaseQuery) {
  const knex = deps.db.knex;
  const now = deps.clock.now();
  const text = query.q?.trim();
  const order = query.sort === 'createdAt' ? 'asc' : 'desc';
  const after = query.after ? decodeKey(query.after) : null;
  if (query.after && !after) throw new ApiError(400, 'CASE_CURSOR_INVALID', '翻页位置已失效，请从第一页重新查询');
  const tenants = await tenantsOf(deps, principal, query);
  if ((query.waitingAt || query.stuckAt || query.definition) && !query.process)
    throw new ApiError(400, 'CASE_FILTER_INVALID', 'waitingAt, stuckAt and definition need process');
  const calledProcess =
    query.process && query.waitingAt ? await calledProcessAt(knex, query.process, query.waitingAt) : null;
  /** Counted as the figures count: the appeal's facts and groups are those of `case_figures`. */
  const counted = !!(query.figure || query.refusedBy);
  // The figures recompute the rows of the cases written since (stale) before they count; so does this.
  if (counted) await refreshCaseFigures(knex, now, { tenants, from: query.from ?? '', to: query.to ?? END_OF_TIME });
  /**
   * The query's conditions on `case_search as cs` (and the case's status and tasks), without who may
   * read. `readerAnswers`: tenant, category and period are already conditions on the reader row
   * joined (`onReader`), the same values; not repeated here, so the planner finds each search row by
   * its key instead of trying the category's or the tenant's index for it.
   */
  const conditions = (q: Knex.QueryBuilder, scan: boolean, readerAnswers = false) => {
    if (!readerAnswers) q = q.whereIn('cs.tenant_id', tenants);
    if (text) q = matchText(q, text, scan);
    if (query.status)
      q = q.whereExists((e) =>
        e
          .select(knex.raw('1'))
          .from('instances as si')
          .whereRaw('si.id = cs.instance_id')
          .where('si.status', query.status!),
      );
    if (query.process)
      q = q.whereExists((e) => {
        const i = e
          .select(knex.raw('1'))
          .from('instances as pi')
          .whereRaw('pi.id = cs.instance_id')
          .where('pi.status', 'active')
          .where('pi.process_key', query.process!);
        if (query.definition) i.where('pi.definition_id', query.definition);
        if (query.waitingAt) whereWaitingAt(i, knex, 'pi.id', query.waitingAt, calledProcess);
        if (query.stuckAt) whereStuckAt(i, knex, 'pi.id', query.stuckAt);
        return i;
      });
    if (query.closedSince)
      q = q.whereExists((e) =>
        e
          .select(knex.raw('1'))
          .from('instances as ci')
          .whereRaw('ci.id = cs.instance_id')
          .where('ci.status', 'completed')
          .where('ci.ended_at', '>=', query.closedSince!),
      );
    if (!counted) {
      if (query.category && !readerAnswers) q = q.where('cs.category', query.category);
      if (query.channel === NO_CHANNEL) q = q.whereNull('cs.channel');
      else if (query.channel) q = q.where('cs.channel', query.channel);
      if (query.department) q = q.where('cs.department', query.department);
    }
    if (query.from && !readerAnswers) q = q.where('cs.created_at', '>=', query.from);
    if (query.to && !readerAnswers) q = q.where('cs.created_at', '<', query.to);
    if (query.overdue === 'true')
      q = q.where((w) =>
        w
          .whereExists((e) =>
            e
              .select(knex.raw('1'))
              .from('tasks as ot')
              .whereRaw('ot.instance_id = cs.instance_id')
              .where((late) =>
                late.whereNotNull('ot.red_at').orWhere((d) => d.whereNotNull('ot.due_at').where('ot.due_at', '<', now)),
              ),
          )
          .orWhereExists((e) =>
            e
              .select(knex.raw('1'))
              .from('task_history as ht')
              .whereRaw('ht.instance_id = cs.instance_id')
              .where((late) => late.whereNotNull('ht.red_at').orWhereRaw('ht.completed_at > ht.due_at')),
          ),
      );
    // One open task both offered to the department (at the step) and in the light, as the dashboard counts them.
    if (query.light || query.openDepartment || query.openStep)
      q = q.whereExists((e) => {
        const open = e.select(knex.raw('1')).from('tasks as t').whereRaw('t.instance_id = cs.instance_id');
        if (query.waitingAt) open.where('t.element_id', query.waitingAt);
        // The overview's steps are named as their tasks are (an unnamed one by its element).
        if (query.openStep) open.whereRaw('coalesce(t.name, t.element_id) = ?', [query.openStep]);
        if (query.openDepartment)
          open.whereExists((c) =>
            c
              .select(knex.raw('1'))
              .from('task_candidates as c')
              .whereRaw('c.task_id = t.id')
              .where('c.kind', 'group')
              .where('c.value', query.openDepartment!),
          );
        return whereLight(open, query.light, now, 'open');
      });
    // The figures' own per-case facts (`case_figures`, by its key: one probe per candidate case),
    // with the category, channel and department they group the appeal by (a case it called may
    // have changed them: A镇's labour dispute is the city department's).
    if (counted)
      q = q.whereExists((e) => {
        const f = e.select(knex.raw('1')).from('case_figures as f').whereRaw('f.instance_id = cs.instance_id');
        // The period and units again, on `case_figures`' own index: a planner that would rather hash
        // the figures than probe them per case reads the period's rows, not every appeal of the city.
        f.whereIn('f.tenant_id', tenants);
        if (query.from) f.where('f.created_at', '>=', query.from);
        if (query.to) f.where('f.created_at', '<', query.to);
        if (query.category) f.where('f.category', query.category);
        if (query.channel) f.where('f.channel', query.channel === NO_CHANNEL ? '' : query.channel);
        if (query.department) f.where('f.department', query.department);
        const figure = query.figure ? CASE_FIGURES[query.figure as CaseFigure] : undefined;
        if (figure) f.whereRaw(figure, figure.includes('?') ? [now] : []);
        if (query.refusedBy)
          f.whereRaw("f.refused_by like ? escape '!'", [
            `%${JSON.stringify(query.refusedBy).replace(/[!%_]/g, '!$&')}%`,
          ]);
        return f;
      });
    return q;
  };
  /**
   * The query's conditions a reader row answers itself (migration 030: each carries its case's
   * tenant, category and creation time), so a member of staff's cases of a category are one range of
   * `case_readers_category` per reader.
   */
  const onReader = (q: Knex.QueryBuilder) => {
    q = q.whereIn('r.tenant_id', tenants);
    // null: the case has no search row (yet), so no page can show it; '': it has one without a category.
    q = query.category && !counted ? q.where('r.category', query.category) : q.whereNotNull('r.category');
    if (query.from) q = q.where('r.created_at', '>=', query.from);
    if (query.to) q = q.where('r.created_at', '<', query.to);
    return q;
  };
  /** Whether the query has conditions beyond those of `onReader` (then each case's search row is read). */
  const needsSearchRow = !!(
    text ||
    query.status ||
    query.channel ||
    query.department ||
    query.light ||
    query.openDepartment ||
    query.overdue ||
    query.figure ||
    query.refusedBy ||
    query.openStep ||
    query.closedSince ||
    query.process
  );
  /** The query on the cases of `keys` (readers), read from `case_readers` first (SQLite: forced by CROSS JOIN). */
  const fromReaders = (keys: string[], scan: boolean) => {
    const q = onReader(knex('case_readers as r').whereIn('r.reader', keys));
    return conditions(
      deps.db.dialect === 'sqlite'
        ? q.crossJoin('case_search as cs', 'cs.instance_id', 'r.instance_id')
        : q.join('case_search as cs', 'cs.instance_id', 'r.instance_id'),
      scan,
      true,
    );
  };
  const filtered = (scan: boolean) => {
    const q = conditions(knex('case_search as cs'), scan);
    if (readers === 'all') return q;
    const mine = knex('case_readers as r').whereIn('r.reader', readersOf(principal));
    // Few cases: start from them (an index range); many: check each case the query's own index gives.
    return readers === 'few'
      ? q.whereIn('cs.instance_id', mine.select('r.instance_id'))
      : q.whereExists(mine.select(knex.raw('1')).whereRaw('r.instance_id = cs.instance_id'));
  };
  const readers = seesAllCases(principal) ? 'all' : (await readableAtMost(knex, principal, FEW)) < FEW ? 'few' : 'many';

  const page = after ? 1 : Math.max(1, query.page ?? 1);
  // Counting stops past COUNT_CAP: a count of every case of a city is a scan, and nobody pages that far.
  const countOf = async (q: Knex.QueryBuilder, limit: number) => {
    const [row] = (await knex.count({ n: '*' }).from(q.limit(limit).as('m'))) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0);
  };
  let matches = 0;
  if (readers === 'many' && !text) {
    // A member of staff of a busy department with no text to look up: counted from their own cases,
    // reader by reader along its index (each case counted once: under the first of the caller's
    // readers that reads it) — fewer than the cases of a category or the city. Tenant, category and
    // period are answered by the reader rows; other conditions by each case's search row.
    const keys = readersOf(principal);
    for (const [i, key] of keys.entries()) {
      if (matches > COUNT_CAP) break;
      // Tenant, category and period only: counted on the reader rows alone (an index range, no search rows read).
      let q = (
        needsSearchRow ? fromReaders([key], false) : onReader(knex('case_readers as r').where('r.reader', key))
      ).select('r.instance_id');
      if (i > 0)
        q = q.whereNotExists((e) =>
          e
            .select(knex.raw('1'))
            .from('case_readers as r2')
            .whereIn('r2.reader', keys.slice(0, i))
            .whereRaw('r2.instance_id = r.instance_id'),
        );
      matches += await countOf(q, COUNT_CAP + 1 - matches);
    }
  } else matches = await countOf(filtered(false).select('cs.instance_id'), COUNT_CAP + 1);
  const offset = (page - 1) * CASE_PAGE_SIZE;
  let rows: SearchRow[];
  if (matches === 0 || (matches <= COUNT_CAP && offset >= matches)) rows = [];
  else if (matches <= BROAD) {
    // A few matches: read them all the way the count found them and sort them here, instead of
    // walking the newest-first index past every case that does not match.
    const all = ((await filtered(false).select('cs.*')) as SearchRow[]).sort(compareRows(order));
    const past = after
      ? all.filter((r) => compareRows(order)(r, { created_at: after.at, instance_id: after.id } as SearchRow) > 0)
      : all;
    rows = past.slice(offset, offset + CASE_PAGE_SIZE);
  } else if (readers !== 'all') {
    // Each of the caller's readers' cases in order from its own index range, the query's conditions
    // checked on each case's search row; a case read as several readers counts once.
    const reads = await Promise.all(
      readersOf(principal).map(async (reader) => {
        let q = fromReaders([reader], deps.db.dialect === 'sqlite');
        if (after) q = pastKey(q, after, order, 'r.created_at', 'r.instance_id');
        return (await q
          .select('cs.*')
          .orderBy([
            { column: 'r.created_at', order },
            { column: 'r.instance_id', order },
          ])
          .limit(offset + CASE_PAGE_SIZE)) as SearchRow[];
      }),
    );
    const byId = new Map(reads.flat().map((r) => [r.instance_id, r]));
    rows = [...byId.values()].sort(compareRows(order)).slice(offset, offset + CASE_PAGE_SIZE);
  } else {
    let q = filtered(deps.db.dialect === 'sqlite' && !!text);
    if (after) q = pastKey(q, after, order, 'cs.created_at', 'cs.instance_id');
    rows = (await q
      .select('cs.*')
      .orderBy([
        { column: 'cs.created_at', order },
        { column: 'cs.instance_id', order },
      ])
      .limit(CASE_PAGE_SIZE)
      .offset(offset)) as SearchRow[];
  }
  const statuses = new Map<string, string>();
  if (rows.length)
    for (const r of (await knex('instances')
      .whereIn(
        'id',
        rows.map((x) => x.instance_id),
      )
      .select('id', 'status')) as Array<{ id: string; status: string }>)
      statuses.set(r.id, r.status);
  const last = rows.at(-1);
  /** The cursor of the next page: none when this page is not full. */
  const next = last && rows.length === CASE_PAGE_SIZE ? encodeKey({ at: last.created_at, id: last.instance_id }) : null;

  const ids = rows.map((r) => r.instance_id);
  const tasks = ids.length
    ? ((await knex('tasks')
        .whereIn('instance_id', ids)
        .select('instance_id', 'due_at', 'warn_at', 'paused_at')) as Array<{
        instance_id: string;
        due_at: string | null;
        warn_at: string | null;
        paused_at: string | null;
      }>)
    : [];
  const tenantNames = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.tenant_id))) tenantNames.set(id, (await deps.tenants.get(id))?.name ?? id);
  const mask = !hasRole(principal, 'pii:read');
  // A step may hide the phone from its handlers: results for staff leave it out; the case page applies the step's permissions.
  const showPhone = seesAllCases(principal);
  const RANK = { red: 0, yellow: 1, green: 2 } as const;
  return {
    total: Math.min(COUNT_CAP, matches),
    /** More than `total` match: refine the query. */
    more: matches > COUNT_CAP,
    page,
    pageSize: CASE_PAGE_SIZE,
    next,
    items: rows.map((r) => {
      const lights = tasks.filter((t) => t.instance_id === r.instance_id).map((t) => lightOf(t, now));
      const light = lights.sort((a, b) => RANK[a] - RANK[b])[0] ?? null;
      const tenant = tenantNames.get(r.tenant_id) ?? r.tenant_id;
      return {
        id: r.instance_id,
        trackingNo: r.business_key,
        title: [r.applicant_name, r.category, tenant].filter(Boolean).join(' · '),
        applicantName: r.applicant_name,
        phone: !showPhone ? null : mask ? (maskPhone(r.phone) as string | null) : r.phone,
        category: r.category,
        channel: r.channel,
        enterprise: r.enterprise_name,
        tenant: { id: r.tenant_id, name: tenant },
        status: statuses.get(r.instance_id) ?? 'active',
        light,
        createdAt: r.created_at,
      };
    }),
  };
}

const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/**
 * The figures a case search reproduces: the appeals a figure of the dashboard counts (a case called
 * from another is part of its appeal, not one of its own), each as the condition on the appeal's row
 * of `case_figures` (as `f`) that the figures count it by (`dashboard/rollup.ts`); `?` is now.
 */
export const CASE_FIGURES = {
  received: null,
  answeredOnSpot: 'f.answered_on_spot = 1',
  notAccepted: 'f.not_accepted = 1',
  referred: 'f.referred = 1',
  inProgress: 'f.in_progress = 1',
  closed: 'f.closed = 1',
  closedOnTime: 'f.closed = 1 and not (f.late = 1 or (f.open_due_at is not null and f.open_due_at < ?))',
  overdue: '(f.late = 1 or (f.open_due_at is not null and f.open_due_at < ?))',
  supervised: 'f.supervised = 1',
  extended: 'f.extended = 1',
  refused: 'f.refused = 1',
  returned: 'f.returned = 1',
  reworked: 'f.reworked = 1',
  followedUp: 'f.followed_up = 1',
  satisfied: 'f.satisfied = 1',
} as const satisfies Record<string, string | null>;
export type CaseFigure = keyof typeof CASE_FIGURES;
export const CASE_FIGURE_KEYS = Object.keys(CASE_FIGURES) as CaseFigure[];

/** The channel filter of the cases with no channel recorded. */
export const NO_CHANNEL = '-';

/** The units a query searches: the caller's (or the one asked for), narrowed to a unit's subtree and a level. */
async function tenantsOf(deps: Deps, principal: Principal, query: CaseQuery): Promise<string[]> {
  let out = query.tenant ? [query.tenant] : [...principal.subtree];
  if (query.under) {
    const below = await deps.tenants.subtree(query.under);
    out = out.filter((t) => below.has(t));
  }
  if (query.level !== undefined && query.level !== '') {
    const all = await deps.tenants.all();
    const parent = new Map(all.map((t) => [t.id, t.parent_id]));
    const levelOf = (id: string) => {
      let d = 0;
      for (let p = parent.get(id); p && d < 64; p = parent.get(p)) d++;
      return Math.min(d, 2);
    };
    out = out.filter((t) => String(levelOf(t)) === query.level);
  }
  return out;
}

interface SearchRow {
  instance_id: string;
  tenant_id: string;
  business_key: string | null;
  applicant_name: string | null;
  phone: string | null;
  enterprise_name: string | null;
  category: string | null;
  channel: string | null;
  department: string | null;
  created_at: string;
}

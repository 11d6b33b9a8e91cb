import type { Knex } from 'knex';
import { hasRole, seesAllCases, type Principal } from '../auth/index.js';
import { lightOf, whereLight } from '../deadlines/index.js';
import type { Deps } from '../platform/http/deps.js';
import { maskPhone } from './field-access.js';

export const CASE_PAGE_SIZE = 20;
const COUNT_CAP = 1000;

export interface CaseQuery {
  q?: string;
  status?: string;
  category?: string;
  tenant?: string;
  channel?: string;
  /** 承办部门: the group the case was sent to. */
  department?: string;
  from?: string;
  to?: string;
  light?: string;
  sort?: string;
  page?: number;
}

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
 * cases the query starts from them. Counting stops past COUNT_CAP. A query with no match reads no
 * page; one with a few (up to BROAD) reads them as the count did and sorts them here; a broad one
 * reads its page newest first along `case_search_created_id` and stops after it.
 */
export async function searchCases(deps: Deps, principal: Principal, query: CaseQuery) {
  const knex = deps.db.knex;
  const now = deps.clock.now();
  const text = query.q?.trim();
  const filtered = (scan: boolean) => {
    let q = knex('case_search as cs').whereIn('cs.tenant_id', query.tenant ? [query.tenant] : [...principal.subtree]);
    if (text) q = matchText(q, text, scan);
    if (query.status)
      q = q.whereExists((e) =>
        e
          .select(knex.raw('1'))
          .from('instances as si')
          .whereRaw('si.id = cs.instance_id')
          .where('si.status', query.status!),
      );
    if (query.category) q = q.where('cs.category', query.category);
    if (query.channel) q = q.where('cs.channel', query.channel);
    if (query.department) q = q.where('cs.department', query.department);
    if (query.from) q = q.where('cs.created_at', '>=', query.from);
    if (query.to) q = q.where('cs.created_at', '<', query.to);
    if (query.light)
      q = q.whereExists((e) =>
        whereLight(
          e.select(knex.raw('1')).from('tasks as t').whereRaw('t.instance_id = cs.instance_id'),
          query.light,
          now,
          'open',
        ),
      );
    if (readers === 'all') return q;
    const mine = knex('case_readers as r').whereIn('r.reader', readersOf(principal));
    // Few cases: start from them (an index range); many: check each case the query's own index gives.
    return readers === 'few'
      ? q.whereIn('cs.instance_id', mine.select('r.instance_id'))
      : q.whereExists(mine.select(knex.raw('1')).whereRaw('r.instance_id = cs.instance_id'));
  };
  const readers = seesAllCases(principal) ? 'all' : (await readableAtMost(knex, principal, FEW)) < FEW ? 'few' : 'many';

  const page = Math.max(1, query.page ?? 1);
  // Counting stops past COUNT_CAP: a count of every case of a city is a scan, and nobody pages that far.
  const [counted] = (await knex.count({ n: '*' }).from(
    filtered(false)
      .select('cs.instance_id')
      .limit(COUNT_CAP + 1)
      .as('m'),
  )) as Array<{ n: number | string }>;
  const matches = Number(counted?.n ?? 0);
  const order = query.sort === 'createdAt' ? 'asc' : 'desc';
  const offset = (page - 1) * CASE_PAGE_SIZE;
  let rows: SearchRow[];
  if (matches === 0 || (matches <= COUNT_CAP && offset >= matches)) rows = [];
  else if (matches <= BROAD) {
    // A few matches: read them all the way the count found them and sort them here, instead of
    // walking the newest-first index past every case that does not match.
    const all = (await filtered(false)
      .join('instances as i', 'i.id', 'cs.instance_id')
      .select('cs.*', 'i.status')) as SearchRow[];
    const sign = order === 'asc' ? 1 : -1;
    rows = all
      .sort((a, b) =>
        a.created_at === b.created_at
          ? sign * a.instance_id.localeCompare(b.instance_id)
          : sign * (a.created_at < b.created_at ? -1 : 1),
      )
      .slice(offset, offset + CASE_PAGE_SIZE);
  } else
    rows = (await filtered(deps.db.dialect === 'sqlite' && !!text)
      .join('instances as i', 'i.id', 'cs.instance_id')
      .select('cs.*', 'i.status')
      .orderBy([
        { column: 'cs.created_at', order },
        { column: 'cs.instance_id', order },
      ])
      .limit(CASE_PAGE_SIZE)
      .offset(offset)) as SearchRow[];

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
        status: r.status,
        light,
        createdAt: r.created_at,
      };
    }),
  };
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
  status: string;
}

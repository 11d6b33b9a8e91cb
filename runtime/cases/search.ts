import type { Knex } from 'knex';
import { hasRole, seesAllCases, whereCaseReadable, type Principal } from '../auth/index.js';
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
  from?: string;
  to?: string;
  light?: string;
  sort?: string;
  page?: number;
}

const DIGITS = /^\d{4,20}$/;

/** `value` and everything that starts with it, as a range an ordinary index answers on both databases. */
function startsWith(w: Knex.QueryBuilder, column: string, value: string): Knex.QueryBuilder {
  return w.orWhere((r) => r.where(column, '>=', value).where(column, '<', `${value}\uffff`));
}

/**
 * The cases the caller may see matching a query: `q` is a tracking number or business key (or its
 * start), an appellant's name (or its start), a phone number (exact, or its last digits), or an
 * enterprise's name (or its start). Every condition is a range on an index of `case_search`.
 */
export async function searchCases(deps: Deps, principal: Principal, query: CaseQuery) {
  const knex = deps.db.knex;
  const now = deps.clock.now();
  let q = knex('case_search as cs')
    .join('instances as i', 'i.id', 'cs.instance_id')
    .whereIn('cs.tenant_id', query.tenant ? [query.tenant] : [...principal.subtree]);
  const text = query.q?.trim();
  if (text) {
    q = q.where((w) => {
      if (DIGITS.test(text)) {
        w.where('cs.phone', text);
        startsWith(w, 'cs.phone_rev', [...text].reverse().join(''));
      } else {
        w.where('cs.applicant_name', text);
      }
      startsWith(w, 'cs.business_key', text);
      startsWith(w, 'cs.applicant_name', text);
      startsWith(w, 'cs.enterprise_name', text);
    });
  }
  if (query.status) q = q.where('i.status', query.status);
  if (query.category) q = q.where('cs.category', query.category);
  if (query.channel) q = q.where('cs.channel', query.channel);
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
  q = whereCaseReadable(q, knex, deps.db.dialect, 'cs.instance_id', principal);

  const page = Math.max(1, query.page ?? 1);
  // Counting stops past COUNT_CAP: a count of every case of a city is a scan, and nobody pages that far.
  const [counted] = (await knex.count({ n: '*' }).from(
    q
      .clone()
      .select('cs.instance_id')
      .limit(COUNT_CAP + 1)
      .as('m'),
  )) as Array<{ n: number | string }>;
  const rows = (await q
    .select('cs.*', 'i.status')
    .orderBy([
      { column: 'cs.created_at', order: query.sort === 'createdAt' ? 'asc' : 'desc' },
      { column: 'cs.instance_id', order: 'asc' },
    ])
    .limit(CASE_PAGE_SIZE)
    .offset((page - 1) * CASE_PAGE_SIZE)) as SearchRow[];

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
    total: Math.min(COUNT_CAP, Number(counted?.n ?? 0)),
    /** More than `total` match: refine the query. */
    more: Number(counted?.n ?? 0) > COUNT_CAP,
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
  created_at: string;
  status: string;
}

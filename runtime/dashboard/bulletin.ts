import type { Knex } from 'knex';
import type { OverdueOrder } from '../deadlines/index.js';
import { overdueAppeals, rolledUpFacts } from './rollup.js';
import {
  factsContext,
  groupFacts,
  levelOf,
  type CaseFacts,
  type FactsContext,
  type FigureRow,
  type Figures,
} from './figures.js';

/**
 * The monthly 通报 a centre publishes for a unit (its subtree): the same figures as the dashboard
 * for the month's cases (so its totals are the dashboard's for that month), by level, channel
 * (and channel × level), category and department, the departments and the units below ranked by
 * 按时办结率 then 满意率, and the month's overdue cases.
 */
export interface Bulletin {
  month: string;
  title: string;
  unit: { id: string; name: string };
  from: string;
  to: string;
  now: string;
  total: Figures;
  byLevel: FigureRow[];
  byChannel: FigureRow[];
  /** Received per channel and level (city, township, village), each row adding up to its total. */
  channelByLevel: Array<{ key: string; name: string; levels: number[]; total: number }>;
  byCategory: FigureRow[];
  byDepartment: FigureRow[];
  departmentRanking: RankedRow[];
  /** The units directly below the chosen one (each with everything under it), and 本级 for its own cases. */
  unitRanking: RankedRow[];
  overdueCases: OverdueCase[];
  /** 逾期督办单: the supervision orders that went overdue in the month (outside the case totals). */
  overdueOrders: { count: number; orders: OverdueOrder[] };
}

export type RankedRow = FigureRow & { rank: number };

export interface OverdueCase {
  id: string;
  trackingNo: string | null;
  unit: string;
  category: string;
  department: string;
  status: string;
  supervised: boolean;
}

/** How many overdue cases the 通报 names (the count covers them all). */
export const OVERDUE_LISTED = 200;
const SHANGHAI = 8 * 3_600_000;

/** The month `YYYY-MM` as instants: its first Shanghai midnight and the next month's. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, m - 1, 1) - SHANGHAI).toISOString();
  const to = new Date(Date.UTC(year, m, 1) - SHANGHAI).toISOString();
  return { from, to };
}

/** The Shanghai month of an instant, `YYYY-MM`. */
export const monthOf = (iso: string) => new Date(Date.parse(iso) + SHANGHAI).toISOString().slice(0, 7);

export async function bulletin(
  knex: Knex,
  input: {
    unit: string;
    tenants: string[];
    month: string;
    now: string;
    tenantTree: Array<{ id: string; name: string; parent_id: string | null }>;
    /** The month's overdue 督办单, read by the caller (the deadlines feature names them). */
    overdueOrders?: Bulletin['overdueOrders'];
  },
): Promise<Bulletin> {
  const { from, to } = monthPeriod(input.month);
  const period = { tenants: input.tenants, from, to };
  const cases = await rolledUpFacts(knex, period, input.now, ['tenant_id', 'category', 'channel', 'department']);
  const context = await factsContext(knex, input.tenantTree);
  const unitName = context.tenantName.get(input.unit) ?? input.unit;
  const byLevel = groupFacts(cases, 'level', context);
  const referred = cases.filter((c) => c.department !== '');
  return {
    month: input.month,
    title: `${unitName}${input.month.slice(0, 4)}年${Number(input.month.slice(5))}月群众诉求办理情况通报`,
    unit: { id: input.unit, name: unitName },
    from,
    to,
    now: input.now,
    total: byLevel.total,
    byLevel: byLevel.rows,
    byChannel: groupFacts(cases, 'channel', context).rows,
    channelByLevel: channelByLevel(cases, context),
    byCategory: groupFacts(cases, 'category', context).rows,
    byDepartment: groupFacts(cases, 'department', context).rows,
    departmentRanking: ranked(groupFacts(referred, 'department', context).rows.filter((r) => r.key !== '')),
    unitRanking: ranked(groupFacts(cases, (c) => unitBelow(c, input.unit, context), context).rows),
    overdueCases: (await overdueAppeals(knex, period, input.now, OVERDUE_LISTED)).map((c) => ({
      id: c.instance_id,
      trackingNo: c.business_key,
      unit: context.tenantName.get(c.tenant_id) ?? c.tenant_id,
      category: c.category || '未分类',
      department: c.department ? c.department_name || context.groupName.get(c.department) || c.department : '未转办',
      status: c.status,
      supervised: Number(c.supervised) > 0,
    })),
    overdueOrders: input.overdueOrders ?? { count: 0, orders: [] },
  };
}

function channelByLevel(cases: CaseFacts[], context: FactsContext): Bulletin['channelByLevel'] {
  const rows = new Map<string, { key: string; name: string; levels: number[]; total: number }>();
  for (const c of cases) {
    const row = rows.get(c.channel) ?? { key: c.channel, name: c.channel || '未记录', levels: [0, 0, 0], total: 0 };
    rows.set(c.channel, row);
    // A fact may stand for several cases (a group of `case_figures`): add what it received.
    row.levels[levelOf(c, context)]! += c.counts.received;
    row.total += c.counts.received;
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

/** The unit directly below `unit` that the case's tenant lies in, or `unit` itself (本级). */
function unitBelow(c: CaseFacts, unit: string, context: FactsContext): [string, string] {
  let tenant = c.tenant;
  for (let hops = 0; hops < 64; hops++) {
    const parent = context.parent.get(tenant) ?? null;
    if (tenant === unit || parent === null) break;
    if (parent === unit) return [tenant, context.tenantName.get(tenant) ?? tenant];
    tenant = parent;
  }
  return [unit, `${context.tenantName.get(unit) ?? unit}（本级）`];
}

/** Best first: higher 按时办结率 (none last), then higher 满意率, then more closed; equal figures share a rank. */
function ranked(rows: FigureRow[]): RankedRow[] {
  const rate = (r: number | null) => (r === null ? -1 : r);
  const sorted = [...rows].sort(
    (a, b) =>
      rate(b.onTimeRate) - rate(a.onTimeRate) ||
      rate(b.satisfactionRate) - rate(a.satisfactionRate) ||
      b.closed - a.closed ||
      a.key.localeCompare(b.key),
  );
  const same = (a: FigureRow, b: FigureRow) =>
    a.onTimeRate === b.onTimeRate && a.satisfactionRate === b.satisfactionRate && a.closed === b.closed;
  const out: RankedRow[] = [];
  for (const [i, r] of sorted.entries())
    out.push({ ...r, rank: i > 0 && same(sorted[i - 1]!, r) ? out[i - 1]!.rank : i + 1 });
  return out;
}

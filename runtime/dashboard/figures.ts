import type { Knex } from 'knex';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import { rolledUpFacts, type RollupColumn } from './rollup.js';

/**
 * The figures a centre reports with, per case: each case (a citizen's appeal; a case it called at
 * the city is part of it) is counted once, in one row of whatever it is grouped by, so the rows
 * add up to the total. Rates are null when nothing is in their denominator.
 */
export const DIMENSIONS = ['level', 'tenant', 'category', 'channel', 'department', 'day', 'week', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Figures {
  received: number;
  answeredOnSpot: number;
  notAccepted: number;
  referred: number;
  inProgress: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  supervised: number;
  extended: number;
  /**
   * Cases refused (退单) at least once; by department, the cases that department refused (each once,
   * however often: the cases the search's `refusedBy` lists), so the rows may add up to more than
   * the total when two departments refused one case.
   */
  refused: number;
  /** Refusals (退单) made: by the department that refused, when grouped by department. */
  refusals: number;
  returned: number;
  reworked: number;
  followedUp: number;
  satisfied: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface FigureRow extends Figures {
  key: string;
  name: string;
}

export interface FigureReport {
  from: string;
  to: string;
  by: Dimension;
  total: Figures;
  rows: FigureRow[];
}

/** What one case contributes. */
export interface CaseFacts {
  id: string;
  trackingNo: string | null;
  status: string;
  tenant: string;
  createdAt: string;
  category: string;
  channel: string;
  department: string;
  departmentName: string;
  /** The departments that refused the case, once per refusal. */
  refusedBy: string[];
  /** Late for good: a task marked red, or completed after its due time. */
  late: boolean;
  /** The earliest due time of the open tasks: overdue once it has passed. */
  openDueAt: string | null;
  counts: Omit<Figures, 'onTimeRate' | 'satisfactionRate'>;
}

export type RootRow = Pick<
  InstanceRow,
  'id' | 'tenant_id' | 'business_key' | 'process_key' | 'status' | 'state' | 'created_at'
>;

type TaskRow = {
  instance_id: string;
  element_id: string;
  candidate_groups: string;
  due_at: string | null;
  completed_at: string | null;
  red_at: string | null;
  supervised_at: string | null;
  extension_count: number | null;
  created_at: string;
};

const CHUNK = 500;
/** What `case_figures` is grouped by for each dimension (the tenant gives the level). */
const ROLLUP_COLUMNS: Record<Dimension, RollupColumn[]> = {
  level: ['tenant_id'],
  tenant: ['tenant_id'],
  category: ['category'],
  channel: ['channel'],
  department: ['department'],
  day: ['day'],
  week: ['day'],
  month: ['day'],
};
const SHANGHAI = 8 * 3_600_000;
const LEVELS = ['市级', '乡镇（街道）级', '村（社区）级'];
const SATISFIED = new Set(['满意', '基本满意']);

export async function figureReport(
  knex: Knex,
  input: {
    tenants: string[];
    from: string;
    to: string;
    by: Dimension;
    now: string;
    tenantTree: Array<{ id: string; name: string; parent_id: string | null }>;
  },
): Promise<FigureReport> {
  const cases = await rolledUpFacts(knex, input, input.now, ROLLUP_COLUMNS[input.by]);
  const context = await factsContext(knex, input.tenantTree);
  return { from: input.from, to: input.to, by: input.by, ...groupFacts(cases, input.by, context) };
}

/** What grouping needs beside the cases: tenant depths and names, department names. */
export interface FactsContext {
  depth: Map<string, number>;
  tenantName: Map<string, string>;
  groupName: Map<string, string>;
  parent: Map<string, string | null>;
}

export async function factsContext(
  knex: Knex,
  tenantTree: Array<{ id: string; name: string; parent_id: string | null }>,
): Promise<FactsContext> {
  const groups = (await knex('groups').select('id', 'name')) as Array<{ id: string; name: string }>;
  return {
    depth: depthOf(tenantTree),
    tenantName: new Map(tenantTree.map((t) => [t.id, t.name])),
    groupName: new Map(groups.map((g) => [g.id, g.name])),
    parent: new Map(tenantTree.map((t) => [t.id, t.parent_id])),
  };
}

/**
 * The cases grouped by a dimension (or any key of a case): one row per key, each case in one row,
 * the rows adding up to the total. 退单 (the cases refused and the refusals) goes to the refusing
 * department's row when grouped by department.
 */
export function groupFacts(
  cases: CaseFacts[],
  by: Dimension | ((c: CaseFacts) => [string, string]),
  context: FactsContext,
): { total: Figures; rows: FigureRow[] } {
  const groups = new Map<string, { name: string; figures: Figures }>();
  const total = empty();
  const row = (key: string, name: string) => {
    const g = groups.get(key) ?? { name, figures: empty() };
    groups.set(key, g);
    return g.figures;
  };
  const keyFn = typeof by === 'function' ? by : (c: CaseFacts) => keyOf(by, c, context.depth, context.tenantName);
  const byDepartment = by === 'department';
  for (const c of cases) {
    const [key, name] = keyFn(c);
    // By department, 退单 is the refusing department's: its cases (each once, however often it
    // refused one: the cases `refusedBy` lists) and its refusals; not the department that has the case now.
    add(row(key, name), byDepartment ? { ...c.counts, refused: 0 } : c.counts);
    add(total, c.counts);
    const refusing = (dept: string) => (byDepartment ? row(dept, context.groupName.get(dept) ?? dept) : row(key, name));
    for (const dept of c.refusedBy) refusing(dept).refusals++;
    // A fact may stand for several cases alike (a group of `case_figures`): each refused by these departments.
    if (byDepartment) for (const dept of new Set(c.refusedBy)) refusing(dept).refused += c.counts.received;
    total.refusals += c.refusedBy.length;
  }
  const rows = [...groups.entries()].map(([key, g]) => ({ key, name: g.name, ...rated(g.figures) }));
  const ordered = by === 'day' || by === 'week' || by === 'month' || by === 'level';
  rows.sort((a, b) => (ordered ? a.key.localeCompare(b.key) : b.received - a.received || a.key.localeCompare(b.key)));
  return { total: rated(total), rows };
}

/** A case's level: 0 city, 1 township (街道), 2 village (社区) and below. */
export function levelOf(c: CaseFacts, context: FactsContext): number {
  return Math.min(context.depth.get(c.tenant) ?? 0, 2);
}

function keyOf(
  by: Dimension,
  c: CaseFacts,
  depth: Map<string, number>,
  tenantName: Map<string, string>,
): [string, string] {
  const local = new Date(Date.parse(c.createdAt) + SHANGHAI);
  switch (by) {
    case 'level': {
      const d = Math.min(depth.get(c.tenant) ?? 0, 2);
      return [String(d), LEVELS[d]!];
    }
    case 'tenant':
      return [c.tenant, tenantName.get(c.tenant) ?? c.tenant];
    case 'category':
      return [c.category, c.category || '未分类'];
    case 'channel':
      return [c.channel, c.channel || '未记录'];
    case 'department':
      return [c.department, c.department ? c.departmentName || c.department : '未转办'];
    case 'day': {
      const day = local.toISOString().slice(0, 10);
      return [day, day];
    }
    case 'week': {
      const monday = new Date(local.getTime() - ((local.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      return [monday, `${monday} 起一周`];
    }
    case 'month': {
      const month = local.toISOString().slice(0, 7);
      return [month, `${month.slice(0, 4)}年${Number(month.slice(5))}月`];
    }
  }
}

/** Every case received by the tenants in [from, to): its facts, a case it called included. */
export async function caseFacts(
  knex: Knex,
  tenants: string[],
  from: string,
  to: string,
  now: string,
): Promise<CaseFacts[]> {
  const roots = (await knex('instances')
    .whereIn('tenant_id', tenants)
    .whereNull('parent_id')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .select('id', 'tenant_id', 'business_key', 'process_key', 'status', 'state', 'created_at')) as RootRow[];
  return factsOfRoots(knex, roots, now);
}

/** The facts of appeals (root cases), from their rows, the cases they called and their tasks. */
export async function factsOfRoots(knex: Knex, roots: RootRow[], now: string): Promise<CaseFacts[]> {
  // A case called from another (A镇's labour dispute going on to the city) is part of its caller.
  const family = new Map<string, string>(roots.map((r) => [r.id, r.id]));
  const varsOf = new Map<string, Record<string, unknown>>();
  const statusOf = new Map<string, string>();
  for (const r of roots) {
    varsOf.set(r.id, rootVars(r));
    statusOf.set(r.id, r.status);
  }
  let frontier = roots.map((r) => r.id);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const ids of chunks(frontier)) {
      const children = (await knex('instances')
        .whereIn('parent_id', ids)
        .select('id', 'parent_id', 'process_key', 'status', 'state')) as Array<
        Pick<InstanceRow, 'id' | 'parent_id' | 'process_key' | 'status' | 'state'>
      >;
      for (const ch of children) {
        const root = family.get(ch.parent_id!)!;
        family.set(ch.id, root);
        Object.assign(varsOf.get(root)!, rootVars(ch));
        next.push(ch.id);
      }
    }
    frontier = next;
  }
  const tasksByRoot = new Map<string, TaskRow[]>();
  const members = [...family.keys()];
  for (const ids of chunks(members)) {
    const closed = (await knex('task_history')
      .whereIn('instance_id', ids)
      .select(
        'instance_id',
        'element_id',
        'candidate_groups',
        'due_at',
        'completed_at',
        'red_at',
        'supervised_at',
        'extension_count',
        'created_at',
      )) as TaskRow[];
    const open = (await knex('tasks')
      .whereIn('instance_id', ids)
      .select(
        'instance_id',
        'element_id',
        'candidate_groups',
        'due_at',
        'red_at',
        'supervised_at',
        'extension_count',
        'created_at',
      )) as TaskRow[];
    for (const t of open) t.completed_at = null;
    for (const t of [...closed, ...open]) {
      const root = family.get(t.instance_id)!;
      tasksByRoot.set(root, [...(tasksByRoot.get(root) ?? []), t]);
    }
  }
  return roots.map((r) =>
    facts(
      r,
      varsOf.get(r.id)!,
      statusOf.get(r.id)!,
      (tasksByRoot.get(r.id) ?? []).sort((a, b) => a.created_at.localeCompare(b.created_at)),
      now,
    ),
  );
}

function facts(
  r: { id: string; business_key: string | null; tenant_id: string; created_at: string },
  vars: Record<string, unknown>,
  status: string,
  tasks: TaskRow[],
  now: string,
): CaseFacts {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const acceptance = text(vars.acceptance);
  const department = text(vars.department);
  const late = (t: TaskRow) =>
    t.red_at !== null || (t.due_at !== null && (t.completed_at === null ? t.due_at < now : t.completed_at > t.due_at));
  const followed = (id: string, next: string) =>
    tasks.some((t, i) => t.element_id === id && tasks[i + 1]?.element_id === next);
  const refusedBy = tasks.flatMap((t, i) =>
    t.element_id === 'Task_Handle' && tasks[i + 1]?.element_id === 'Task_Dispatch'
      ? [firstGroup(t.candidate_groups)]
      : [],
  );
  const closed = status === 'completed';
  const overdue = tasks.some(late);
  const openDue = tasks.flatMap((t) => (t.completed_at === null && t.due_at !== null ? [t.due_at] : [])).sort();
  const satisfaction = text(vars.satisfaction);
  const counts = {
    received: 1,
    answeredOnSpot: acceptance === '当场答复' ? 1 : 0,
    notAccepted: acceptance === '不予受理' ? 1 : 0,
    referred: department !== '' || acceptance === '转办' ? 1 : 0,
    inProgress: status === 'active' ? 1 : 0,
    closed: closed ? 1 : 0,
    closedOnTime: closed && !overdue ? 1 : 0,
    overdue: overdue ? 1 : 0,
    supervised:
      tasks.some((t) => t.supervised_at !== null) || tasks.some((t) => t.element_id === 'Task_Supervise') ? 1 : 0,
    extended: tasks.some((t) => Number(t.extension_count ?? 0) > 0) ? 1 : 0,
    refused: refusedBy.length > 0 ? 1 : 0,
    refusals: 0,
    returned: followed('Task_Review', 'Task_Handle') ? 1 : 0,
    reworked: Number(vars.reworkCount ?? 0) > 0 ? 1 : 0,
    followedUp: satisfaction ? 1 : 0,
    satisfied: SATISFIED.has(satisfaction) ? 1 : 0,
  };
  return {
    id: r.id,
    trackingNo: r.business_key,
    status,
    tenant: r.tenant_id,
    createdAt: r.created_at,
    category: text(vars.category),
    channel: text(vars.channel),
    department,
    departmentName: text(vars.departmentName),
    refusedBy,
    late: tasks.some(
      (t) => t.red_at !== null || (t.completed_at !== null && t.due_at !== null && t.completed_at > t.due_at),
    ),
    openDueAt: openDue[0] ?? null,
    counts,
  };
}

function firstGroup(raw: string): string {
  try {
    const groups = JSON.parse(raw) as unknown;
    return Array.isArray(groups) && typeof groups[0] === 'string' ? groups[0] : '';
  } catch {
    return '';
  }
}

function rootVars(row: Pick<InstanceRow, 'state' | 'process_key' | 'status'>): Record<string, unknown> {
  const state = parseState(row);
  return { ...(Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {}) };
}

function depthOf(tree: Array<{ id: string; parent_id: string | null }>): Map<string, number> {
  const parent = new Map(tree.map((t) => [t.id, t.parent_id]));
  const out = new Map<string, number>();
  for (const t of tree) {
    let d = 0;
    for (let p = parent.get(t.id); p && d < 64; p = parent.get(p)) d++;
    out.set(t.id, d);
  }
  return out;
}

export function empty(): Figures {
  return {
    received: 0,
    answeredOnSpot: 0,
    notAccepted: 0,
    referred: 0,
    inProgress: 0,
    closed: 0,
    closedOnTime: 0,
    overdue: 0,
    supervised: 0,
    extended: 0,
    refused: 0,
    refusals: 0,
    returned: 0,
    reworked: 0,
    followedUp: 0,
    satisfied: 0,
    onTimeRate: null,
    satisfactionRate: null,
  };
}

export function add(into: Figures, counts: CaseFacts['counts']): void {
  const target = into as unknown as Record<string, number>;
  for (const [k, v] of Object.entries(counts)) target[k] = (target[k] ?? 0) + v;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 1000);
export function rated(f: Figures): Figures {
  return { ...f, onTimeRate: ratio(f.closedOnTime, f.closed), satisfactionRate: ratio(f.satisfied, f.followedUp) };
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/** The column headings of a figure table, in order, as people read them. */
export const FIGURE_COLUMNS: Array<[keyof Figures, string]> = [
  ['received', '受理量'],
  ['answeredOnSpot', '当场答复'],
  ['notAccepted', '不予受理'],
  ['referred', '转办'],
  ['inProgress', '办理中'],
  ['closed', '办结'],
  ['closedOnTime', '按时办结'],
  ['onTimeRate', '按时办结率'],
  ['overdue', '超期'],
  ['supervised', '督办'],
  ['extended', '延期'],
  ['refused', '退单案件'],
  ['refusals', '退单次数'],
  ['returned', '审核退回'],
  ['reworked', '重办'],
  ['followedUp', '已回访'],
  ['satisfied', '满意（含基本满意）'],
  ['satisfactionRate', '满意率'],
];

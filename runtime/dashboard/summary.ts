import type { Knex } from 'knex';

/** Where every case of some tenants stands, what is overdue, and how the loop performed since a date. */
export interface DashboardSummary {
  now: string;
  since: string;
  cases: { active: number; completed: number; terminated: number };
  /** Active cases stopped by at least one open incident. */
  stuckCases: number;
  openTasks: { total: number; green: number; yellow: number; red: number };
  /** Active cases with an open task overdue (red) or due soon (yellow), each case once: what `light=` lists. */
  casesByLight: { yellow: number; red: number };
  /** Active cases with an open task at each step (by its name), and of those with one overdue there. */
  byStep: Array<{ elementId: string; name: string | null; open: number; overdue: number }>;
  /** Active cases with an open task offered to each department, and of those with one overdue there. */
  byDepartment: Array<{ group: string; name: string | null; open: number; overdue: number }>;
  /**
   * Per unit: its appeals in progress (a case called from one is part of it, counted once, at the unit
   * that received it: the units add up to `cases.active`), its open tasks, and its cases with one overdue.
   */
  byTenant: Array<{ tenant: string; name: string | null; activeCases: number; openTasks: number; overdue: number }>;
  loop: {
    completedCases: number;
    averageHours: number | null;
    medianHours: number | null;
    tasksCompleted: number;
    tasksOnTime: number;
    onTimeRate: number | null;
  };
}

/** How many rows of completed cases the durations are computed from (the most recent ones). */
const DURATION_SAMPLE = 5000;

// The traffic light of an open task, as `lightOf` decides it (ISO-8601 UTC text compares in time order).
const RED = 't.paused_at is null and t.due_at is not null and t.due_at < ?';
const YELLOW = `t.paused_at is null and t.due_at is not null and not (t.due_at < ?) and t.warn_at is not null and t.warn_at <= ?`;

export async function dashboardSummary(
  knex: Knex,
  tenants: string[],
  now: string,
  since: string,
): Promise<DashboardSummary> {
  const n = (v: unknown) => Number(v ?? 0);
  // Whole-history counts of appeals from the per-tenant counters the triggers of migrations 031/035 keep.
  const caseRows = (await knex('dashboard_case_counts')
    .whereIn('tenant_id', tenants)
    .select('tenant_id', 'status')
    .sum('n as n')
    .groupBy('tenant_id', 'status')) as Array<{ tenant_id: string; status: string; n: unknown }>;
  const cases = { active: 0, completed: 0, terminated: 0 };
  for (const r of caseRows) if (r.status in cases) cases[r.status as keyof typeof cases] += n(r.n);
  const stuckCases = n(
    (
      (await knex('incidents')
        .whereIn('tenant_id', tenants)
        .where({ status: 'open' })
        .countDistinct('instance_id as n')
        .first()) as { n: unknown } | undefined
    )?.n,
  );

  const open = (await knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .select(
      knex.raw('count(*) as total'),
      knex.raw(`sum(case when ${RED} then 1 else 0 end) as red`, [now]),
      knex.raw(`sum(case when ${YELLOW} then 1 else 0 end) as yellow`, [now, now]),
      knex.raw(`count(distinct case when ${RED} then t.instance_id end) as red_cases`, [now]),
      knex.raw(`count(distinct case when ${YELLOW} then t.instance_id end) as yellow_cases`, [now, now]),
    )
    .first()) as { total: unknown; red: unknown; yellow: unknown; red_cases: unknown; yellow_cases: unknown };
  const openTasks = {
    total: n(open.total),
    red: n(open.red),
    yellow: n(open.yellow),
    green: n(open.total) - n(open.red) - n(open.yellow),
  };
  const casesByLight = { red: n(open.red_cases), yellow: n(open.yellow_cases) };

  // The steps and departments count cases (one with two open tasks there counts once), as the case
  // search they open lists them (`openStep`, `openDepartment`).
  const openCases = knex.raw('count(distinct t.instance_id) as open');
  const overdueCases = knex.raw(`count(distinct case when ${RED} then t.instance_id end) as overdue`, [now]);
  // A step is its name (the same step of several processes is one), an unnamed one its element.
  const steps = (await knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .select(knex.raw('min(t.element_id) as element_id'), knex.raw('max(t.name) as name'), openCases, overdueCases)
    .groupByRaw('coalesce(t.name, t.element_id)')
    .orderBy([{ column: 'open', order: 'desc' }, { column: 'element_id' }])
    .limit(50)) as Array<{ element_id: string; name: string | null; open: unknown; overdue: unknown }>;

  const departments = (await knex('task_candidates as c')
    .join('tasks as t', 't.id', 'c.task_id')
    .leftJoin('groups as g', 'g.id', 'c.value')
    .where('c.kind', 'group')
    .whereIn('t.tenant_id', tenants)
    .select('c.value as grp', 'g.name', openCases, overdueCases)
    .groupBy('c.value', 'g.name')
    .orderBy([{ column: 'open', order: 'desc' }, { column: 'c.value' }])
    .limit(50)) as Array<{ grp: string; name: string | null; open: unknown; overdue: unknown }>;

  const activeByTenant = caseRows.filter((r) => r.status === 'active');
  // A unit's overdue figure counts its cases with an overdue task, as the case search it opens lists them.
  const tasksByTenant = (await knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .select('t.tenant_id', knex.raw('count(*) as open'), overdueCases)
    .groupBy('t.tenant_id')) as Array<{ tenant_id: string; open: unknown; overdue: unknown }>;
  const names = new Map(
    ((await knex('tenants').whereIn('id', tenants).select('id', 'name')) as Array<{ id: string; name: string }>).map(
      (r) => [r.id, r.name],
    ),
  );
  const byTenant = tenants
    .map((tenant) => {
      const t = tasksByTenant.find((r) => r.tenant_id === tenant);
      return {
        tenant,
        name: names.get(tenant) ?? null,
        activeCases: n(activeByTenant.find((r) => r.tenant_id === tenant)?.n),
        openTasks: n(t?.open),
        overdue: n(t?.overdue),
      };
    })
    .filter((r) => r.activeCases > 0 || r.openTasks > 0)
    .sort((a, b) => b.activeCases - a.activeCases || a.tenant.localeCompare(b.tenant));

  const ended = (await knex('instances')
    .whereIn('tenant_id', tenants)
    .where({ status: 'completed' })
    .where('ended_at', '>=', since)
    .orderBy('ended_at', 'desc')
    .limit(DURATION_SAMPLE)
    .select('created_at', 'ended_at')) as Array<{ created_at: string; ended_at: string }>;
  const hours = ended.map((r) => (Date.parse(r.ended_at) - Date.parse(r.created_at)) / 3_600_000).sort((a, b) => a - b);
  const loop = await loopSince(knex, tenants, since);
  return {
    now,
    since,
    cases,
    stuckCases,
    openTasks,
    casesByLight,
    byStep: steps.map((r) => ({ elementId: r.element_id, name: r.name, open: n(r.open), overdue: n(r.overdue) })),
    byDepartment: departments.map((r) => ({ group: r.grp, name: r.name, open: n(r.open), overdue: n(r.overdue) })),
    byTenant,
    loop: {
      completedCases: loop.completedCases,
      averageHours: hours.length ? round1(hours.reduce((a, b) => a + b, 0) / hours.length) : null,
      medianHours: hours.length ? round1(median(hours)) : null,
      tasksCompleted: loop.tasksCompleted,
      tasksOnTime: loop.tasksOnTime,
      onTimeRate: loop.tasksCompleted ? Math.round((1000 * loop.tasksOnTime) / loop.tasksCompleted) / 1000 : null,
    },
  };
}

/**
 * Appeals completed (by `ended_at`; a case called from one is part of it) and tasks with a due time completed, and of those on time (by
 * `completed_at`), at or after `since`: the whole UTC hours from `dashboard_hourly` (migration 031),
 * the rest of `since`'s own hour from the rows (their indexes: `instances_ended`, `task_history_tenant`).
 */
async function loopSince(knex: Knex, tenants: string[], since: string) {
  const n = (v: unknown) => Number(v ?? 0);
  const hourStart = `${since.slice(0, 13)}:00:00.000Z`;
  const nextHour = hourStart === since ? since : new Date(Date.parse(hourStart) + 3_600_000).toISOString();
  const hours = (await knex('dashboard_hourly')
    .whereIn('tenant_id', tenants)
    .where('hour', '>=', nextHour.slice(0, 13))
    .select(
      knex.raw('sum(cases_completed) as cases'),
      knex.raw('sum(tasks_completed) as done'),
      knex.raw('sum(tasks_on_time) as on_time'),
    )
    .first()) as { cases: unknown; done: unknown; on_time: unknown };
  let [completedCases, tasksCompleted, tasksOnTime] = [n(hours.cases), n(hours.done), n(hours.on_time)];
  if (since < nextHour) {
    const cases = (await knex('instances')
      .where({ status: 'completed' })
      .where('ended_at', '>=', since)
      .where('ended_at', '<', nextHour)
      .whereIn('tenant_id', tenants)
      .whereNull('parent_id')
      .count('* as n')
      .first()) as { n: unknown };
    const tasks = (await knex('task_history')
      .whereIn('tenant_id', tenants)
      .where('completed_at', '>=', since)
      .where('completed_at', '<', nextHour)
      .where({ status: 'completed' })
      .whereNotNull('due_at')
      .select(
        knex.raw('count(*) as done'),
        knex.raw('sum(case when completed_at <= due_at then 1 else 0 end) as on_time'),
      )
      .first()) as { done: unknown; on_time: unknown };
    completedCases += n(cases.n);
    tasksCompleted += n(tasks.done);
    tasksOnTime += n(tasks.on_time);
  }
  return { completedCases, tasksCompleted, tasksOnTime };
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

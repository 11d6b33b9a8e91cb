import type { Knex } from 'knex';

/** Where every case of some tenants stands, what is overdue, and how the loop performed since a date. */
export interface DashboardSummary {
  now: string;
  since: string;
  cases: { active: number; completed: number; terminated: number };
  /** Active cases stopped by at least one open incident. */
  stuckCases: number;
  openTasks: { total: number; green: number; yellow: number; red: number };
  byStep: Array<{ elementId: string; name: string | null; open: number; overdue: number }>;
  byDepartment: Array<{ group: string; name: string | null; open: number; overdue: number }>;
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
  const caseRows = (await knex('instances')
    .whereIn('tenant_id', tenants)
    .select('status')
    .count('* as n')
    .groupBy('status')) as Array<{ status: string; n: unknown }>;
  const cases = { active: 0, completed: 0, terminated: 0 };
  for (const r of caseRows) if (r.status in cases) cases[r.status as keyof typeof cases] = n(r.n);
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
    )
    .first()) as { total: unknown; red: unknown; yellow: unknown };
  const openTasks = {
    total: n(open.total),
    red: n(open.red),
    yellow: n(open.yellow),
    green: n(open.total) - n(open.red) - n(open.yellow),
  };

  const overdue = knex.raw(`sum(case when ${RED} then 1 else 0 end) as overdue`, [now]);
  const steps = (await knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .select('t.element_id', 't.name', knex.raw('count(*) as open'), overdue)
    .groupBy('t.element_id', 't.name')
    .orderBy([{ column: 'open', order: 'desc' }, { column: 't.element_id' }])
    .limit(50)) as Array<{ element_id: string; name: string | null; open: unknown; overdue: unknown }>;

  const departments = (await knex('task_candidates as c')
    .join('tasks as t', 't.id', 'c.task_id')
    .leftJoin('groups as g', 'g.id', 'c.value')
    .where('c.kind', 'group')
    .whereIn('t.tenant_id', tenants)
    .select('c.value as grp', 'g.name', knex.raw('count(*) as open'), overdue)
    .groupBy('c.value', 'g.name')
    .orderBy([{ column: 'open', order: 'desc' }, { column: 'c.value' }])
    .limit(50)) as Array<{ grp: string; name: string | null; open: unknown; overdue: unknown }>;

  const activeByTenant = (await knex('instances')
    .whereIn('tenant_id', tenants)
    .where({ status: 'active' })
    .select('tenant_id')
    .count('* as n')
    .groupBy('tenant_id')) as Array<{ tenant_id: string; n: unknown }>;
  const tasksByTenant = (await knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .select('t.tenant_id', knex.raw('count(*) as open'), overdue)
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
  const completedCases = n(
    (
      (await knex('instances')
        .whereIn('tenant_id', tenants)
        .where({ status: 'completed' })
        .where('ended_at', '>=', since)
        .count('* as n')
        .first()) as { n: unknown }
    ).n,
  );
  const hours = ended.map((r) => (Date.parse(r.ended_at) - Date.parse(r.created_at)) / 3_600_000).sort((a, b) => a - b);
  const timed = (await knex('task_history')
    .whereIn('tenant_id', tenants)
    .where({ status: 'completed' })
    .where('completed_at', '>=', since)
    .whereNotNull('due_at')
    .select(
      knex.raw('count(*) as done'),
      knex.raw('sum(case when completed_at <= due_at then 1 else 0 end) as on_time'),
    )
    .first()) as { done: unknown; on_time: unknown };

  return {
    now,
    since,
    cases,
    stuckCases,
    openTasks,
    byStep: steps.map((r) => ({ elementId: r.element_id, name: r.name, open: n(r.open), overdue: n(r.overdue) })),
    byDepartment: departments.map((r) => ({ group: r.grp, name: r.name, open: n(r.open), overdue: n(r.overdue) })),
    byTenant,
    loop: {
      completedCases,
      averageHours: hours.length ? round1(hours.reduce((a, b) => a + b, 0) / hours.length) : null,
      medianHours: hours.length ? round1(median(hours)) : null,
      tasksCompleted: n(timed.done),
      tasksOnTime: n(timed.on_time),
      onTimeRate: n(timed.done) ? Math.round((1000 * n(timed.on_time)) / n(timed.done)) / 1000 : null,
    },
  };
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

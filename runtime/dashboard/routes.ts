import { requireRole, requireVisibleTenant, type Principal } from '../auth/index.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { ApiError } from '../platform/http/errors.js';
import {
  arrayOf,
  idSchema,
  integerType,
  nullable,
  numberType,
  objectOf,
  stringOrNull,
  stringType,
  textOf,
} from '../platform/http/schemas.js';
import { overdueOrdersOfPeriod } from '../deadlines/index.js';
import { bulletin, monthOf, monthPeriod, OVERDUE_LISTED } from './bulletin.js';
import { bulletinXlsx, toCsv, toXlsx } from './export.js';
import { DIMENSIONS, figureReport, type Dimension } from './figures.js';
import { dashboardSummary } from './summary.js';

const COUNTS = (names: string[]) => objectOf(Object.fromEntries(names.map((n) => [n, integerType])));
const DASHBOARD = objectOf({
  tenant: stringType,
  now: stringType,
  since: stringType,
  cases: COUNTS(['active', 'completed', 'terminated']),
  stuckCases: integerType,
  openTasks: COUNTS(['total', 'green', 'yellow', 'red']),
  casesByLight: COUNTS(['yellow', 'red']),
  byStep: arrayOf(objectOf({ elementId: stringType, name: stringOrNull, open: integerType, overdue: integerType })),
  byDepartment: arrayOf(objectOf({ group: stringType, name: stringOrNull, open: integerType, overdue: integerType })),
  byTenant: arrayOf(
    objectOf({
      tenant: stringType,
      name: stringOrNull,
      activeCases: integerType,
      openTasks: integerType,
      overdue: integerType,
    }),
  ),
  loop: objectOf({
    completedCases: integerType,
    averageHours: nullable(numberType),
    medianHours: nullable(numberType),
    tasksCompleted: integerType,
    tasksOnTime: integerType,
    onTimeRate: nullable(numberType),
  }),
});
const FIGURE_FIELDS = [
  'received',
  'answeredOnSpot',
  'notAccepted',
  'referred',
  'inProgress',
  'closed',
  'closedOnTime',
  'overdue',
  'supervised',
  'extended',
  'refused',
  'refusals',
  'returned',
  'reworked',
  'followedUp',
  'satisfied',
];
const figureProps = {
  ...Object.fromEntries(FIGURE_FIELDS.map((n) => [n, integerType])),
  onTimeRate: nullable(numberType),
  satisfactionRate: nullable(numberType),
};
const FIGURES = objectOf({
  from: stringType,
  to: stringType,
  by: { enum: [...DIMENSIONS] },
  total: objectOf(figureProps),
  rows: arrayOf(objectOf({ key: stringType, name: stringType, ...figureProps })),
});

const FIGURE_ROW = objectOf({ key: stringType, name: stringType, ...figureProps });
const BULLETIN = objectOf({
  month: stringType,
  title: stringType,
  unit: objectOf({ id: stringType, name: stringType }),
  from: stringType,
  to: stringType,
  now: stringType,
  total: objectOf(figureProps),
  byLevel: arrayOf(FIGURE_ROW),
  byChannel: arrayOf(FIGURE_ROW),
  channelByLevel: arrayOf(
    objectOf({ key: stringType, name: stringType, levels: arrayOf(integerType), total: integerType }),
  ),
  byCategory: arrayOf(FIGURE_ROW),
  byDepartment: arrayOf(FIGURE_ROW),
  departmentRanking: arrayOf(objectOf({ key: stringType, name: stringType, rank: integerType, ...figureProps })),
  unitRanking: arrayOf(objectOf({ key: stringType, name: stringType, rank: integerType, ...figureProps })),
  overdueCases: arrayOf(
    objectOf({
      id: stringType,
      trackingNo: stringOrNull,
      unit: stringType,
      category: stringType,
      department: stringType,
      status: stringType,
      supervised: { type: 'boolean' },
    }),
  ),
  overdueOrders: objectOf({
    count: integerType,
    orders: arrayOf(
      objectOf({
        id: stringType,
        caseId: stringType,
        caseTitle: stringOrNull,
        unit: stringType,
        owner: stringOrNull,
        reason: stringType,
        dueAt: stringOrNull,
        status: stringType,
      }),
    ),
  }),
});
const bulletinQuery = { tenant: idSchema, month: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } } as const;

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
const dateSchema = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const figureQuery = {
  tenant: idSchema,
  by: { enum: [...DIMENSIONS] },
  from: dateSchema,
  to: dateSchema,
  days: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' },
} as const;

const localDate = (iso: string) => new Date(Date.parse(iso) + SHANGHAI).toISOString().slice(0, 10);

async function tenantsOf(deps: Deps, principal: Principal, tenant: string | undefined): Promise<string[]> {
  requireRole(principal, 'supervisor', 'tenant-admin');
  if (!tenant) return [...principal.subtree].sort();
  await requireVisibleTenant(principal, deps.tenants, tenant);
  return [...(await deps.tenants.subtree(tenant))].sort();
}

/** The period: `from`..`to` as Shanghai dates (both days included), else the last `days` (30) days up to now. */
function periodOf(now: string, query: { from?: string; to?: string; days?: string }): { from: string; to: string } {
  if (query.from || query.to) {
    if (!query.from || !query.to)
      throw new ApiError(400, 'PERIOD_INVALID', 'give both from and to (YYYY-MM-DD), or neither');
    const from = new Date(Date.parse(`${query.from}T00:00:00Z`) - SHANGHAI).toISOString();
    const to = new Date(Date.parse(`${query.to}T00:00:00Z`) - SHANGHAI + DAY).toISOString();
    if (!(from < to)) throw new ApiError(400, 'PERIOD_INVALID', 'from must not be after to');
    return { from, to };
  }
  return {
    from: new Date(Date.parse(now) - Number(query.days ?? 30) * DAY).toISOString(),
    to: new Date(Date.parse(now) + 1).toISOString(),
  };
}

async function report(deps: Deps, principal: Principal, query: Record<string, string | undefined>) {
  const tenants = await tenantsOf(deps, principal, query.tenant);
  const now = deps.clock.now();
  const period = periodOf(now, query);
  return figureReport(deps.db.knex, {
    tenants,
    ...period,
    by: (query.by ?? 'level') as Dimension,
    now,
    tenantTree: await deps.tenants.all(),
  });
}

async function monthlyBulletin(deps: Deps, principal: Principal, query: Record<string, string | undefined>) {
  const tenants = await tenantsOf(deps, principal, query.tenant);
  const now = deps.clock.now();
  const month = query.month ?? monthOf(now);
  return bulletin(deps.db.knex, {
    unit: query.tenant ?? principal.tenant,
    tenants,
    month,
    now,
    tenantTree: await deps.tenants.all(),
    overdueOrders: await overdueOrdersOfPeriod(deps, { tenants, ...monthPeriod(month) }, OVERDUE_LISTED),
  });
}

export function dashboardRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/dashboard',
      tag: 'dashboard',
      response: DASHBOARD,
      summary:
        "Where every case stands, what is overdue, how the loop performed (supervisors and administrators; the caller's subtree, or one tenant's)",
      query: { properties: { tenant: idSchema, days: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } } },
      async handler({ deps, principal, query }) {
        const tenants = await tenantsOf(deps, principal, query.tenant);
        const now = deps.clock.now();
        const since = new Date(Date.parse(now) - Number(query.days ?? 30) * DAY).toISOString();
        return {
          tenant: query.tenant ?? principal.tenant,
          ...(await dashboardSummary(deps.db.knex, tenants, now, since)),
        };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/figures',
      tag: 'dashboard',
      response: FIGURES,
      summary:
        'Appeals received in a period, grouped by level, tenant, category, channel, department, day, week or month: each case counted once, rows adding up to the total; a rate is null when nothing is in its denominator',
      query: { properties: figureQuery },
      async handler({ deps, principal, query }) {
        return report(deps, principal, query);
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/bulletin',
      tag: 'dashboard',
      response: BULLETIN,
      summary:
        "The monthly 通报 of a unit and everything below it (month=YYYY-MM, this month by default): the dashboard's figures for the month's appeals by level, channel, category and department, departments and units ranked by 按时办结率 and 满意率, the overdue cases",
      query: { properties: bulletinQuery },
      async handler({ deps, principal, query }) {
        return monthlyBulletin(deps, principal, query);
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/bulletin/export',
      tag: 'dashboard',
      response: textOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      summary: 'The monthly 通报 as an Excel workbook, one sheet per table, with Chinese headings',
      query: { properties: bulletinQuery },
      async handler({ deps, principal, query, koa }) {
        const b = await monthlyBulletin(deps, principal, query);
        koa.set(
          'content-disposition',
          `attachment; filename="bulletin-${b.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(b.title)}.xlsx`,
        );
        koa.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
        return bulletinXlsx(b);
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/export',
      tag: 'dashboard',
      // CSV, or an .xlsx workbook when format=xlsx: the description can name one media type.
      response: textOf('text/csv'),
      summary:
        'The figures table as an Excel workbook (format=xlsx) or CSV (format=csv), with Chinese headings; same filters as /api/dashboard/figures',
      query: { required: ['format'], properties: { ...figureQuery, format: { enum: ['xlsx', 'csv'] } } },
      async handler({ deps, principal, query, koa }) {
        const figures = await report(deps, principal, query);
        const first = localDate(figures.from);
        const last = localDate(new Date(Date.parse(figures.to) - 1).toISOString());
        const name = `诉求统计-${first}-${last}`;
        koa.set(
          'content-disposition',
          `attachment; filename="figures.${query.format}"; filename*=UTF-8''${encodeURIComponent(name)}.${query.format}`,
        );
        if (query.format === 'csv') {
          koa.type = 'text/csv; charset=utf-8';
          return toCsv(figures);
        }
        koa.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
        return toXlsx(figures, `诉求办理统计（${first} 至 ${last}）`);
      },
    },
  );
}

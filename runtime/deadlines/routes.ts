/**
 * Issue 4 endpoints: tenant calendars, deadline policies, group leaders, and the deadline
 * operations on tasks (urge, pause/resume, extensions), supervision orders, notifications
 * and the monthly circular (通报).
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CalendarError, parseWorkDuration, type DayInfo } from '../../engine/index.js';
import { hasRole, requireRole, requireVisibleTenant, type Principal, type Role } from '../auth/index.js';
import { ApiError, forbidden, notFound } from '../platform/http/errors.js';
import type { DeadlineKit } from './kit.js';
import type { DeadlineRow, TaskLike } from './model.js';
import { POLICY_SCHEMA, type DeadlinePolicy } from './policy.js';
import { addTo, durationText, lightOf, warnBefore, warningThreshold } from './rules.js';
import {
  calendarApiError, closeSupervisionOrder, createSupervisionOrder, deadlineOf, decideExtension, extensionView, orderView, pauseTask, recountDeadlines,
  requestExtension, resumeTask, startClockOnClaim, urgeTask, type ExtensionRow, type OrderRow,
} from './service.js';
import { dependentTimers } from './timers.js';
import { PAUSED_DUE_AT } from './model.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { idSchema, limitOf, limitSchema } from '../platform/http/schemas.js';
import { whereHandlesTaskOfCase } from '../tasks/index.js';
import { findTask, isClosed, type TaskHistoryRow, type TaskRow } from '../store/task-row.js';

const dateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const reasonSchema = { type: 'string', minLength: 1, maxLength: 1000 } as const;
const MAX_LIST_DAYS = 400;

export function kitOf(deps: Deps): DeadlineKit {
  const kit = deps.commands.services.deadlines;
  if (!kit) throw new ApiError(500, 'DEADLINES_NOT_CONFIGURED', 'the deadline services are not configured on this server');
  return kit;
}

export function deadlineRoutes(api: RuntimeApi): void {
  calendarRoutes(api);
  policyRoutes(api);
  taskDeadlineRoutes(api);
  supervisionRoutes(api);
  notificationRoutes(api);
}

// ── calendars ─────────────────────────────────────────────────────────────────────

function calendarRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/calendars/:tenant', tag: 'calendars', summary: "A tenant's business calendar: data range, its own and inherited override days and years",
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const tc = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        return {
          tenant: tc.tenant, zone: tc.calendar.zone, validFrom: tc.calendar.validFrom(), validThrough: tc.calendar.validThrough(), knownYears: tc.calendar.knownYears(),
          overrides: [...tc.overrides.values()].sort((a, b) => a.date.localeCompare(b.date)).map((o) => ({ date: o.date, kind: o.kind, name: o.name, setBy: o.tenant })),
          years: tc.years.map((y) => ({ year: y.year, source: y.source ?? null, setBy: y.tenant, holidays: Object.keys(y.holidays).length, makeupWorkdays: Object.keys(y.makeupWorkdays ?? {}).length })),
        };
      },
    },
    {
      method: 'get', path: '/api/calendars/:tenant/days', tag: 'calendars', summary: 'The days of a range with their kind and name (days of a year without data are "unknown", never guessed)',
      query: { required: ['from', 'to'], properties: { from: dateSchema, to: dateSchema } },
      async handler({ deps, principal, params, query }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const tc = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        const from = DateTime.fromISO(query.from!, { zone: 'UTC' });
        const to = DateTime.fromISO(query.to!, { zone: 'UTC' });
        if (!from.isValid || !to.isValid) throw new ApiError(400, 'INVALID_DATE', 'from and to must be real dates (YYYY-MM-DD)');
        const count = Math.round(to.diff(from, 'days').days) + 1;
        if (count < 1 || count > MAX_LIST_DAYS) throw new ApiError(400, 'INVALID_RANGE', `list 1 to ${MAX_LIST_DAYS} days at a time (to must not be before from)`);
        const missing = new Set<number>();
        const days: Array<Record<string, unknown>> = [];
        for (let i = 0; i < count; i++) {
          const d = from.plus({ days: i });
          const date = d.toISODate()!;
          try {
            const info: DayInfo = tc.calendar.dayInfo(date);
            const o = tc.overrides.get(date);
            days.push({ ...info, ...(o ? { setBy: o.tenant } : {}) });
          } catch (err) {
            if (!(err instanceof CalendarError) || err.code !== 'CALENDAR_DATA_MISSING') throw err;
            missing.add(d.year);
            days.push({ date, weekday: d.weekday, kind: 'unknown', working: null, source: 'missing' });
          }
        }
        return { tenant: tc.tenant, validFrom: tc.calendar.validFrom(), validThrough: tc.calendar.validThrough(), missingYears: [...missing], days };
      },
    },
    {
      method: 'put', path: '/api/calendars/:tenant/days', tag: 'calendars', summary: "Override days for a tenant and everything below it (kind 'inherit' removes the tenant's own override); open deadlines are recounted",
      body: {
        type: 'object', required: ['days'], additionalProperties: false,
        properties: { days: { type: 'array', minItems: 1, maxItems: 400, items: { type: 'object', required: ['date', 'kind'], additionalProperties: false, properties: { date: dateSchema, kind: { enum: ['workday', 'holiday', 'inherit'] }, name: { type: 'string', minLength: 1, maxLength: 100 } } } } },
      },
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const days = body.days as Array<{ date: string; kind: 'workday' | 'holiday' | 'inherit'; name?: string }>;
        for (const d of days) if (!DateTime.fromISO(d.date).isValid) throw new ApiError(400, 'INVALID_DATE', `"${d.date}" is not a real date`);
        const now = deps.clock.now();
        return changeCalendar(deps, tenant, days.map((d) => d.date).sort()[0]!, async (trx) => {
          for (const d of days) {
            if (d.kind === 'inherit') await trx('calendar_overrides').where({ tenant_id: tenant, date: d.date }).delete();
            else {
              await trx('calendar_overrides')
                .insert({ tenant_id: tenant, date: d.date, kind: d.kind, name: d.name ?? null, updated_by: principal.username, updated_at: now })
                .onConflict(['tenant_id', 'date']).merge(['kind', 'name', 'updated_by', 'updated_at']);
            }
          }
          return { updated: days.length };
        });
      },
    },
    {
      method: 'put', path: '/api/calendars/:tenant/years/:year', tag: 'calendars', summary: "A whole year's schedule from the State Council notice (makes the year known for this tenant and below); open deadlines are recounted",
      body: {
        type: 'object', required: ['holidays'], additionalProperties: false,
        properties: {
          holidays: { type: 'object', maxProperties: 80, propertyNames: dateSchema, additionalProperties: { type: 'string', minLength: 1, maxLength: 100 } },
          makeupWorkdays: { type: 'object', maxProperties: 40, propertyNames: dateSchema, additionalProperties: { type: 'string', minLength: 1, maxLength: 100 } },
          source: { type: 'string', maxLength: 500 },
        },
      },
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        const year = Number(params.year);
        if (!/^\d{4}$/.test(params.year!) || year < 2004 || year > 2100) throw new ApiError(400, 'INVALID_YEAR', `year "${params.year}" must be 2004–2100`);
        await requireCalendarAdmin(deps, principal, tenant);
        const now = deps.clock.now();
        return changeCalendar(deps, tenant, `${year - 1}-12-01`, async (trx) => {
          await trx('calendar_years')
            .insert({ tenant_id: tenant, year, holidays: JSON.stringify(body.holidays), makeup_workdays: JSON.stringify(body.makeupWorkdays ?? {}), source: body.source ?? null, updated_by: principal.username, updated_at: now })
            .onConflict(['tenant_id', 'year']).merge(['holidays', 'makeup_workdays', 'source', 'updated_by', 'updated_at']);
          return { year };
        });
      },
    },
    {
      method: 'delete', path: '/api/calendars/:tenant/years/:year', tag: 'calendars', summary: "Remove a tenant's own schedule for a year",
      async handler({ deps, principal, params }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const year = Number(params.year);
        return changeCalendar(deps, tenant, `${year - 1}-12-01`, async (trx) => ({ deleted: await trx('calendar_years').where({ tenant_id: tenant, year }).delete() }));
      },
    },
    {
      method: 'get', path: '/api/calendars/:tenant/preview', tag: 'calendars', summary: 'The due instant a duration gives from a start on the tenant calendar (and the warning instant)',
      query: { required: ['duration'], properties: { start: { type: 'string', maxLength: 40 }, duration: { type: 'string', minLength: 1, maxLength: 40 }, warning: { type: 'string', maxLength: 40 } } },
      async handler({ deps, principal, params, query }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const { calendar } = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        const start = query.start ?? deps.clock.now();
        try {
          const duration = parseWorkDuration(query.duration!);
          const dueAt = addTo(calendar, start, duration);
          const warnAt = warnBefore(calendar, dueAt, warningThreshold(query.warning, duration));
          const local = (iso: string) => DateTime.fromISO(iso, { zone: calendar.zone }).toISO()!;
          return {
            tenant: params.tenant, start: local(calendar.addDuration(start, { amount: 0, unit: 'minute' })), duration: { ...duration, text: durationText(duration) },
            dueAt, dueAtLocal: local(dueAt), warnAt, warnAtLocal: local(warnAt), zone: calendar.zone, validThrough: calendar.validThrough(),
          };
        } catch (err) {
          if (err instanceof CalendarError) throw calendarApiError(err);
          throw err;
        }
      },
    },
  );
}

async function requireCalendarAdmin(deps: Deps, principal: Principal, tenant: string): Promise<void> {
  await requireVisibleTenant(principal, deps.tenants, tenant);
  requireRole(principal, 'tenant-admin');
  if (!principal.subtree.has(tenant)) throw forbidden(`only administrators of ${tenant} (or above it) may change its calendar`);
}

/** Writes calendar data, checks the result builds, and recounts open deadlines below the tenant — one transaction. */
async function changeCalendar(deps: Deps, tenant: string, sinceDate: string, write: (trx: Knex.Transaction) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const kit = kitOf(deps);
  const now = deps.clock.now();
  try {
    return await deps.db.knex.transaction(async (trx) => {
      const result = await write(trx);
      let calendar;
      try {
        calendar = (await kit.calendars.forTenant(trx, tenant, { fresh: true })).calendar;
      } catch (err) {
        if (err instanceof CalendarError) throw calendarApiError(err);
        throw err;
      }
      const below = [...(await deps.tenants.subtree(tenant, trx))];
      const recount = await recountDeadlines(trx, kit, below, `${sinceDate}T00:00:00.000Z`, now);
      return { tenant, ...result, validThrough: calendar.validThrough(), knownYears: calendar.knownYears(), recounted: recount };
    });
  } finally {
    kit.calendars.invalidate();
  }
}

// ── deadline policies and group leaders ───────────────────────────────────────────

function policyRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/deadline-policies/:tenant', tag: 'deadlines', summary: "A tenant's deadline policy: effective values (with the tenant that set each) and its own",
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const kit = kitOf(deps);
        const { setBy, ...effective } = await kit.policies.effective(deps.db.knex, params.tenant!);
        return { tenant: params.tenant, effective, setBy, own: await kit.policies.own(deps.db.knex, params.tenant!) };
      },
    },
    {
      method: 'put', path: '/api/deadline-policies/:tenant', tag: 'deadlines', summary: "Replace a tenant's own deadline policy (keys left out are inherited)",
      body: POLICY_SCHEMA as unknown as Record<string, unknown>,
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const policy = body as Partial<DeadlinePolicy>;
        if (policy.supervisionDeadline) {
          try {
            parseWorkDuration(policy.supervisionDeadline);
          } catch (err) {
            if (err instanceof CalendarError) throw calendarApiError(err);
            throw err;
          }
        }
        const kit = kitOf(deps);
        await kit.policies.save(deps.db.knex, tenant, policy, principal.username, deps.clock.now());
        const { setBy, ...effective } = await kit.policies.effective(deps.db.knex, tenant);
        return { tenant, effective, setBy, own: policy };
      },
    },
    {
      method: 'put', path: '/api/groups/:id/leaders', tag: 'deadlines', summary: "Set a group's leaders (they receive overdue notices); other members stop being leaders",
      body: { type: 'object', required: ['usernames'], additionalProperties: false, properties: { usernames: { type: 'array', maxItems: 50, items: idSchema } } },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        const group = await deps.db.knex('groups').where({ id: params.id }).first();
        if (!group || !principal.subtree.has(group.tenant_id)) throw notFound('group', params.id!);
        const usernames = body.usernames as string[];
        await deps.db.knex.transaction(async (trx) => {
          const members = (await trx('memberships').where({ group_id: group.id }).whereIn('username', usernames).select('username')).map((m: { username: string }) => m.username);
          const strangers = usernames.filter((u) => !members.includes(u));
          if (strangers.length > 0) throw new ApiError(400, 'NOT_A_MEMBER', `not members of group ${group.id}: ${strangers.join(', ')}`);
          await trx('memberships').where({ group_id: group.id }).update({ leader: false });
          if (usernames.length > 0) await trx('memberships').where({ group_id: group.id }).whereIn('username', usernames).update({ leader: true });
        });
        return { group: group.id, leaders: usernames };
      },
    },
  );
}

// ── task deadline operations ──────────────────────────────────────────────────────

function isHandler(p: Principal, t: TaskLike): boolean {
  if (t.assignee === p.username) return true;
  return (JSON.parse(t.candidate_users) as string[]).includes(p.username) || (JSON.parse(t.candidate_groups) as string[]).some((g) => p.groups.includes(g));
}

/** The task, open or closed, if the caller may see it (as tasks.ts decides: its handlers, supervisors and administrators in the subtree). */
async function visibleTask(db: Knex, p: Principal, id: string, alsoIf = false): Promise<TaskRow> {
  const task = await findTask(db, id);
  if (!task || !p.subtree.has(task.tenant_id)) throw notFound('task', id);
  if (!alsoIf && !hasRole(p, 'tenant-admin', 'supervisor') && !isHandler(p, task)) throw notFound('task', id);
  return task;
}

function mayAct(p: Principal, task: TaskLike): void {
  if (!isHandler(p, task) && !hasRole(p, 'tenant-admin', 'supervisor')) throw forbidden('only the handlers of this task, supervisors and administrators may do this');
}

function inPolicy(p: Principal, roles: string[], groups: string[] = []): boolean {
  return hasRole(p, 'tenant-admin', ...(roles.filter((r) => r !== 'admin') as Role[])) || p.groups.some((g) => groups.includes(g));
}

function taskDeadlineRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/tasks/:id/deadline', tag: 'deadlines', summary: "A task's deadline: due and warning instants, light, ladder stage, pause, extensions, dependent timers",
      async handler({ deps, principal, params }) {
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        const row = await deadlineOf(deps.db.knex, task.id);
        const now = deps.clock.now();
        const requests = (await deps.db.knex('extension_requests').where({ task_id: task.id }).orderBy('created_at')) as ExtensionRow[];
        const orders = (await deps.db.knex('supervision_orders').where({ task_id: task.id }).orderBy('created_at')) as OrderRow[];
        const timers = await dependentTimers(deps.db.knex, task.id);
        return {
          taskId: task.id, dueAt: task.due_at, warnAt: task.warn_at ?? null, light: task.status === 'open' ? lightOf(task, now) : null, paused: !!task.paused_at, pausedAt: task.paused_at ?? null,
          extensions: task.extension_count ?? 0,
          ...(row ? runningDeadlineView(row) : isClosed(task) ? endedDeadlineView(task) : {}),
          extensionRequests: requests.map(extensionView),
          supervisionOrders: orders.map(orderView),
          timers: timers.map((t) => ({ jobId: t.job.id, elementId: t.job.element_id, duration: t.meta.duration, dueAt: t.job.due_at === PAUSED_DUE_AT ? null : t.job.due_at, paused: !!t.meta.pausedAt })),
        };
      },
    },
    {
      method: 'post', path: '/api/tasks/:id/urge', tag: 'deadlines', summary: 'Urge (催办) the handlers of a task: a notification with a running count and read receipts', status: 201,
      body: { type: 'object', additionalProperties: false, properties: { message: { type: 'string', maxLength: 1000 } } },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!, true);
        const policy = await kit.policies.effective(deps.db.knex, task.tenant_id);
        if (!inPolicy(principal, policy.urgeRoles, policy.urgeGroups)) throw forbidden(`urging needs one of the roles ${policy.urgeRoles.join(', ')} or membership of ${policy.urgeGroups.join(', ') || 'an urging group'}`);
        return deps.db.knex.transaction(async (trx) => urgeTask(trx, kit, await fresh(trx, task.id), body.message, principal.username, deps.clock.now()));
      },
    },
    {
      method: 'get', path: '/api/tasks/:id/urges', tag: 'deadlines', summary: 'The urges of a task with read receipts',
      async handler({ deps, principal, params }) {
        // The task's own viewers, and whoever may urge it (dispatchers), see its urges.
        const task = await visibleTask(deps.db.knex, principal, params.id!, true);
        const policy = await kitOf(deps).policies.effective(deps.db.knex, task.tenant_id);
        if (!hasRole(principal, 'tenant-admin', 'supervisor') && !isHandler(principal, task) && !inPolicy(principal, policy.urgeRoles, policy.urgeGroups)) throw notFound('task', task.id);
        const urges = await deps.db.knex('task_urges').where({ task_id: task.id }).orderBy('seq');
        const notes = urges.length ? await deps.db.knex('notifications').whereIn('urge_id', urges.map((u: { id: string }) => u.id)) : [];
        return {
          taskId: task.id,
          count: urges.length,
          urges: urges.map((u: Record<string, any>) => ({
            id: u.id, count: u.seq, urgedBy: u.urged_by, message: u.message, createdAt: u.created_at,
            notifications: notes.filter((n: Record<string, any>) => n.urge_id === u.id).map((n: Record<string, any>) => ({ id: n.id, recipient: { kind: n.recipient_kind, id: n.recipient }, readAt: n.read_at, readBy: n.read_by })),
          })),
        };
      },
    },
    {
      method: 'post', path: '/api/tasks/:id/pause', tag: 'deadlines', summary: 'Stop the clock (中止计时): the remaining working time is kept',
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: reasonSchema } },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        mayAct(principal, task);
        return deps.db.knex.transaction(async (trx) => pauseTask(trx, kit, await fresh(trx, task.id), body.reason, principal.username, deps.clock.now()));
      },
    },
    {
      method: 'post', path: '/api/tasks/:id/resume', tag: 'deadlines', summary: 'Restart the clock: the due instant is the remaining working time counted from now',
      async handler({ deps, principal, params }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        mayAct(principal, task);
        return deps.db.knex.transaction(async (trx) => resumeTask(trx, kit, await fresh(trx, task.id), principal.username, deps.clock.now()));
      },
    },
    {
      method: 'post', path: '/api/tasks/:id/extension-requests', tag: 'deadlines', summary: 'Ask for more time (延期申请), before the deadline: a new due date or the working time to add', status: 201,
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: reasonSchema, requestedDueAt: { type: 'string', maxLength: 40 }, extendBy: { type: 'string', maxLength: 40 } } },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        if (!isHandler(principal, task)) throw forbidden('only the handlers of this task may ask for more time');
        return deps.db.knex.transaction(async (trx) => requestExtension(trx, kit, await fresh(trx, task.id), body, principal.username, deps.clock.now()));
      },
    },
    {
      method: 'get', path: '/api/extension-requests', tag: 'deadlines', summary: 'Extension requests visible to the caller',
      query: { properties: { status: { enum: ['pending', 'approved', 'rejected'] }, tenant: idSchema, taskId: { type: 'string', maxLength: 60 }, limit: limitSchema } },
      async handler({ deps, principal, query }) {
        let q = deps.db.knex('extension_requests').whereIn('tenant_id', [...principal.subtree]);
        if (!hasRole(principal, 'tenant-admin', 'supervisor')) q = q.where({ requested_by: principal.username });
        if (query.status) q = q.where({ status: query.status });
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        if (query.taskId) q = q.where({ task_id: query.taskId });
        return ((await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as ExtensionRow[]).map(extensionView);
      },
    },
    ...(['approve', 'reject'] as const).map((action) => ({
      method: 'post' as const, path: `/api/extension-requests/:id/${action}`, tag: 'deadlines',
      summary: action === 'approve' ? 'Approve an extension: the deadline and every dependent timer move in one transaction' : 'Reject an extension request',
      body: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 1000 } } },
      async handler({ deps, principal, params, body }: { deps: Deps; principal: Principal; params: Record<string, string>; body: any }) {
        const kit = kitOf(deps);
        const request = (await deps.db.knex('extension_requests').where({ id: params.id }).first()) as ExtensionRow | undefined;
        if (!request || !principal.subtree.has(request.tenant_id)) throw notFound('extension request', params.id!);
        const policy = await kit.policies.effective(deps.db.knex, request.tenant_id);
        if (!inPolicy(principal, policy.extensionApproverRoles)) throw forbidden(`deciding extensions needs one of the roles ${policy.extensionApproverRoles.join(', ')}`);
        if (request.requested_by === principal.username && !hasRole(principal)) throw forbidden('nobody decides their own extension request');
        return deps.db.knex.transaction(async (trx) => {
          const current = (await trx('extension_requests').where({ id: request.id }).first()) as ExtensionRow;
          return decideExtension(trx, kit, current, action === 'approve', body.note, principal.username, deps.clock.now());
        });
      },
    })),
  );
}

function runningDeadlineView(row: DeadlineRow) {
  return {
    deadline: row.spec ?? durationText({ amount: row.amount, unit: row.unit }), calendar: row.calendar_tenant, warning: row.warn_left, start: row.start_mode, startedAt: row.started_at,
    stage: row.stage, redAt: row.red_at, supervisionAt: row.escalate_at, pauseReason: row.pause_reason,
    remaining: row.paused_at && row.seg_amount !== null ? durationText({ amount: row.seg_amount, unit: row.unit }) : null,
    error: row.error ? (JSON.parse(row.error) as Record<string, unknown>) : null,
  };
}

/** A closed task's history row keeps how its deadline went. */
function endedDeadlineView(task: TaskHistoryRow) {
  return task.deadline_stage === null ? {} : { stage: task.deadline_stage, redAt: task.red_at };
}

/** The task, open or closed, read again inside the operation's transaction. */
async function fresh(trx: Knex, id: string): Promise<TaskLike> {
  const t = await findTask(trx, id);
  if (!t) throw notFound('task', id);
  return t;
}

/** For tasks.ts, inside the claim's transaction: starts a `deadlineStart="claimed"` clock (no-op otherwise). */
export async function onTaskClaimed(trx: Knex.Transaction, deps: Deps, taskId: string, actor: string): Promise<void> {
  const kit = deps.commands.services.deadlines;
  if (!kit) return;
  await startClockOnClaim(trx, kit, await fresh(trx, taskId), actor, deps.clock.now());
}

// ── supervision orders and the monthly circular ───────────────────────────────────

function supervisionRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/supervision-orders', tag: 'supervision', summary: 'Supervision orders (督办单) visible to the caller; with processInstanceId, those of one case',
      query: { properties: { processInstanceId: { type: 'string', maxLength: 40 }, taskId: { type: 'string', maxLength: 60 }, status: { enum: ['open', 'closed'] }, overdue: { enum: ['true', 'false'] }, tenant: idSchema, owner: idSchema, limit: limitSchema } },
      async handler({ deps, principal, query }) {
        let q = deps.db.knex('supervision_orders').whereIn('tenant_id', [...principal.subtree]);
        if (query.processInstanceId) q = q.where({ instance_id: query.processInstanceId });
        if (query.taskId) q = q.where({ task_id: query.taskId });
        if (query.status) q = q.where({ status: query.status });
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        if (query.owner) q = q.where({ owner: query.owner });
        if (query.overdue === 'true') q = q.whereNotNull('overdue_at');
        if (query.overdue === 'false') q = q.whereNull('overdue_at');
        if (!hasRole(principal, 'tenant-admin', 'supervisor')) {
          // Staff see the orders they own and those on cases they work on. The case's tasks may be
          // closed (no inbox rows any more), so their groups are read from the task rows.
          q = q.where((w) => w.where('owner', principal.username).orWhere((c) => whereHandlesTaskOfCase(c, deps.db.knex, deps.db.dialect, 'supervision_orders.instance_id', principal)));
        }
        return ((await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as OrderRow[]).map(orderView);
      },
    },
    {
      method: 'post', path: '/api/supervision-orders', tag: 'supervision', summary: "Open a supervision order (督办单) on a case or one of its tasks (a supervisor's decision)", status: 201,
      body: {
        type: 'object', required: ['reason'], additionalProperties: false,
        properties: { processInstanceId: { type: 'string', maxLength: 40 }, taskId: { type: 'string', maxLength: 60 }, reason: reasonSchema, owner: idSchema, deadline: { type: 'string', maxLength: 40 } },
      },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        if (!body.processInstanceId && !body.taskId) throw new ApiError(400, 'REQUEST_INVALID', 'give processInstanceId or taskId');
        const kit = kitOf(deps);
        let task: TaskLike | undefined;
        let instanceId = body.processInstanceId as string | undefined;
        if (body.taskId) {
          task = await visibleTask(deps.db.knex, principal, body.taskId);
          if (instanceId && instanceId !== task.instance_id) throw new ApiError(400, 'REQUEST_INVALID', `task ${task.id} does not belong to case ${instanceId}`);
          instanceId = task.instance_id;
        }
        const instance = await deps.db.knex('instances').where({ id: instanceId }).first();
        if (!instance || !principal.subtree.has(instance.tenant_id)) throw notFound('process instance', instanceId!);
        if (body.owner && !(await deps.db.knex('users').where({ username: body.owner }).first())) throw new ApiError(400, 'UNKNOWN_USER', `user "${body.owner}" does not exist`);
        if (body.deadline) {
          try {
            parseWorkDuration(body.deadline);
          } catch (err) {
            if (err instanceof CalendarError) throw calendarApiError(err);
            throw err;
          }
        }
        return deps.db.knex.transaction((trx) =>
          createSupervisionOrder(trx, kit, {
            tenant: instance.tenant_id, instanceId: instance.id, reason: body.reason, source: 'manual', owner: body.owner ?? principal.username,
            ...(task ? { task } : {}), ...(body.deadline ? { deadline: body.deadline } : {}),
          }, principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'post', path: '/api/supervision-orders/:id/close', tag: 'supervision', summary: 'Close a supervision order with its resolution (its owner, a supervisor or an administrator)',
      body: { type: 'object', required: ['resolution'], additionalProperties: false, properties: { resolution: reasonSchema } },
      async handler({ deps, principal, params, body }) {
        const order = (await deps.db.knex('supervision_orders').where({ id: params.id }).first()) as OrderRow | undefined;
        if (!order || !principal.subtree.has(order.tenant_id)) throw notFound('supervision order', params.id!);
        if (order.owner !== principal.username && !hasRole(principal, 'tenant-admin', 'supervisor')) throw forbidden('only the owner of the order, supervisors and administrators may close it');
        return deps.db.knex.transaction((trx) => closeSupervisionOrder(trx, order, body.resolution, principal.username, deps.clock.now()));
      },
    },
    {
      method: 'get', path: '/api/circulars/:month', tag: 'supervision', summary: 'The monthly circular (通报): tasks that went overdue and supervision orders that went overdue in a month (Asia/Shanghai)',
      query: { properties: { tenant: idSchema } },
      async handler({ deps, principal, params, query }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(params.month ?? '');
        if (!m) throw new ApiError(400, 'INVALID_MONTH', `month "${params.month}" must be YYYY-MM`);
        const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: 'Asia/Shanghai' });
        const from = start.toUTC().toISO()!;
        const to = start.plus({ months: 1 }).toUTC().toISO()!;
        const tenants = query.tenant ? [query.tenant].filter((t) => principal.subtree.has(t)) : [...principal.subtree];
        const tasks = await overdueTasks(deps.db.knex, tenants, from, to);
        const orders = (await deps.db.knex('supervision_orders').whereIn('tenant_id', tenants).where('overdue_at', '>=', from).where('overdue_at', '<', to).orderBy('overdue_at')) as OrderRow[];
        return {
          month: params.month, from, to,
          overdueTasks: tasks.map((t: Record<string, any>) => ({
            taskId: t.id, processInstanceId: t.instance_id, tenant: t.tenant_id, elementId: t.element_id, name: t.name, status: t.status, assignee: t.assignee,
            candidateGroups: JSON.parse(t.candidate_groups) as string[], dueAt: t.red_at, completedAt: t.completed_at, supervised: t.supervised_at !== null,
          })),
          overdueOrders: orders.map(orderView),
        };
      },
    },
  );
}

const CIRCULAR_TASK_COLUMNS = ['id', 'instance_id', 'tenant_id', 'element_id', 'name', 'status', 'assignee', 'candidate_groups', 'completed_at'];

/**
 * The tasks that went red in [from, to): open ones through their deadline columns, closed ones
 * through their history rows, in one statement (one snapshot: a task closing meanwhile is
 * listed once), in the order they went red.
 */
async function overdueTasks(knex: Knex, tenants: string[], from: string, to: string): Promise<Array<Record<string, any>>> {
  const open = knex('tasks as t')
    .whereIn('t.tenant_id', tenants).where('t.red_at', '>=', from).where('t.red_at', '<', to)
    .select(...CIRCULAR_TASK_COLUMNS.map((c) => `t.${c}`), 't.red_at', 't.supervised_at');
  const closed = knex('task_history as h')
    .whereIn('h.tenant_id', tenants).where('h.red_at', '>=', from).where('h.red_at', '<', to)
    .select(...CIRCULAR_TASK_COLUMNS.map((c) => `h.${c}`), 'h.red_at', 'h.supervised_at');
  return knex.select('*').from(open.unionAll(closed).as('u')).orderBy(['red_at', 'id']);
}

// ── notifications ─────────────────────────────────────────────────────────────────

function mine(db: Knex, p: Principal) {
  return db('notifications').where((w) => {
    w.where({ recipient_kind: 'user', recipient: p.username });
    if (p.groups.length > 0) w.orWhere((g) => g.where('recipient_kind', 'group').whereIn('recipient', p.groups));
  });
}

function notificationRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/notifications', tag: 'notifications', summary: "The caller's notification center: notices to them and to their groups, newest first",
      query: { properties: { unread: { enum: ['true', 'false'] }, kind: { type: 'string', maxLength: 24 }, taskId: { type: 'string', maxLength: 60 }, limit: limitSchema } },
      async handler({ deps, principal, query }) {
        let q = mine(deps.db.knex, principal);
        if (query.unread === 'true') q = q.whereNull('read_at');
        if (query.unread === 'false') q = q.whereNotNull('read_at');
        if (query.kind) q = q.where({ kind: query.kind });
        if (query.taskId) q = q.where({ task_id: query.taskId });
        const rows = (await q.orderBy('id', 'desc').limit(limitOf(query.limit))) as Array<Record<string, any>>;
        const deliveries = rows.length ? ((await deps.db.knex('notification_deliveries').whereIn('notification_id', rows.map((r) => r.id)).orderBy('id')) as Array<Record<string, any>>) : [];
        return rows.map((r) => ({
          id: r.id, kind: r.kind ?? 'notify', subject: r.subject, body: r.body, tenant: r.tenant_id, processInstanceId: r.instance_id, taskId: r.task_id, orderId: r.order_id, urgeId: r.urge_id,
          recipient: { kind: r.recipient_kind, id: r.recipient }, channel: r.channel, data: r.data ? JSON.parse(r.data) : {}, createdAt: r.created_at, readAt: r.read_at, readBy: r.read_by,
          deliveries: deliveries.filter((d) => d.notification_id === r.id).map((d) => ({ channel: d.channel, status: d.status, detail: d.detail ? safeJson(d.detail) : null, at: d.attempted_at })),
        }));
      },
    },
    {
      method: 'post', path: '/api/notifications/:id/read', tag: 'notifications', summary: 'Mark a notification read (the first reader is kept as the read receipt)',
      async handler({ deps, principal, params }) {
        if (!/^\d{1,12}$/.test(params.id!)) throw notFound('notification', params.id!);
        const row = await mine(deps.db.knex, principal).andWhere({ id: Number(params.id) }).first();
        if (!row) throw notFound('notification', params.id!);
        const now = deps.clock.now();
        await deps.db.knex('notifications').where({ id: row.id }).whereNull('read_at').update({ read_at: now, read_by: principal.username });
        const after = await deps.db.knex('notifications').where({ id: row.id }).first();
        return { id: after.id, readAt: after.read_at, readBy: after.read_by };
      },
    },
    {
      method: 'post', path: '/api/notifications/read-all', tag: 'notifications', summary: "Mark all the caller's unread notifications read",
      async handler({ deps, principal }) {
        const ids = (await mine(deps.db.knex, principal).whereNull('read_at').select('id')).map((r: { id: number }) => r.id);
        let updated = 0;
        for (let i = 0; i < ids.length; i += 500) updated += await deps.db.knex('notifications').whereIn('id', ids.slice(i, i + 500)).whereNull('read_at').update({ read_at: deps.clock.now(), read_by: principal.username });
        return { updated };
      },
    },
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

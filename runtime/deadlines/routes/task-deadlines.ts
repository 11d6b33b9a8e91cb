// A task's deadline and the operations on it: urge, pause/resume, extension requests and decisions.
import { actorNames, hasRole, type Principal } from '../../auth/index.js';
import { forbidden, notFound } from '../../platform/http/errors.js';
import type { DeadlineRow } from '../model.js';
import { durationText, lightOf } from '../rules.js';
import {
  deadlineOf,
  decideExtension,
  extensionView,
  orderView,
  pauseTask,
  freshTask,
  requestExtension,
  resumeTask,
  urgeTask,
  type ExtensionRow,
  type OrderRow,
} from '../service.js';
import { dependentTimers } from '../timers.js';
import { PAUSED_DUE_AT } from '../model.js';
import type { Deps, RuntimeApi } from '../../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  booleanType,
  idSchema,
  integerType,
  limitOf,
  limitSchema,
  nullable,
  objectOf,
  stringOrNull,
  stringList,
  stringType,
} from '../../platform/http/schemas.js';
import { isClosed, type TaskHistoryRow } from '../../store/task-row.js';
import type { NotificationRow, UrgeRow } from '../notification-rows.js';
import { kitOf, reasonSchema, inPolicy, isHandler, mayAct, visibleTask } from '../access.js';
import {
  DECIDED_EXTENSION_SCHEMA,
  EXTENSION_SCHEMA,
  LISTED_EXTENSION_SCHEMA,
  ORDER_SCHEMA,
  URGE_NOTICE,
  URGE_SCHEMA,
} from '../schemas.js';

const TASK_DEADLINE = objectOf({
  taskId: stringType,
  dueAt: stringOrNull,
  warnAt: stringOrNull,
  light: nullable({ enum: ['green', 'yellow', 'red'] }),
  paused: booleanType,
  pausedAt: stringOrNull,
  extensions: integerType,
  // A running deadline's ladder; a closed task's keeps only how it ended (stage, redAt).
  'deadline?': stringType,
  'calendar?': stringType,
  'warning?': stringOrNull,
  'start?': stringType,
  'startedAt?': stringOrNull,
  'stage?': stringType,
  'redAt?': stringOrNull,
  'supervisionAt?': stringOrNull,
  'pauseReason?': stringOrNull,
  'remaining?': stringOrNull,
  'error?': nullable(anyObject),
  'provisional?': booleanType,
  'provisionalYears?': arrayOf(integerType),
  extensionRequests: arrayOf(EXTENSION_SCHEMA),
  supervisionOrders: arrayOf(ORDER_SCHEMA),
  timers: arrayOf(
    objectOf({
      jobId: stringType,
      elementId: stringType,
      duration: stringType,
      dueAt: stringOrNull,
      paused: booleanType,
      provisional: booleanType,
    }),
  ),
});

export function taskDeadlineRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/tasks/:id/deadline',
      tag: 'deadlines',
      summary: "A task's deadline: due and warning instants, light, ladder stage, pause, extensions, dependent timers",
      response: TASK_DEADLINE,
      async handler({ deps, principal, params }) {
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        const row = await deadlineOf(deps.db.knex, task.id);
        const now = deps.clock.now();
        const requests = (await deps.db
          .knex('extension_requests')
          .where({ task_id: task.id })
          .orderBy('created_at')) as ExtensionRow[];
        const orders = (await deps.db
          .knex('supervision_orders')
          .where({ task_id: task.id })
          .orderBy('created_at')) as OrderRow[];
        const timers = await dependentTimers(deps.db.knex, task.id);
        return {
          taskId: task.id,
          dueAt: task.due_at,
          warnAt: task.warn_at ?? null,
          light: task.status === 'open' ? lightOf(task, now) : null,
          paused: !!task.paused_at,
          pausedAt: task.paused_at ?? null,
          extensions: task.extension_count ?? 0,
          ...(row ? runningDeadlineView(row) : isClosed(task) ? endedDeadlineView(task) : {}),
          extensionRequests: requests.map(extensionView),
          supervisionOrders: orders.map(orderView),
          timers: timers.map((t) => ({
            jobId: t.job.id,
            elementId: t.job.element_id,
            duration: t.meta.duration,
            dueAt: t.job.due_at === PAUSED_DUE_AT ? null : t.job.due_at,
            paused: !!t.meta.pausedAt,
            provisional: !!t.meta.provisional,
          })),
        };
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/urge',
      tag: 'deadlines',
      summary: 'Urge (催办) the handlers of a task: a notification with a running count and read receipts',
      status: 201,
      response: URGE_SCHEMA,
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { message: { type: 'string', maxLength: 1000 } },
      },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!, true);
        const policy = await kit.policies.effective(deps.db.knex, task.tenant_id);
        if (!inPolicy(principal, policy.urgeRoles, policy.urgeGroups))
          throw forbidden(
            `urging needs one of the roles ${policy.urgeRoles.join(', ')} or membership of ${policy.urgeGroups.join(', ') || 'an urging group'}`,
          );
        return deps.db.knex.transaction(async (trx) =>
          urgeTask(trx, kit, await freshTask(trx, task.id), body.message, principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'get',
      path: '/api/tasks/:id/urges',
      tag: 'deadlines',
      summary: 'The urges of a task with read receipts',
      response: objectOf({
        taskId: stringType,
        count: integerType,
        urges: arrayOf(
          objectOf({
            id: stringType,
            count: integerType,
            urgedBy: stringType,
            message: stringOrNull,
            createdAt: stringType,
            notifications: arrayOf(URGE_NOTICE),
          }),
        ),
      }),
      async handler({ deps, principal, params }) {
        // The task's own viewers, and whoever may urge it (dispatchers), see its urges.
        const task = await visibleTask(deps.db.knex, principal, params.id!, true);
        const policy = await kitOf(deps).policies.effective(deps.db.knex, task.tenant_id);
        if (
          !hasRole(principal, 'tenant-admin', 'supervisor') &&
          !isHandler(principal, task) &&
          !inPolicy(principal, policy.urgeRoles, policy.urgeGroups)
        )
          throw notFound('task', task.id);
        const urges = (await deps.db.knex('task_urges').where({ task_id: task.id }).orderBy('seq')) as UrgeRow[];
        const notes = urges.length
          ? ((await deps.db.knex('notifications').whereIn(
              'urge_id',
              urges.map((u) => u.id),
            )) as NotificationRow[])
          : [];
        return {
          taskId: task.id,
          count: urges.length,
          urges: urges.map((u) => ({
            id: u.id,
            count: u.seq,
            urgedBy: u.urged_by,
            message: u.message,
            createdAt: u.created_at,
            notifications: notes
              .filter((n) => n.urge_id === u.id)
              .map((n) => ({
                id: n.id,
                recipient: { kind: n.recipient_kind, id: n.recipient },
                readAt: n.read_at,
                readBy: n.read_by,
              })),
          })),
        };
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/pause',
      tag: 'deadlines',
      summary: 'Stop the clock (中止计时): the remaining working time is kept',
      response: objectOf({
        taskId: stringType,
        reason: stringType,
        dueAtBefore: stringOrNull,
        remaining: stringType,
        timers: stringList,
      }),
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: reasonSchema } },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        mayAct(principal, task);
        return deps.db.knex.transaction(async (trx) =>
          pauseTask(trx, kit, await freshTask(trx, task.id), body.reason, principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/resume',
      tag: 'deadlines',
      summary: 'Restart the clock: the due instant is the remaining working time counted from now',
      response: objectOf({
        taskId: stringType,
        pausedAt: stringType,
        remaining: stringType,
        dueAt: stringType,
        warnAt: stringOrNull,
        timers: arrayOf(anyObject),
      }),
      async handler({ deps, principal, params }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        mayAct(principal, task);
        return deps.db.knex.transaction(async (trx) =>
          resumeTask(trx, kit, await freshTask(trx, task.id), principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/extension-requests',
      tag: 'deadlines',
      summary: 'Ask for more time (延期申请), before the deadline: a new due date or the working time to add',
      status: 201,
      response: EXTENSION_SCHEMA,
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: {
          reason: reasonSchema,
          requestedDueAt: { type: 'string', maxLength: 40 },
          extendBy: { type: 'string', maxLength: 40 },
        },
      },
      async handler({ deps, principal, params, body }) {
        const kit = kitOf(deps);
        const task = await visibleTask(deps.db.knex, principal, params.id!);
        if (!isHandler(principal, task)) throw forbidden('only the handlers of this task may ask for more time');
        return deps.db.knex.transaction(async (trx) =>
          requestExtension(trx, kit, await freshTask(trx, task.id), body, principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'get',
      path: '/api/extension-requests',
      tag: 'deadlines',
      summary: 'Extension requests visible to the caller',
      response: arrayOf(LISTED_EXTENSION_SCHEMA),
      query: {
        properties: {
          status: { enum: ['pending', 'approved', 'rejected'] },
          tenant: idSchema,
          taskId: { type: 'string', maxLength: 60 },
          limit: limitSchema,
        },
      },
      async handler({ deps, principal, query, locale }) {
        let q = deps.db.knex('extension_requests').whereIn('tenant_id', [...principal.subtree]);
        if (!hasRole(principal, 'tenant-admin', 'supervisor')) q = q.where({ requested_by: principal.username });
        if (query.status) q = q.where({ status: query.status });
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        if (query.taskId) q = q.where({ task_id: query.taskId });
        const rows = (await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as ExtensionRow[];
        // Lists name the people as they are known, never by account.
        const name = await actorNames(
          deps.db.knex,
          rows.flatMap((r) => [r.requested_by, r.decided_by]),
          locale,
        );
        return rows.map((r) => ({
          ...extensionView(r),
          requestedByName: name(r.requested_by) ?? r.requested_by,
          decidedByName: name(r.decided_by),
        }));
      },
    },
    ...(['approve', 'reject'] as const).map((action) => ({
      method: 'post' as const,
      path: `/api/extension-requests/:id/${action}`,
      tag: 'deadlines',
      response: DECIDED_EXTENSION_SCHEMA,
      summary:
        action === 'approve'
          ? 'Approve an extension: the deadline and every dependent timer move in one transaction'
          : 'Reject an extension request',
      body: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 1000 } } },
      async handler({
        deps,
        principal,
        params,
        body,
      }: {
        deps: Deps;
        principal: Principal;
        params: Record<string, string>;
        body: { note?: string };
      }) {
        const kit = kitOf(deps);
        const request = (await deps.db.knex('extension_requests').where({ id: params.id }).first()) as
          | ExtensionRow
          | undefined;
        if (!request || !principal.subtree.has(request.tenant_id)) throw notFound('extension request', params.id!);
        const policy = await kit.policies.effective(deps.db.knex, request.tenant_id);
        if (!inPolicy(principal, policy.extensionApproverRoles))
          throw forbidden(`deciding extensions needs one of the roles ${policy.extensionApproverRoles.join(', ')}`);
        if (request.requested_by === principal.username && !hasRole(principal))
          throw forbidden('nobody decides their own extension request');
        return deps.db.knex.transaction(async (trx) => {
          const current = (await trx('extension_requests').where({ id: request.id }).first()) as ExtensionRow;
          return decideExtension(
            trx,
            kit,
            current,
            action === 'approve',
            body.note,
            principal.username,
            deps.clock.now(),
          );
        });
      },
    })),
  );
}

function runningDeadlineView(row: DeadlineRow) {
  return {
    deadline: row.spec ?? durationText({ amount: row.amount, unit: row.unit }),
    calendar: row.calendar_tenant,
    warning: row.warn_left,
    start: row.start_mode,
    startedAt: row.started_at,
    stage: row.stage,
    redAt: row.red_at,
    supervisionAt: row.escalate_at,
    pauseReason: row.pause_reason,
    remaining:
      row.paused_at && row.seg_amount !== null ? durationText({ amount: row.seg_amount, unit: row.unit }) : null,
    error: row.error ? (JSON.parse(row.error) as Record<string, unknown>) : null,
    provisional: row.provisional !== null,
    provisionalYears: row.provisional ? row.provisional.split(',').map(Number) : [],
  };
}

/** A closed task's history row keeps how its deadline went. */
function endedDeadlineView(task: TaskHistoryRow) {
  return task.deadline_stage === null ? {} : { stage: task.deadline_stage, redAt: task.red_at };
}

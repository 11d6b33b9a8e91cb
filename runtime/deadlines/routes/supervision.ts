// Supervision orders (督办单) and the monthly circular (通报).
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CalendarError, parseWorkDuration } from '../../../engine/index.js';
import { hasRole, requireRole } from '../../auth/index.js';
import { ApiError, forbidden, notFound } from '../../platform/http/errors.js';
import type { TaskLike } from '../model.js';
import {
  calendarApiError,
  closeSupervisionOrder,
  createSupervisionOrder,
  orderView,
  type OrderRow,
} from '../service.js';
import type { RuntimeApi } from '../../platform/http/deps.js';
import {
  arrayOf,
  booleanType,
  idSchema,
  limitOf,
  limitSchema,
  objectOf,
  stringOrNull,
  stringList,
  stringType,
} from '../../platform/http/schemas.js';
import { caseTitles, whereHandlesTaskOfCase } from '../../tasks/index.js';
import { inTenantChain, kitOf, reasonSchema, visibleTask } from '../access.js';
import { ORDER_SCHEMA } from '../schemas.js';

const CIRCULAR_TASK = objectOf({
  taskId: stringType,
  processInstanceId: stringType,
  tenant: stringType,
  elementId: stringType,
  name: stringOrNull,
  status: stringType,
  assignee: stringOrNull,
  candidateGroups: stringList,
  dueAt: stringOrNull,
  completedAt: stringOrNull,
  supervised: booleanType,
  // What a person reads in the 通报: the case's title, the unit's and departments' names.
  caseTitle: stringOrNull,
  tenantName: stringType,
  departments: stringList,
});
const CIRCULAR_ORDER = {
  ...ORDER_SCHEMA,
  required: [...(ORDER_SCHEMA.required as string[]), 'caseTitle', 'tenantName', 'ownerName'],
  properties: {
    ...(ORDER_SCHEMA.properties as Record<string, unknown>),
    caseTitle: stringOrNull,
    tenantName: stringType,
    ownerName: stringOrNull,
  },
};

export function supervisionRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/supervision-orders',
      tag: 'supervision',
      summary: 'Supervision orders (督办单) visible to the caller; with processInstanceId, those of one case',
      response: arrayOf(ORDER_SCHEMA),
      query: {
        properties: {
          processInstanceId: { type: 'string', maxLength: 40 },
          taskId: { type: 'string', maxLength: 60 },
          status: { enum: ['open', 'answered', 'closed'] },
          overdue: { enum: ['true', 'false'] },
          tenant: idSchema,
          owner: idSchema,
          limit: limitSchema,
        },
      },
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
          q = q.where((w) =>
            w
              .where('owner', principal.username)
              .orWhere((c) =>
                whereHandlesTaskOfCase(c, deps.db.knex, deps.db.dialect, 'supervision_orders.instance_id', principal),
              ),
          );
        }
        return ((await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as OrderRow[]).map(orderView);
      },
    },
    {
      method: 'post',
      path: '/api/supervision-orders',
      tag: 'supervision',
      summary: "Open a supervision order (督办单) on a case or one of its tasks (a supervisor's decision)",
      status: 201,
      response: ORDER_SCHEMA,
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: {
          processInstanceId: { type: 'string', maxLength: 40 },
          taskId: { type: 'string', maxLength: 60 },
          reason: reasonSchema,
          owner: idSchema,
          deadline: { type: 'string', maxLength: 40 },
        },
      },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        if (!body.processInstanceId && !body.taskId)
          throw new ApiError(400, 'REQUEST_INVALID', 'give processInstanceId or taskId');
        const kit = kitOf(deps);
        let task: TaskLike | undefined;
        let instanceId = body.processInstanceId as string | undefined;
        if (body.taskId) {
          task = await visibleTask(deps.db.knex, principal, body.taskId);
          if (instanceId && instanceId !== task.instance_id)
            throw new ApiError(400, 'REQUEST_INVALID', `task ${task.id} does not belong to case ${instanceId}`);
          instanceId = task.instance_id;
        }
        const instance = await deps.db.knex('instances').where({ id: instanceId }).first();
        if (!instance || !principal.subtree.has(instance.tenant_id)) throw notFound('process instance', instanceId!);
        if (body.owner && !(await inTenantChain(deps, body.owner, instance.tenant_id)))
          throw new ApiError(
            400,
            'UNKNOWN_USER',
            `user "${body.owner}" does not exist or does not work for this case's tenant or one above it`,
          );
        if (body.deadline) {
          try {
            parseWorkDuration(body.deadline);
          } catch (err) {
            if (err instanceof CalendarError) throw calendarApiError(err);
            throw err;
          }
        }
        return deps.db.knex.transaction((trx) =>
          createSupervisionOrder(
            trx,
            kit,
            {
              tenant: instance.tenant_id,
              instanceId: instance.id,
              reason: body.reason,
              source: 'manual',
              owner: body.owner ?? principal.username,
              ...(task ? { task } : {}),
              ...(body.deadline ? { deadline: body.deadline } : {}),
            },
            principal.username,
            deps.clock.now(),
          ),
        );
      },
    },
    {
      method: 'post',
      path: '/api/supervision-orders/:id/close',
      tag: 'supervision',
      summary: 'Close a supervision order with its resolution (its owner, a supervisor or an administrator)',
      response: ORDER_SCHEMA,
      body: {
        type: 'object',
        required: ['resolution'],
        additionalProperties: false,
        properties: { resolution: reasonSchema },
      },
      async handler({ deps, principal, params, body }) {
        const order = (await deps.db.knex('supervision_orders').where({ id: params.id }).first()) as
          | OrderRow
          | undefined;
        if (!order || !principal.subtree.has(order.tenant_id)) throw notFound('supervision order', params.id!);
        if (order.owner !== principal.username && !hasRole(principal, 'tenant-admin', 'supervisor'))
          throw forbidden('only the owner of the order, supervisors and administrators may close it');
        return deps.db.knex.transaction((trx) =>
          closeSupervisionOrder(trx, order, body.resolution, principal.username, deps.clock.now()),
        );
      },
    },
    {
      method: 'get',
      path: '/api/circulars/:month',
      tag: 'supervision',
      summary:
        'The monthly circular (通报): tasks that went overdue and supervision orders that went overdue in a month (Asia/Shanghai)',
      response: objectOf({
        month: stringType,
        from: stringType,
        to: stringType,
        overdueTasks: arrayOf(CIRCULAR_TASK),
        overdueOrders: arrayOf(CIRCULAR_ORDER),
      }),
      query: { properties: { tenant: idSchema } },
      async handler({ deps, principal, params, query }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(params.month ?? '');
        if (!m) throw new ApiError(400, 'INVALID_MONTH', `month "${params.month}" must be YYYY-MM`);
        const start = DateTime.fromObject(
          { year: Number(m[1]), month: Number(m[2]), day: 1 },
          { zone: 'Asia/Shanghai' },
        );
        const from = start.toUTC().toISO()!;
        const to = start.plus({ months: 1 }).toUTC().toISO()!;
        const tenants = query.tenant ? [query.tenant].filter((t) => principal.subtree.has(t)) : [...principal.subtree];
        const tasks = await overdueTasks(deps.db.knex, tenants, from, to);
        const orders = (await deps.db
          .knex('supervision_orders')
          .whereIn('tenant_id', tenants)
          .where('overdue_at', '>=', from)
          .where('overdue_at', '<', to)
          .orderBy('overdue_at')) as OrderRow[];
        const titles = await caseTitles(deps, [
          ...tasks.map((t) => t.instance_id as string),
          ...orders.map((o) => o.instance_id),
        ]);
        const groupIds = [...new Set(tasks.flatMap((t) => JSON.parse(t.candidate_groups) as string[]))];
        const groupNames = new Map(
          (groupIds.length
            ? ((await deps.db.knex('groups').whereIn('id', groupIds).select('id', 'name')) as Array<{
                id: string;
                name: string;
              }>)
            : []
          ).map((g) => [g.id, g.name]),
        );
        const owners = [...new Set(orders.map((o) => o.owner).filter((o): o is string => !!o))];
        const ownerNames = new Map(
          (owners.length
            ? ((await deps.db.knex('users').whereIn('username', owners).select('username', 'display_name')) as Array<{
                username: string;
                display_name: string;
              }>)
            : []
          ).map((u) => [u.username, u.display_name]),
        );
        const tenantName = async (id: string) => (await deps.tenants.get(id))?.name ?? id;
        return {
          month: params.month,
          from,
          to,
          overdueOrders: await Promise.all(
            orders.map(async (o) => ({
              ...orderView(o),
              caseTitle: titles.get(o.instance_id) ?? null,
              tenantName: await tenantName(o.tenant_id),
              ownerName: o.owner ? (ownerNames.get(o.owner) ?? o.owner) : null,
            })),
          ),
          overdueTasks: await Promise.all(
            tasks.map(async (t) => ({
              caseTitle: titles.get(t.instance_id) ?? null,
              tenantName: await tenantName(t.tenant_id),
              departments: (JSON.parse(t.candidate_groups) as string[]).map((g) => groupNames.get(g) ?? g),
              taskId: t.id,
              processInstanceId: t.instance_id,
              tenant: t.tenant_id,
              elementId: t.element_id,
              name: t.name,
              status: t.status,
              assignee: t.assignee,
              candidateGroups: JSON.parse(t.candidate_groups) as string[],
              dueAt: t.red_at,
              completedAt: t.completed_at,
              supervised: t.supervised_at !== null,
            })),
          ),
        };
      },
    },
  );
}

const CIRCULAR_TASK_COLUMNS = [
  'id',
  'instance_id',
  'tenant_id',
  'element_id',
  'name',
  'status',
  'assignee',
  'candidate_groups',
  'completed_at',
];

/** A task that went red, open or closed, with the columns the circular shows. */
interface CircularTask {
  id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidate_groups: string;
  completed_at: string | null;
  red_at: string;
  supervised_at: string | null;
}

/**
 * The tasks that went red in [from, to): open ones through their deadline columns, closed ones
 * through their history rows, in one statement (one snapshot: a task closing meanwhile is
 * listed once), in the order they went red.
 */
async function overdueTasks(knex: Knex, tenants: string[], from: string, to: string): Promise<CircularTask[]> {
  const open = knex('tasks as t')
    .whereIn('t.tenant_id', tenants)
    .where('t.red_at', '>=', from)
    .where('t.red_at', '<', to)
    .select(...CIRCULAR_TASK_COLUMNS.map((c) => `t.${c}`), 't.red_at', 't.supervised_at');
  const closed = knex('task_history as h')
    .whereIn('h.tenant_id', tenants)
    .where('h.red_at', '>=', from)
    .where('h.red_at', '<', to)
    .select(...CIRCULAR_TASK_COLUMNS.map((c) => `h.${c}`), 'h.red_at', 'h.supervised_at');
  return knex.select('*').from(open.unionAll(closed).as('u')).orderBy(['red_at', 'id']);
}

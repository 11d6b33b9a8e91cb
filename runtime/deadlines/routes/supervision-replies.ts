// 督办单 screens' endpoints: the orders waiting for the caller (整改反馈 to give, verdicts to make,
// orders they issued), one case's orders with their feedback, answering and deciding.
import type { Knex } from 'knex';
import { hasRole, mayReadCase, type Principal } from '../../auth/index.js';
import type { Deps, RuntimeApi } from '../../platform/http/deps.js';
import { notFound } from '../../platform/http/errors.js';
import { arrayOf, booleanType, objectOf, stringOrNull, stringType } from '../../platform/http/schemas.js';
import { caseTitles } from '../../tasks/index.js';
import { reasonSchema } from '../access.js';
import { ORDER_SCHEMA } from '../schemas.js';
import type { OrderRow } from '../service.js';
import { escalateOrder, escalationStep } from '../supervision-escalation.js';
import { addressedTo, decideOrder, decidesOn, orderDetail, replyToOrder } from '../supervision-replies.js';

const REPLY = objectOf({
  id: stringType,
  body: stringType,
  attachments: arrayOf(objectOf({ id: stringType, fileName: stringType })),
  by: stringType,
  byName: stringOrNull,
  at: stringType,
  verdict: { anyOf: [{ enum: ['accepted', 'returned'] }, { type: 'null' }] },
  verdictNote: stringOrNull,
  decidedBy: stringOrNull,
  decidedAt: stringOrNull,
});
const DETAIL = {
  ...ORDER_SCHEMA,
  required: [
    ...(ORDER_SCHEMA.required as string[]),
    'replies',
    'caseTitle',
    'stepName',
    'ownerName',
    'mayReply',
    'mayDecide',
    'mayEscalate',
    'level',
    'unitName',
  ],
  properties: {
    ...(ORDER_SCHEMA.properties as Record<string, unknown>),
    replies: arrayOf(REPLY),
    caseTitle: stringOrNull,
    stepName: stringOrNull,
    ownerName: stringOrNull,
    mayReply: booleanType,
    mayDecide: booleanType,
    /** 升级督办: how many times the order was escalated, the unit supervising it now, and whether the caller may escalate it further. */
    mayEscalate: booleanType,
    level: { type: 'integer' },
    unitName: stringType,
  },
};
const noteSchema = { type: 'string', maxLength: 1000 } as const;

export function supervisionReplyRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/supervision-orders/inbox',
      tag: 'supervision',
      summary:
        '督办: the orders waiting for the caller — to answer (issued to them or their department), to decide on (answered, theirs to judge), and the open ones they issued',
      response: objectOf({
        toAnswer: arrayOf(DETAIL),
        toDecide: arrayOf(DETAIL),
        issued: arrayOf(DETAIL),
        open: arrayOf(DETAIL),
      }),
      async handler({ deps, principal }) {
        const rows = (await deps.db
          .knex('supervision_orders')
          .whereIn('tenant_id', [...principal.subtree])
          .whereIn('status', ['open', 'answered'])
          .orderBy('created_at', 'desc')
          .limit(500)) as OrderRow[];
        const toAnswer = rows.filter((o) => o.status === 'open' && addressedTo(o, principal));
        const toDecide = rows.filter(
          (o) => o.status === 'answered' && (o.owner === principal.username || (!o.owner && decidesOn(o, principal))),
        );
        const issued = rows.filter((o) => o.owner === principal.username && o.status === 'open');
        const open = hasRole(principal, 'tenant-admin', 'supervisor') ? rows : [];
        const details = await detailsOf(deps, principal, [...new Set([...toAnswer, ...toDecide, ...issued, ...open])]);
        const of = (list: OrderRow[]) => list.map((o) => details.get(o.id)!);
        return { toAnswer: of(toAnswer), toDecide: of(toDecide), issued: of(issued), open: of(open) };
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/supervision-orders',
      tag: 'supervision',
      summary: "One case's supervision orders (督办单) with their rectification feedback and what the caller may do",
      response: arrayOf(DETAIL),
      async handler({ deps, principal, params }) {
        const instance = await deps.db.knex('instances').where({ id: params.id }).first();
        if (!instance || !(await mayReadCase(deps.db.knex, deps.db.dialect, principal, instance)))
          throw notFound('process instance', params.id!);
        const rows = (await deps.db
          .knex('supervision_orders')
          .where({ instance_id: instance.id })
          .orderBy('created_at')) as OrderRow[];
        const details = await detailsOf(deps, principal, rows);
        return rows.map((o) => details.get(o.id)!);
      },
    },
    {
      method: 'post',
      path: '/api/supervision-orders/:id/reply',
      tag: 'supervision',
      summary: '整改反馈: the unit the order was issued to answers it, with attachments already on the case',
      body: {
        type: 'object',
        required: ['body'],
        additionalProperties: false,
        properties: {
          body: reasonSchema,
          attachmentIds: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 40 } },
        },
      },
      response: DETAIL,
      async handler({ deps, principal, params, body, locale }) {
        const order = await visibleOrder(deps, principal, params.id!);
        const now = deps.clock.now();
        await deps.db.knex.transaction((trx) =>
          replyToOrder(
            trx,
            order,
            { body: body.body, attachmentIds: body.attachmentIds ?? [] },
            principal,
            locale,
            now,
          ),
        );
        return (await detailsOf(deps, principal, [await reload(deps.db.knex, order.id)])).get(order.id)!;
      },
    },
    ...(['accept', 'return'] as const).map((action) => ({
      method: 'post' as const,
      path: `/api/supervision-orders/:id/${action}`,
      tag: 'supervision',
      summary:
        action === 'accept'
          ? '办结: the supervisor accepts the rectification feedback and closes the order'
          : '要求重新整改: the supervisor returns the feedback; the order is open again for a new answer',
      body: {
        type: 'object',
        additionalProperties: false,
        ...(action === 'return' ? { required: ['note'] } : {}),
        properties: { note: action === 'return' ? reasonSchema : noteSchema },
      },
      response: DETAIL,
      async handler({ deps, principal, params, body, locale }: Parameters<Handler>[0]) {
        const order = await visibleOrder(deps, principal, params.id!);
        const now = deps.clock.now();
        const note = ((body as { note?: string }).note ?? '').trim();
        await deps.db.knex.transaction((trx) =>
          decideOrder(trx, order, action === 'accept' ? 'accepted' : 'returned', note, principal, locale, now),
        );
        return (await detailsOf(deps, principal, [await reload(deps.db.knex, order.id)])).get(order.id)!;
      },
    })),
    {
      method: 'post',
      path: '/api/supervision-orders/:id/escalate',
      tag: 'supervision',
      summary:
        "升级督办: the supervisor escalates an open or answered order one level up the case's unit chain; a supervisor of the parent unit becomes its 督办人",
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: { reason: reasonSchema },
      },
      response: DETAIL,
      async handler({ deps, principal, params, body, locale }) {
        const order = await visibleOrder(deps, principal, params.id!);
        const now = deps.clock.now();
        await deps.db.knex.transaction((trx) =>
          escalateOrder(trx, deps.tenants, order, body.reason.trim(), principal, locale, now),
        );
        return (await detailsOf(deps, principal, [await reload(deps.db.knex, order.id)])).get(order.id)!;
      },
    },
  );
}

type Handler = Parameters<RuntimeApi['add']>[0]['handler'];

async function reload(knex: Knex, id: string): Promise<OrderRow> {
  return (await knex('supervision_orders').where({ id }).first()) as OrderRow;
}

/** The order, if the caller may see it: in their subtree, and theirs to answer or judge, or a case they may read. */
async function visibleOrder(deps: Deps, principal: Principal, id: string): Promise<OrderRow> {
  const order = (await deps.db.knex('supervision_orders').where({ id }).first()) as OrderRow | undefined;
  if (!order || !principal.subtree.has(order.tenant_id)) throw notFound('supervision order', id);
  if (addressedTo(order, principal) || decidesOn(order, principal)) return order;
  const instance = await deps.db.knex('instances').where({ id: order.instance_id }).first();
  if (!instance || !(await mayReadCase(deps.db.knex, deps.db.dialect, principal, instance)))
    throw notFound('supervision order', id);
  return order;
}

async function detailsOf(deps: Deps, principal: Principal, orders: OrderRow[]) {
  const knex = deps.db.knex;
  const titles = await caseTitles(
    deps,
    orders.map((o) => o.instance_id),
  );
  const taskIds = [...new Set(orders.map((o) => o.task_id).filter((t): t is string => !!t))];
  const steps = new Map<string, string>();
  if (taskIds.length > 0)
    for (const table of ['tasks', 'task_history'])
      for (const t of (await knex(table).whereIn('id', taskIds).select('id', 'name')) as Array<{
        id: string;
        name: string | null;
      }>)
        if (t.name) steps.set(t.id, t.name);
  const out = new Map<string, Awaited<ReturnType<typeof orderDetail>> & Record<string, unknown>>();
  const people = new Set<string>();
  const details = await Promise.all(orders.map((o) => orderDetail(knex, o)));
  for (const d of details) {
    if (d.owner) people.add(d.owner);
    for (const r of d.replies) people.add(r.by);
  }
  const names = new Map(
    (
      (await knex('users')
        .whereIn('username', [...people])
        .select('username', 'display_name')) as Array<{ username: string; display_name: string }>
    ).map((u) => [u.username, u.display_name]),
  );
  const levels = await Promise.all(orders.map((o) => escalationStep(knex, deps.tenants, o)));
  const unitNames = new Map(
    await Promise.all(
      [...new Set(levels.map((s) => s.unit))].map(async (u) => [u, (await deps.tenants.get(u))?.name ?? u] as const),
    ),
  );
  orders.forEach((o, i) => {
    const d = details[i]!;
    const step = levels[i]!;
    out.set(o.id, {
      ...d,
      replies: d.replies.map((r) => ({ ...r, byName: names.get(r.by) ?? null })),
      caseTitle: titles.get(o.instance_id) ?? null,
      stepName: o.task_id ? (steps.get(o.task_id) ?? null) : null,
      ownerName: o.owner ? (names.get(o.owner) ?? o.owner) : null,
      mayReply: o.status === 'open' && (addressedTo(o, principal) || hasRole(principal, 'tenant-admin')),
      mayDecide: o.status === 'answered' && decidesOn(o, principal),
      mayEscalate: o.status !== 'closed' && decidesOn(o, principal) && step.parent !== null,
      level: step.level,
      unitName: unitNames.get(step.unit) ?? step.unit,
    });
  });
  return out;
}

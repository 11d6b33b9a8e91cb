// The caller's notification center.
import type { Knex } from 'knex';
import type { Principal } from '../../auth/index.js';
import { notFound } from '../../platform/http/errors.js';
import type { RuntimeApi } from '../../platform/http/deps.js';
import type { DeliveryRow, NotificationRow } from '../notification-rows.js';
import {
  anyObject,
  arrayOf,
  integerType,
  limitOf,
  limitSchema,
  objectOf,
  stringOrNull,
  stringType,
} from '../../platform/http/schemas.js';

const NOTIFICATION = objectOf({
  id: integerType,
  kind: stringType,
  subject: stringType,
  body: stringOrNull,
  tenant: stringOrNull,
  processInstanceId: stringOrNull,
  taskId: stringOrNull,
  orderId: stringOrNull,
  urgeId: stringOrNull,
  recipient: objectOf({ kind: stringType, id: stringType }),
  channel: stringType,
  data: anyObject,
  createdAt: stringType,
  readAt: stringOrNull,
  readBy: stringOrNull,
  deliveries: arrayOf(objectOf({ channel: stringType, status: stringType, detail: {}, at: stringOrNull })),
});

function mine(db: Knex, p: Principal) {
  return db('notifications').where((w) => {
    w.where({ recipient_kind: 'user', recipient: p.username });
    if (p.groups.length > 0) w.orWhere((g) => g.where('recipient_kind', 'group').whereIn('recipient', p.groups));
  });
}

export function notificationRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/notifications',
      tag: 'notifications',
      summary: "The caller's notification center: notices to them and to their groups, newest first",
      response: arrayOf(NOTIFICATION),
      query: {
        properties: {
          unread: { enum: ['true', 'false'] },
          kind: { type: 'string', maxLength: 24 },
          taskId: { type: 'string', maxLength: 60 },
          limit: limitSchema,
        },
      },
      async handler({ deps, principal, query }) {
        let q = mine(deps.db.knex, principal);
        if (query.unread === 'true') q = q.whereNull('read_at');
        if (query.unread === 'false') q = q.whereNotNull('read_at');
        if (query.kind) q = q.where({ kind: query.kind });
        if (query.taskId) q = q.where({ task_id: query.taskId });
        const rows = (await q.orderBy('id', 'desc').limit(limitOf(query.limit))) as NotificationRow[];
        const deliveries = rows.length
          ? ((await deps.db
              .knex('notification_deliveries')
              .whereIn(
                'notification_id',
                rows.map((r) => r.id),
              )
              .orderBy('id')) as DeliveryRow[])
          : [];
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind ?? 'notify',
          subject: r.subject,
          body: r.body,
          tenant: r.tenant_id,
          processInstanceId: r.instance_id,
          taskId: r.task_id,
          orderId: r.order_id,
          urgeId: r.urge_id,
          recipient: { kind: r.recipient_kind, id: r.recipient },
          channel: r.channel,
          data: r.data ? JSON.parse(r.data) : {},
          createdAt: r.created_at,
          readAt: r.read_at,
          readBy: r.read_by,
          deliveries: deliveries
            .filter((d) => d.notification_id === r.id)
            .map((d) => ({
              channel: d.channel,
              status: d.status,
              detail: d.detail ? safeJson(d.detail) : null,
              at: d.attempted_at,
            })),
        }));
      },
    },
    {
      method: 'post',
      path: '/api/notifications/:id/read',
      tag: 'notifications',
      summary: 'Mark a notification read (the first reader is kept as the read receipt)',
      response: objectOf({ id: integerType, readAt: stringOrNull, readBy: stringOrNull }),
      async handler({ deps, principal, params }) {
        if (!/^\d{1,12}$/.test(params.id!)) throw notFound('notification', params.id!);
        const row = await mine(deps.db.knex, principal)
          .andWhere({ id: Number(params.id) })
          .first();
        if (!row) throw notFound('notification', params.id!);
        const now = deps.clock.now();
        await deps.db
          .knex('notifications')
          .where({ id: row.id })
          .whereNull('read_at')
          .update({ read_at: now, read_by: principal.username });
        const after = await deps.db.knex('notifications').where({ id: row.id }).first();
        return { id: after.id, readAt: after.read_at, readBy: after.read_by };
      },
    },
    {
      method: 'post',
      path: '/api/notifications/read-all',
      tag: 'notifications',
      summary: "Mark all the caller's unread notifications read",
      response: objectOf({ updated: integerType }),
      async handler({ deps, principal }) {
        const ids = (await mine(deps.db.knex, principal).whereNull('read_at').select('id')).map(
          (r: { id: number }) => r.id,
        );
        let updated = 0;
        for (let i = 0; i < ids.length; i += 500)
          updated += await deps.db
            .knex('notifications')
            .whereIn('id', ids.slice(i, i + 500))
            .whereNull('read_at')
            .update({ read_at: deps.clock.now(), read_by: principal.username });
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

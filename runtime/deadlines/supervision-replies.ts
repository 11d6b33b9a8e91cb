// 整改反馈: the unit a supervision order (督办单) was issued to answers it (text and the case's
// attachments); the supervisor accepts (办结) or returns it (要求重新整改). Owns `supervision_replies`
// and the order's answered/open/closed moves that go with them.
import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import { hasRole, type Principal } from '../auth/index.js';
import { ApiError } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import { historyEvent, notify, type Recipient } from './notifications.js';
import { orderView, type OrderRow } from './service.js';

export interface ReplyRow {
  id: string;
  order_id: string;
  body: string;
  attachment_ids: string;
  created_by: string;
  created_at: string;
  verdict: string | null;
  verdict_note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

interface Target {
  assignees?: string[];
  groups?: string[];
}

const MESSAGES: Record<string, { status: number; zh: string; en: string }> = {
  ORDER_NOT_OPEN: {
    status: 409,
    zh: '该督办单已反馈或已办结，无需再次反馈',
    en: 'the supervision order was already answered or closed',
  },
  ORDER_NOT_ANSWERED: {
    status: 409,
    zh: '该督办单尚未收到整改反馈，暂不能办结或退回',
    en: 'the supervision order has no rectification feedback to decide on yet',
  },
  ORDER_NOT_ADDRESSED: {
    status: 403,
    zh: '该督办单不是发给您或您所在部门的，不能反馈',
    en: 'the supervision order was not issued to you or your department',
  },
  ORDER_NOT_SUPERVISOR: {
    status: 403,
    zh: '只有督办人、督查人员或管理员可以办结或退回督办单',
    en: 'only the supervisor of the order, supervisors and administrators may decide on it',
  },
  ATTACHMENT_NOT_OF_CASE: {
    status: 400,
    zh: '所选附件不属于本案，请先在本案上传后再选择',
    en: 'an attachment given is not one of this case; upload it to the case first',
  },
};

export function orderRefused(code: keyof typeof MESSAGES & string, locale: Locale): ApiError {
  const m = MESSAGES[code]!;
  return new ApiError(m.status, code, locale === 'zh-CN' ? m.zh : m.en);
}

/** Whether the order was issued to `p`: its handler then, or a member of a department it named. */
export function addressedTo(order: OrderRow, p: Principal): boolean {
  const target = JSON.parse(order.target) as Target;
  return !!target.assignees?.includes(p.username) || !!target.groups?.some((g) => p.groups.includes(g));
}

/** Whether `p` decides on the order's feedback: its owner (督办人), a supervisor or an administrator. */
export function decidesOn(order: OrderRow, p: Principal): boolean {
  return order.owner === p.username || hasRole(p, 'tenant-admin', 'supervisor');
}

function recipientsOf(order: OrderRow): Recipient[] {
  const target = JSON.parse(order.target) as Target;
  return [
    ...(target.assignees ?? []).map((id) => ({ kind: 'user' as const, id })),
    ...(target.groups ?? []).map((id) => ({ kind: 'group' as const, id })),
  ];
}

/** 整改反馈: the addressed unit answers an open order; it waits for the supervisor's verdict. */
export async function replyToOrder(
  db: Knex,
  order: OrderRow,
  input: { body: string; attachmentIds: string[] },
  p: Principal,
  locale: Locale,
  now: string,
): Promise<void> {
  if (!addressedTo(order, p) && !hasRole(p, 'tenant-admin')) throw orderRefused('ORDER_NOT_ADDRESSED', locale);
  const files = input.attachmentIds.length
    ? ((await db('case_attachments')
        .whereIn('id', input.attachmentIds)
        .where({ instance_id: order.instance_id })
        .select('id', 'file_name')) as Array<{ id: string; file_name: string }>)
    : [];
  if (files.length !== new Set(input.attachmentIds).size) throw orderRefused('ATTACHMENT_NOT_OF_CASE', locale);
  if ((await db('supervision_orders').where({ id: order.id, status: 'open' }).update({ status: 'answered' })) !== 1)
    throw orderRefused('ORDER_NOT_OPEN', locale);
  await db('supervision_replies').insert({
    id: newId(),
    order_id: order.id,
    tenant_id: order.tenant_id,
    instance_id: order.instance_id,
    body: input.body,
    attachment_ids: JSON.stringify(input.attachmentIds),
    created_by: p.username,
    created_at: now,
  });
  await historyEvent(db, {
    instanceId: order.instance_id,
    type: 'supervisionReplied',
    elementId: order.element_id,
    actor: p.username,
    at: now,
    data: { orderId: order.id, body: input.body, files: files.map((f) => f.file_name) },
  });
  if (order.owner)
    await notify(
      db,
      {
        tenant: order.tenant_id,
        instanceId: order.instance_id,
        orderId: order.id,
        kind: 'supervision-feedback',
        subject: `整改反馈：${order.reason}`,
        body: input.body,
        recipients: [{ kind: 'user', id: order.owner }],
      },
      [],
      now,
    );
}

/** The supervisor's verdict on the feedback: 办结 closes the order, 要求重新整改 opens it again. */
export async function decideOrder(
  db: Knex,
  order: OrderRow,
  verdict: 'accepted' | 'returned',
  note: string,
  p: Principal,
  locale: Locale,
  now: string,
): Promise<void> {
  if (!decidesOn(order, p)) throw orderRefused('ORDER_NOT_SUPERVISOR', locale);
  const changes =
    verdict === 'accepted'
      ? { status: 'closed', closed_at: now, closed_by: p.username, resolution: note || '整改到位，予以办结' }
      : { status: 'open' };
  if ((await db('supervision_orders').where({ id: order.id, status: 'answered' }).update(changes)) !== 1)
    throw orderRefused('ORDER_NOT_ANSWERED', locale);
  const latest = (await db('supervision_replies')
    .where({ order_id: order.id })
    .orderBy('created_at', 'desc')
    .first('id')) as { id: string };
  await db('supervision_replies')
    .where({ id: latest.id })
    .update({ verdict, verdict_note: note || null, decided_by: p.username, decided_at: now });
  await historyEvent(db, {
    instanceId: order.instance_id,
    type: verdict === 'accepted' ? 'supervisionClosed' : 'supervisionReturned',
    elementId: order.element_id,
    actor: p.username,
    at: now,
    data: { orderId: order.id, ...(verdict === 'accepted' ? { resolution: changes.resolution } : { note }) },
  });
  await notify(
    db,
    {
      tenant: order.tenant_id,
      instanceId: order.instance_id,
      orderId: order.id,
      kind: verdict === 'accepted' ? 'supervision-accepted' : 'supervision-returned',
      subject: `${verdict === 'accepted' ? '督办已办结' : '督办要求重新整改'}：${order.reason}`,
      ...(note ? { body: note } : {}),
      recipients: recipientsOf(order),
    },
    [],
    now,
  );
}

/** An order with its feedback, as the 督办 screens show it. */
export async function orderDetail(db: Knex, order: OrderRow) {
  const replies = (await db('supervision_replies').where({ order_id: order.id }).orderBy('created_at')) as ReplyRow[];
  const ids = [...new Set(replies.flatMap((r) => JSON.parse(r.attachment_ids) as string[]))];
  const files = ids.length
    ? ((await db('case_attachments').whereIn('id', ids).select('id', 'file_name')) as Array<{
        id: string;
        file_name: string;
      }>)
    : [];
  const names = new Map(files.map((f) => [f.id, f.file_name]));
  return {
    ...orderView(order),
    replies: replies.map((r) => ({
      id: r.id,
      body: r.body,
      attachments: (JSON.parse(r.attachment_ids) as string[]).map((id) => ({ id, fileName: names.get(id) ?? '' })),
      by: r.created_by,
      at: r.created_at,
      verdict: r.verdict,
      verdictNote: r.verdict_note,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    })),
  };
}

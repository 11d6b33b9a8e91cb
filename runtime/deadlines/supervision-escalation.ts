// 升级督办: a supervisor escalates an open or answered supervision order (督办单) one level up the
// case's unit chain. The order keeps the units that answer it; its 督办人 becomes a supervisor of
// the parent unit (or, when it has none, one of its administrators), who then judges the feedback.
// The level reached is kept in the order's target (`level`, `unit`); the timeline says why.
import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import type { Principal } from '../auth/index.js';
import { ApiError } from '../platform/http/errors.js';
import type { TenantDirectory } from '../store/tenants.js';
import { historyEvent, notify, type Recipient } from './notifications.js';
import type { OrderRow } from './service.js';
import { decidesOn } from './supervision-replies.js';

interface Target {
  assignees?: string[];
  groups?: string[];
  level?: number;
  unit?: string;
}

const MESSAGES = {
  ORDER_CLOSED: { status: 409, zh: '该督办单已办结，不能再升级督办', en: 'the supervision order is closed' },
  ESCALATE_AT_TOP: {
    status: 409,
    zh: '该督办单已由最上级单位督办，无法再升级',
    en: 'the supervision order is already supervised by the top unit',
  },
  ESCALATE_NO_SUPERVISOR: {
    status: 409,
    zh: '上级单位没有督查人员或管理员，请先在上级单位设置督查人员',
    en: 'the parent unit has no supervisor or administrator; add one there first',
  },
  ORDER_NOT_SUPERVISOR: {
    status: 403,
    zh: '只有督办人、督查人员或管理员可以升级督办',
    en: 'only the supervisor of the order, supervisors and administrators may escalate it',
  },
} as const;

function refused(code: keyof typeof MESSAGES, locale: Locale): ApiError {
  const m = MESSAGES[code];
  return new ApiError(m.status, code, locale === 'zh-CN' ? m.zh : m.en);
}

/** The unit now supervising the order and the one above it (null at the top of the case's chain). */
export async function escalationStep(
  db: Knex,
  tenants: TenantDirectory,
  order: OrderRow,
): Promise<{ unit: string; parent: string | null; level: number }> {
  const target = JSON.parse(order.target) as Target;
  const chain = await tenants.chain(order.tenant_id, db);
  const unit = target.unit && chain.includes(target.unit) ? target.unit : order.tenant_id;
  return { unit, parent: chain[chain.indexOf(unit) + 1] ?? null, level: target.level ?? 0 };
}

/** A supervisor of `unit` (by role, else its administrator), the first by account as 督办 picks them. */
async function supervisorOf(db: Knex, unit: string): Promise<string | null> {
  const users = (await db('users')
    .where({ tenant_id: unit })
    .orderBy('username')
    .select('username', 'roles')) as Array<{
    username: string;
    roles: string;
  }>;
  const has = (role: string) => users.find((u) => (JSON.parse(u.roles) as string[]).includes(role));
  return (has('supervisor') ?? has('tenant-admin'))?.username ?? null;
}

export async function escalateOrder(
  db: Knex,
  tenants: TenantDirectory,
  order: OrderRow,
  reason: string,
  p: Principal,
  locale: Locale,
  now: string,
): Promise<void> {
  if (order.status === 'closed') throw refused('ORDER_CLOSED', locale);
  if (!decidesOn(order, p)) throw refused('ORDER_NOT_SUPERVISOR', locale);
  const step = await escalationStep(db, tenants, order);
  if (!step.parent) throw refused('ESCALATE_AT_TOP', locale);
  const owner = await supervisorOf(db, step.parent);
  if (!owner) throw refused('ESCALATE_NO_SUPERVISOR', locale);
  const target = { ...(JSON.parse(order.target) as Target), level: step.level + 1, unit: step.parent };
  const moved = await db('supervision_orders')
    .where({ id: order.id, target: order.target })
    .whereIn('status', ['open', 'answered'])
    .update({ owner, target: JSON.stringify(target) });
  if (moved !== 1) throw refused('ORDER_CLOSED', locale);
  const unitName = (await tenants.get(step.parent, db))?.name ?? step.parent;
  await historyEvent(db, {
    instanceId: order.instance_id,
    type: 'supervisionEscalated',
    elementId: order.element_id,
    actor: p.username,
    at: now,
    data: { orderId: order.id, reason, level: target.level, unit: step.parent, unitName, owner, from: order.owner },
  });
  const addressed: Recipient[] = [
    ...(target.assignees ?? []).map((id) => ({ kind: 'user' as const, id })),
    ...(target.groups ?? []).map((id) => ({ kind: 'group' as const, id })),
  ];
  await notify(
    db,
    {
      tenant: order.tenant_id,
      instanceId: order.instance_id,
      orderId: order.id,
      kind: 'supervision-escalated',
      subject: `升级督办：${order.reason}`,
      body: `已升级由${unitName}督办，原因：${reason}`,
      data: { level: target.level, unit: step.parent },
      recipients: [{ kind: 'user', id: owner }, ...addressed],
    },
    [],
    now,
  );
}

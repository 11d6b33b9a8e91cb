import type { Knex } from 'knex';
import type { ChannelRegistry } from './channels.js';
import type { DeadlinePolicy } from './policy.js';
import { appendHistory } from '../store/history.js';

/** Notices of the task operations (抄送, 退回, 退单, 撤回, 转办, 委派, 加签) and of 督办单 answers. */
export type TaskOperationNotice =
  | 'cc'
  | 'returned'
  | 'refused'
  | 'withdrawn'
  | 'transferred'
  | 'delegated'
  | 'resolved'
  | 'countersign'
  | 'supervision-feedback'
  | 'supervision-returned'
  | 'supervision-accepted'
  | 'supervision-escalated';

export type Recipient = { kind: 'user' | 'group'; id: string };

export interface NewNotification {
  tenant: string;
  instanceId: string | null;
  taskId?: string;
  orderId?: string;
  urgeId?: string;
  kind:
    | 'urge'
    | 'overdue'
    | 'supervision'
    | 'supervision-overdue'
    | 'manual-urge'
    | 'extension'
    | 'deadline-moved'
    | 'calendar-missing'
    | 'leave-proxy'
    | TaskOperationNotice;
  subject: string;
  body?: string;
  data?: Record<string, unknown>;
  recipients: Recipient[];
  /** With a key, a notification is written at most once per recipient (a unique index backs the ladder's conditional updates). */
  dedupeKey?: string;
}

/**
 * Writes in-app notifications (one row per recipient) and, for each extra channel of the
 * policy, a pending delivery that the ladder scanner hands to the channel's adapter after
 * the transaction commits. Returns the rows written.
 */
export async function notify(
  db: Knex,
  n: NewNotification,
  channels: string[],
  now: string,
): Promise<Array<{ id: number; recipient_kind: string; recipient: string }>> {
  const seen = new Set<string>();
  const rows = n.recipients
    .filter((r) => r.id && !seen.has(`${r.kind}:${r.id}`) && seen.add(`${r.kind}:${r.id}`))
    .map((r) => ({
      tenant_id: n.tenant,
      instance_id: n.instanceId,
      recipient_kind: r.kind,
      recipient: r.id,
      channel: 'in-app',
      subject: n.subject,
      body: n.body ?? null,
      created_at: now,
      kind: n.kind,
      task_id: n.taskId ?? null,
      order_id: n.orderId ?? null,
      urge_id: n.urgeId ?? null,
      data: n.data ? JSON.stringify(n.data) : null,
      dedupe_key: n.dedupeKey ?? null,
    }));
  if (rows.length === 0) return [];
  let insert = db('notifications').insert(rows);
  if (n.dedupeKey) insert = insert.onConflict(['dedupe_key', 'recipient_kind', 'recipient']).ignore();
  const written = (await insert.returning(['id', 'recipient_kind', 'recipient'])) as Array<{
    id: number;
    recipient_kind: string;
    recipient: string;
  }>;
  const deliveries = written.flatMap((w) =>
    channels.map((channel) => ({ notification_id: w.id, channel, status: 'pending', created_at: now })),
  );
  if (deliveries.length > 0) await db('notification_deliveries').insert(deliveries);
  return written;
}

/** A notice of the built-in `notify` job: no kind, task or delivery, on the channel its header names. */
export interface JobNotice {
  tenant: string;
  instanceId: string | null;
  channel: string;
  subject: string;
  body: string | null;
  recipients: Recipient[];
}

/** Writes the `notify` job's notices (one row per recipient, duplicates kept) in the job's transaction. */
export async function writeJobNotices(db: Knex, n: JobNotice, now: string): Promise<void> {
  await db('notifications').insert(
    n.recipients.map((r) => ({
      recipient_kind: r.kind,
      recipient: r.id,
      tenant_id: n.tenant,
      instance_id: n.instanceId,
      channel: n.channel,
      subject: n.subject,
      body: n.body,
      created_at: now,
    })),
  );
}

/** Hands pending deliveries to their channel adapters; each delivery is claimed once (conditional update). */
export async function dispatchDeliveries(
  knex: Knex,
  channels: ChannelRegistry,
  now: string,
  limit = 50,
): Promise<number> {
  const pending = (await knex('notification_deliveries as d')
    .join('notifications as n', 'n.id', 'd.notification_id')
    .where('d.status', 'pending')
    .orderBy('d.id')
    .limit(limit)
    .select(
      'd.id',
      'd.channel',
      'n.id as notification_id',
      'n.tenant_id',
      'n.recipient_kind',
      'n.recipient',
      'n.subject',
      'n.body',
    )) as PendingDelivery[];
  let done = 0;
  for (const d of pending) {
    const claimed = await knex('notification_deliveries')
      .where({ id: d.id, status: 'pending' })
      .update({ status: 'delivering', attempted_at: now });
    if (claimed !== 1) continue;
    const adapter = channels[d.channel];
    let result: { status: string; detail?: string };
    if (!adapter) result = { status: 'failed', detail: `no adapter for channel "${d.channel}"` };
    else {
      try {
        result = await adapter.deliver({
          notificationId: d.notification_id,
          channel: d.channel,
          tenant: d.tenant_id,
          recipientKind: d.recipient_kind,
          recipient: d.recipient,
          subject: d.subject,
          body: d.body,
        });
      } catch (err) {
        result = { status: 'failed', detail: (err as Error).message };
      }
    }
    await knex('notification_deliveries')
      .where({ id: d.id })
      .update({ status: result.status, detail: result.detail ?? null });
    done++;
  }
  return done;
}

/** A delivery waiting to be sent, with what its notification says. */
interface PendingDelivery {
  id: number;
  channel: string;
  notification_id: number;
  tenant_id: string;
  recipient_kind: 'group' | 'user';
  recipient: string;
  subject: string;
  body: string;
}

/** Who handles a task: its assignee, its candidate users and its candidate groups. */
export function handlerRecipients(task: {
  assignee: string | null;
  candidate_users: string;
  candidate_groups: string;
}): Recipient[] {
  const out: Recipient[] = [];
  if (task.assignee) out.push({ kind: 'user', id: task.assignee });
  for (const u of JSON.parse(task.candidate_users) as string[]) out.push({ kind: 'user', id: u });
  for (const g of JSON.parse(task.candidate_groups) as string[]) out.push({ kind: 'group', id: g });
  return out;
}

/**
 * The leaders of some groups: members flagged `leader` in memberships; for a group with no
 * flagged leader, its members holding one of the policy's `leaderRoles`. Groups with neither
 * are returned in `leaderless` (the caller addresses the group itself and says so).
 */
export async function groupLeaders(
  db: Knex,
  groups: string[],
  policy: Pick<DeadlinePolicy, 'leaderRoles'>,
): Promise<{ leaders: Recipient[]; leaderless: string[] }> {
  if (groups.length === 0) return { leaders: [], leaderless: [] };
  const members = (await db('memberships as m')
    .join('users as u', 'u.username', 'm.username')
    .whereIn('m.group_id', groups)
    .select('m.group_id', 'm.username', 'm.leader', 'u.roles')) as Array<{
    group_id: string;
    username: string;
    leader: unknown;
    roles: string;
  }>;
  const leaders: Recipient[] = [];
  const leaderless: string[] = [];
  for (const g of groups) {
    const inGroup = members.filter((m) => m.group_id === g);
    let chosen = inGroup.filter((m) => m.leader === true || m.leader === 1);
    if (chosen.length === 0)
      chosen = inGroup.filter((m) => (JSON.parse(m.roles) as string[]).some((r) => policy.leaderRoles.includes(r)));
    if (chosen.length === 0) leaderless.push(g);
    for (const m of chosen.sort((a, b) => a.username.localeCompare(b.username)))
      leaders.push({ kind: 'user', id: m.username });
  }
  return { leaders, leaderless };
}

/** The owner of automatic supervision orders: the policy's `supervisor`, else the nearest user with role `supervisor` up the tenant chain. */
export async function supervisorFor(
  db: Knex,
  chain: string[],
  policy: Pick<DeadlinePolicy, 'supervisor'>,
): Promise<string | null> {
  if (policy.supervisor) return policy.supervisor;
  const users = (await db('users').whereIn('tenant_id', chain).select('username', 'tenant_id', 'roles')) as Array<{
    username: string;
    tenant_id: string;
    roles: string;
  }>;
  for (const t of chain) {
    const found = users
      .filter((u) => u.tenant_id === t && (JSON.parse(u.roles) as string[]).includes('supervisor'))
      .sort((a, b) => a.username.localeCompare(b.username));
    if (found[0]) return found[0].username;
  }
  return null;
}

export async function historyEvent(
  db: Knex,
  e: {
    instanceId: string;
    type: string;
    elementId: string | null;
    actor: string | null;
    at: string;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await appendHistory(db, e.instanceId, e.at, e.actor, [{ type: e.type, elementId: e.elementId, data: e.data }]);
}

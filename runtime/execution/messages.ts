import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ApiError } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface MessageInput {
  tenant: string;
  name: string;
  correlationKey?: string;
  variables?: Record<string, unknown>;
  /** Milliseconds the message waits for subscriptions that open later (Zeebe's `timeToLive`); 0 or absent: none. */
  timeToLive?: number;
}

/** Longest a message may wait, and most messages one tenant may have waiting: a tenant cannot fill the database. */
export const MAX_MESSAGE_TTL_MS = 30 * 24 * 3_600_000;
export const MAX_BUFFERED_MESSAGES_PER_TENANT = 10_000;

export interface CorrelationResult {
  correlated: Array<{ instanceId: string; elementId: string }>;
  started: Array<{ instanceId: string; processKey: string }>;
}

/**
 * Delivers a message inside a tenant: to every instance with a matching subscription (one
 * subscription per instance, the oldest), and to message start events visible to the tenant.
 */
export async function correlateMessage(unit: UnitOfWork, msg: MessageInput): Promise<CorrelationResult> {
  const result: CorrelationResult = { correlated: [], started: [] };
  const trx = await unit.knex();
  const subs = await trx('subscriptions')
    .where({ tenant_id: msg.tenant, message_name: msg.name, correlation_key: msg.correlationKey ?? null })
    .orderBy('created_at')
    .select('instance_id', 'element_id');
  const seen = new Set<string>();
  for (const s of subs as Array<{ instance_id: string; element_id: string }>) {
    if (seen.has(s.instance_id)) continue;
    seen.add(s.instance_id);
    await unit.execute(s.instance_id, {
      type: 'correlateMessage',
      name: msg.name,
      variables: msg.variables ?? {},
      ...(msg.correlationKey !== undefined ? { correlationKey: msg.correlationKey } : {}),
    });
    result.correlated.push({ instanceId: s.instance_id, elementId: s.element_id });
  }
  const chain = await unit.services.definitions.tenantChain(unit.tx, msg.tenant);
  const triggers = (await trx('start_triggers')
    .where({ message_name: msg.name })
    .whereIn('tenant_id', chain)) as Array<{ definition_id: string; element_id: string; tenant_id: string }>;
  for (const t of triggers) {
    const def = await unit.services.definitions.byId(unit.tx, t.definition_id);
    if (!def) continue;
    // Only the version this tenant would resolve to starts (a township override hides the city's).
    const visible = await unit.services.definitions.resolve(unit.tx, 'process', def.def_key, msg.tenant);
    if (visible?.id !== def.id) continue;
    const row = await unit.start({
      definitionId: def.id,
      tenant: msg.tenant,
      variables: msg.variables ?? {},
      startEventId: t.element_id,
      businessKey: msg.correlationKey ?? null,
    });
    result.started.push({ instanceId: row.id, processKey: def.def_key });
  }
  if (msg.timeToLive && msg.timeToLive > 0) await buffer(unit, msg, result);
  return result;
}

/** Keeps a message with a time to live for the subscriptions that open before it runs out. */
async function buffer(unit: UnitOfWork, msg: MessageInput, result: CorrelationResult): Promise<void> {
  const trx = await unit.knex();
  await trx('buffered_messages').where({ tenant_id: msg.tenant }).where('expires_at', '<=', unit.now).delete();
  const [counted] = (await trx('buffered_messages').where({ tenant_id: msg.tenant }).count({ n: '*' })) as Array<{
    n: number | string;
  }>;
  if (Number(counted?.n ?? 0) >= MAX_BUFFERED_MESSAGES_PER_TENANT) {
    throw new ApiError(
      429,
      'MESSAGE_BUFFER_FULL',
      `tenant ${msg.tenant} already has ${MAX_BUFFERED_MESSAGES_PER_TENANT} messages waiting; publish with a shorter time to live, or without one`,
    );
  }
  const reached =
    result.correlated.length > 0
      ? ((await trx('instances')
          .whereIn(
            'id',
            result.correlated.map((c) => c.instanceId),
          )
          .distinct('process_key')) as Array<{ process_key: string }>)
      : [];
  const expiresAt = DateTime.fromISO(unit.now, { setZone: true })
    .plus({ milliseconds: msg.timeToLive! })
    .toUTC()
    .toISO()!;
  await trx('buffered_messages').insert({
    id: newId(),
    tenant_id: msg.tenant,
    message_name: msg.name,
    correlation_key: msg.correlationKey ?? null,
    variables: JSON.stringify(msg.variables ?? {}),
    process_keys: JSON.stringify(reached.map((r) => r.process_key)),
    expires_at: expiresAt,
    created_at: unit.now,
  });
}

/**
 * A subscription opened: the oldest waiting message of its name and key that has not yet
 * reached this process is correlated to it.
 */
export async function correlateBuffered(
  unit: UnitOfWork,
  sub: { instanceId: string; processKey: string; tenant: string; name: string; correlationKey: string | null },
): Promise<void> {
  const trx = await unit.knex();
  const waiting = (await trx('buffered_messages')
    .where({ tenant_id: sub.tenant, message_name: sub.name, correlation_key: sub.correlationKey })
    .where('expires_at', '>', unit.now)
    .orderBy('created_at')
    .select('id', 'variables', 'process_keys')) as Array<{ id: string; variables: string; process_keys: string }>;
  const message = waiting.find((m) => !(JSON.parse(m.process_keys) as string[]).includes(sub.processKey));
  if (!message) return;
  const reached = [...(JSON.parse(message.process_keys) as string[]), sub.processKey];
  await trx('buffered_messages')
    .where({ id: message.id })
    .update({ process_keys: JSON.stringify(reached) });
  const variables = JSON.parse(message.variables) as Record<string, unknown>;
  await unit.execute(sub.instanceId, {
    type: 'correlateMessage',
    name: sub.name,
    variables,
    ...(sub.correlationKey !== null ? { correlationKey: sub.correlationKey } : {}),
  });
}

/** The cases a message would be delivered to (its message start events aside). */
export async function waitingCases(trx: Knex, msg: MessageInput): Promise<string[]> {
  const rows = (await trx('subscriptions')
    .where({ tenant_id: msg.tenant, message_name: msg.name, correlation_key: msg.correlationKey ?? null })
    .distinct('instance_id')) as Array<{ instance_id: string }>;
  return rows.map((r) => r.instance_id);
}

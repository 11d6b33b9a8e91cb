import type { Knex } from 'knex';
import type { UnitOfWork } from './unit-of-work.js';

export interface MessageInput {
  tenant: string;
  name: string;
  correlationKey?: string;
  variables?: Record<string, unknown>;
}

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
    await unit.execute(s.instance_id, { type: 'correlateMessage', name: msg.name, variables: msg.variables ?? {}, ...(msg.correlationKey !== undefined ? { correlationKey: msg.correlationKey } : {}) });
    result.correlated.push({ instanceId: s.instance_id, elementId: s.element_id });
  }
  const chain = await unit.services.definitions.tenantChain(unit.tx, msg.tenant);
  const triggers = (await trx('start_triggers').where({ message_name: msg.name }).whereIn('tenant_id', chain)) as Array<{ definition_id: string; element_id: string; tenant_id: string }>;
  for (const t of triggers) {
    const def = await unit.services.definitions.byId(unit.tx, t.definition_id);
    if (!def) continue;
    // Only the version this tenant would resolve to starts (a township override hides the city's).
    const visible = await unit.services.definitions.resolve(unit.tx, 'process', def.def_key, msg.tenant);
    if (visible?.id !== def.id) continue;
    const row = await unit.start({ definitionId: def.id, tenant: msg.tenant, variables: msg.variables ?? {}, startEventId: t.element_id, businessKey: msg.correlationKey ?? null });
    result.started.push({ instanceId: row.id, processKey: def.def_key });
  }
  return result;
}

/** The cases a message would be delivered to (its message start events aside). */
export async function waitingCases(trx: Knex, msg: MessageInput): Promise<string[]> {
  const rows = (await trx('subscriptions').where({ tenant_id: msg.tenant, message_name: msg.name, correlation_key: msg.correlationKey ?? null }).distinct('instance_id')) as Array<{ instance_id: string }>;
  return rows.map((r) => r.instance_id);
}

import { ApiError } from '../platform/http/errors.js';
import type { UnitOfWork } from './unit-of-work.js';

export interface SignalInput {
  /** Where the signal is thrown: it reaches this tenant and every tenant below it. */
  tenant: string;
  name: string;
  variables?: Record<string, unknown>;
}

export interface SignalResult {
  caught: Array<{ instanceId: string; elementId: string; tenant: string }>;
  started: Array<{ instanceId: string; processKey: string; tenant: string }>;
}

/** Most cases one broadcast may reach or start: one signal cannot tie up the server for every tenant. */
export const MAX_SIGNAL_RECIPIENTS = 1_000;

interface Trigger {
  definition_id: string;
  element_id: string;
  tenant_id: string;
}

/**
 * Broadcasts a signal to the tenant and its subtree, as a definition deployed at the city runs
 * in its townships: every waiting subscription of the name there is reached (each instance once,
 * all its subscriptions of the name), and every signal start event a tenant of the subtree sees
 * (the version it resolves to) starts a case in that tenant. Subscriptions that open while the
 * signal is delivered are not reached, as in Zeebe.
 */
export async function broadcastSignal(unit: UnitOfWork, signal: SignalInput): Promise<SignalResult> {
  const result: SignalResult = { caught: [], started: [] };
  const trx = await unit.knex();
  const subtree = await unit.services.definitions.tenantSubtree(unit.tx, signal.tenant);
  const subs = (await trx('signal_subscriptions')
    .where({ signal_name: signal.name })
    .whereIn('tenant_id', subtree)
    .orderBy('created_at')
    .select('instance_id', 'element_id', 'tenant_id')) as Array<{
    instance_id: string;
    element_id: string;
    tenant_id: string;
  }>;
  const instances = new Map<string, { elementId: string; tenant: string }>();
  for (const s of subs)
    if (!instances.has(s.instance_id)) instances.set(s.instance_id, { elementId: s.element_id, tenant: s.tenant_id });
  const starts = await startsFor(unit, signal, subtree);
  if (instances.size + starts.length > MAX_SIGNAL_RECIPIENTS) {
    throw new ApiError(
      422,
      'SIGNAL_TOO_WIDE',
      `signal "${signal.name}" would reach ${instances.size + starts.length} cases (at most ${MAX_SIGNAL_RECIPIENTS}); throw it at a tenant lower in the tree`,
    );
  }
  for (const [instanceId, sub] of instances) {
    await unit.execute(instanceId, { type: 'broadcastSignal', name: signal.name, variables: signal.variables ?? {} });
    result.caught.push({ instanceId, ...sub });
  }
  for (const { trigger, tenant, processKey } of starts) {
    const row = await unit.start({
      definitionId: trigger.definition_id,
      tenant,
      variables: signal.variables ?? {},
      startEventId: trigger.element_id,
    });
    result.started.push({ instanceId: row.id, processKey, tenant });
  }
  return result;
}

/** The signal start events each tenant of the subtree sees: the version it resolves to, deployed at it or above it. */
async function startsFor(
  unit: UnitOfWork,
  signal: SignalInput,
  subtree: string[],
): Promise<Array<{ trigger: Trigger; tenant: string; processKey: string }>> {
  const trx = await unit.knex();
  const triggers = (await trx('signal_start_triggers')
    .where({ signal_name: signal.name })
    .select('definition_id', 'element_id', 'tenant_id')) as Trigger[];
  if (triggers.length === 0) return [];
  const defs = unit.services.definitions;
  const out: Array<{ trigger: Trigger; tenant: string; processKey: string }> = [];
  for (const tenant of subtree) {
    const chain = new Set(await defs.tenantChain(unit.tx, tenant));
    for (const trigger of triggers) {
      if (!chain.has(trigger.tenant_id)) continue;
      const def = await defs.byId(unit.tx, trigger.definition_id);
      if (!def) continue;
      // Only the version this tenant would resolve to starts (a township override hides the city's).
      const visible = await defs.resolve(unit.tx, 'process', def.def_key, tenant);
      if (visible?.id === def.id) out.push({ trigger, tenant, processKey: def.def_key });
    }
  }
  return out;
}

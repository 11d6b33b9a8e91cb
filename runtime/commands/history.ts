import type { Knex } from 'knex';
import type { EngineEvent } from '../../engine/index.js';
import { childId } from '../ids.js';
import type { InstanceRow } from './instance-row.js';

/** Appends the engine's events to the history and keeps the incident table in step with them. */
export async function writeHistory(trx: Knex.Transaction, row: InstanceRow, events: EngineEvent[], actor: string | null, now: string): Promise<void> {
  if (events.length === 0) return;
  await trx('history').insert(
    events.map((e) => ({
      instance_id: row.id,
      type: e.type,
      element_id: e.el ?? null,
      at: e.at,
      actor,
      data: e.data ? JSON.stringify(e.data) : null,
    })),
  );
  for (const e of events) {
    if (e.type === 'incidentRaised') {
      const d = e.data as { incidentId: number; code: string; message: string };
      await trx('incidents').insert({
        id: childId(row.id, d.incidentId), instance_id: row.id, tenant_id: row.tenant_id, element_id: e.el ?? '',
        code: d.code, message: d.message, status: 'open', created_at: now,
      });
    } else if (e.type === 'incidentResolved') {
      const d = e.data as { incidentId: number };
      await trx('incidents').where({ id: childId(row.id, d.incidentId) }).update({ status: 'resolved', resolved_at: now });
    }
  }
}

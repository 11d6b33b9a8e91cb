import type { EngineEvent } from '../../engine/index.js';
import type { Tx } from '../platform/db/tx.js';
import { childId } from '../platform/ids.js';
import { historyRow } from '../store/history.js';
import type { InstanceRow } from './instance-row.js';

const INSERT_HISTORY = 'insert into history (instance_id, at, actor, events) values (?, ?, ?, ?)';

/** The write that appends a command's events to the history as one row (none without events). */
export function historyWrite(
  row: InstanceRow,
  events: EngineEvent[],
  actor: string | null,
  now: string,
): Array<{ sql: string; params: unknown[] }> {
  if (events.length === 0) return [];
  const h = historyRow(
    row.id,
    now,
    actor,
    events.map((e) => ({ type: e.type, elementId: e.el ?? null, at: e.at, data: e.data ?? null })),
  );
  return [{ sql: INSERT_HISTORY, params: [h.instance_id, h.at, h.actor, h.events] }];
}

/** Keeps the incident table in step with a command's events. */
export function writeIncidents(tx: Tx, row: InstanceRow, events: EngineEvent[], now: string): void {
  for (const e of events) {
    if (e.type === 'incidentRaised') {
      const d = e.data as { incidentId: number; code: string; message: string };
      tx.write(
        'insert into incidents (id, instance_id, tenant_id, element_id, code, message, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        [childId(row.id, d.incidentId), row.id, row.tenant_id, e.el ?? '', d.code, d.message, 'open', now],
      );
    } else if (e.type === 'incidentResolved') {
      const d = e.data as { incidentId: number };
      tx.write("update incidents set status = 'resolved', resolved_at = ? where id = ?", [
        now,
        childId(row.id, d.incidentId),
      ]);
    }
  }
}

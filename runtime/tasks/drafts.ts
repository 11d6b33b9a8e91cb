import type { Knex } from 'knex';
import type { Tx } from '../platform/db/tx.js';
import { anyObject, objectOf, stringType } from '../platform/http/schemas.js';

/** A task's unfinished form (暂存): one per task and holder, never validated until the task is completed. */
export interface Draft {
  data: Record<string, unknown>;
  updatedAt: string;
}

/** The one writer of `task_drafts`. */
export async function saveDraft(
  db: Knex,
  d: { taskId: string; instanceId: string; holder: string; data: Record<string, unknown>; at: string },
): Promise<Draft> {
  const row = {
    task_id: d.taskId,
    holder: d.holder,
    instance_id: d.instanceId,
    data: JSON.stringify(d.data),
    updated_at: d.at,
  };
  await db('task_drafts').insert(row).onConflict(['task_id', 'holder']).merge(['data', 'updated_at']);
  return { data: d.data, updatedAt: d.at };
}

export async function draftOf(db: Knex, taskId: string, holder: string): Promise<Draft | null> {
  const row = (await db('task_drafts').where({ task_id: taskId, holder }).first()) as
    | { data: string; updated_at: string }
    | undefined;
  return row ? { data: JSON.parse(row.data) as Record<string, unknown>, updatedAt: row.updated_at } : null;
}

/** A completed task's drafts are spent: a write in the completion's batch (no round trip of its own on PostgreSQL). */
export function dropDrafts(tx: Tx, taskId: string): void {
  tx.write('delete from task_drafts where task_id = ?', [taskId]);
}

export const DRAFT_SCHEMA = objectOf({ data: anyObject, updatedAt: stringType });

import type { Effect, InstanceState } from '../../engine/index.js';
import { childId } from '../ids.js';
import { recordTaskDeadline, resolveTaskDeadline, timerHeaders } from './deadlines.js';
import type { InstanceRow } from './instance-row.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Work an effect leaves for after the engine run, inside the same transaction. */
export type FollowUp =
  | { kind: 'startCall'; parentId: string; callId: number; tenant: string; processKey: string; variables: Record<string, unknown> }
  | { kind: 'cancelCall'; parentId: string; callId: number }
  | { kind: 'childEnded'; parentId: string; callId: number; completed: boolean; variables: Record<string, unknown> }
  | { kind: 'publish'; tenant: string; name: string; correlationKey?: string; variables: Record<string, unknown> };

/** Turns engine effects into rows: tasks, jobs, timers and subscriptions. */
export async function applyEffects(unit: UnitOfWork, row: InstanceRow, effects: Effect[], followUps: FollowUp[]): Promise<void> {
  const { trx, now } = unit;
  for (const e of effects) {
    switch (e.type) {
      case 'createTask': {
        const id = childId(row.id, e.taskId);
        const deadline = await resolveTaskDeadline(trx, unit.services.deadlines, row.tenant_id, e, now);
        await trx('tasks').insert({
          id,
          instance_id: row.id,
          tenant_id: row.tenant_id,
          element_id: e.elementId,
          name: e.name ?? null,
          status: 'open',
          assignee: e.assignee ?? null,
          candidate_groups: JSON.stringify(e.candidateGroups),
          candidate_users: JSON.stringify(e.candidateUsers),
          due_at: deadline.dueAt,
          warn_at: deadline.warnAt,
          follow_up_at: e.followUpAt ?? null,
          priority: e.priority,
          form_key: e.formId ?? null,
          details: Object.keys(deadline.details).length > 0 ? JSON.stringify(deadline.details) : null,
          created_at: now,
        });
        await recordTaskDeadline(trx, unit.services.deadlines, { id, instance_id: row.id, tenant_id: row.tenant_id, element_id: e.elementId }, deadline, now);
        const candidates = [
          ...e.candidateGroups.map((value) => ({ task_id: id, kind: 'group', value, status: 'open', created_at: now })),
          ...e.candidateUsers.map((value) => ({ task_id: id, kind: 'user', value, status: 'open', created_at: now })),
        ];
        if (candidates.length > 0) await trx('task_candidates').insert(candidates);
        break;
      }
      case 'cancelTask':
        await endTask(unit, childId(row.id, e.taskId), 'cancelled', null);
        break;
      case 'createJob':
        await trx('jobs').insert({
          id: childId(row.id, e.jobId), kind: 'service', instance_id: row.id, tenant_id: row.tenant_id, element_id: e.elementId,
          job_type: e.jobType, due_at: now, retries: e.retries, headers: JSON.stringify(e.headers), created_at: now,
        });
        break;
      case 'scheduleTimer':
        await trx('jobs').insert({
          id: childId(row.id, e.timerId), kind: 'timer', instance_id: row.id, tenant_id: row.tenant_id, element_id: e.elementId,
          due_at: e.dueAt, retries: 3, created_at: now, headers: await timerHeaders(trx, unit.services.deadlines, row.tenant_id, e, now),
        });
        break;
      case 'cancelJob':
        await trx('jobs').where({ id: childId(row.id, e.jobId) }).delete();
        break;
      case 'cancelTimer':
        await trx('jobs').where({ id: childId(row.id, e.timerId) }).delete();
        break;
      case 'openSubscription':
        await trx('subscriptions').insert({
          id: childId(row.id, e.subscriptionId), instance_id: row.id, tenant_id: row.tenant_id, element_id: e.elementId,
          message_name: e.messageName, correlation_key: e.correlationKey ?? null, created_at: now,
        });
        break;
      case 'closeSubscription':
        await trx('subscriptions').where({ id: childId(row.id, e.subscriptionId) }).delete();
        break;
      case 'startCallActivity':
        followUps.push({ kind: 'startCall', parentId: row.id, callId: e.callId, tenant: row.tenant_id, processKey: e.processId, variables: e.variables });
        break;
      case 'cancelCallActivity':
        followUps.push({ kind: 'cancelCall', parentId: row.id, callId: e.callId });
        break;
      case 'publishMessage':
        followUps.push({ kind: 'publish', tenant: row.tenant_id, name: e.messageName, variables: e.variables, ...(e.correlationKey !== undefined ? { correlationKey: e.correlationKey } : {}) });
        break;
    }
  }
}

export async function endTask(unit: UnitOfWork, taskId: string, status: 'completed' | 'cancelled', actor: string | null): Promise<void> {
  await unit.trx('tasks').where({ id: taskId, status: 'open' }).update({ status, completed_at: unit.now, completed_by: actor });
  await unit.trx('task_candidates').where({ task_id: taskId }).update({ status });
}

const CLOSING_KEYS: Partial<Record<Effect['type'], string>> = {
  cancelTask: 'taskId', cancelJob: 'jobId', cancelTimer: 'timerId', closeSubscription: 'subscriptionId', cancelCallActivity: 'callId',
};

/**
 * Waits that disappeared from the state without a cancel effect were used up by the command
 * (a task completed, a timer fired, a message correlated, a job finished): settle their rows.
 */
export async function reconcileConsumedWaits(unit: UnitOfWork, row: InstanceRow, before: InstanceState, after: InstanceState, effects: Effect[], actor: string | null): Promise<void> {
  const closed = new Set<number>();
  for (const e of effects) {
    const key = CLOSING_KEYS[e.type];
    if (key) closed.add((e as unknown as Record<string, number>)[key]!);
  }
  for (const wait of Object.values(before.waits)) {
    if (after.waits[wait.id] || closed.has(wait.id)) continue;
    const id = childId(row.id, wait.id);
    if (wait.kind === 'task') await endTask(unit, id, 'completed', actor);
    else if (wait.kind === 'job' || wait.kind === 'timer') await unit.trx('jobs').where({ id }).delete();
    else if (wait.kind === 'message') await unit.trx('subscriptions').where({ id }).delete();
  }
}

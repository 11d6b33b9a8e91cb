import type { Effect, InstanceState } from '../../engine/index.js';
import { childId } from '../platform/ids.js';
import { onTaskEffects } from '../deadlines/index.js';
import { historyRow } from '../store/history.js';
import type { InstanceRow } from './instance-row.js';
import { endTask, insertTask, type NewTask } from './task-writes.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Work an effect leaves for after the engine run, inside the same transaction. */
export type FollowUp =
  | {
      kind: 'startCall';
      parentId: string;
      callId: number;
      tenant: string;
      processKey: string;
      variables: Record<string, unknown>;
    }
  | { kind: 'cancelCall'; parentId: string; callId: number }
  | { kind: 'childEnded'; parentId: string; callId: number; completed: boolean; variables: Record<string, unknown> }
  | { kind: 'publish'; tenant: string; name: string; correlationKey?: string; variables: Record<string, unknown> }
  | { kind: 'signal'; tenant: string; name: string; variables: Record<string, unknown> }
  | {
      kind: 'subscribed';
      instanceId: string;
      processKey: string;
      tenant: string;
      name: string;
      correlationKey: string | null;
    };

const INSERT_JOB =
  'insert into jobs (id, kind, instance_id, tenant_id, element_id, job_type, due_at, retries, headers, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const DELETE_JOB = 'delete from jobs where id = ?';
const INSERT_SUBSCRIPTION =
  'insert into subscriptions (id, instance_id, tenant_id, element_id, message_name, correlation_key, created_at) values (?, ?, ?, ?, ?, ?, ?)';
const DELETE_SUBSCRIPTION = 'delete from subscriptions where id = ?';
const INSERT_SIGNAL_SUBSCRIPTION =
  'insert into signal_subscriptions (id, instance_id, tenant_id, element_id, signal_name, created_at) values (?, ?, ?, ?, ?, ?)';
const DELETE_SIGNAL_SUBSCRIPTION = 'delete from signal_subscriptions where id = ?';

/** Turns engine effects into rows: tasks, jobs, timers and subscriptions. */
export async function applyEffects(
  unit: UnitOfWork,
  row: InstanceRow,
  effects: Effect[],
  followUps: FollowUp[],
): Promise<void> {
  const { tx, now } = unit;
  const deadlines = await onTaskEffects(tx, unit.services.deadlines, row, effects, now);
  for (const e of effects) {
    switch (e.type) {
      case 'createTask': {
        const id = childId(row.id, e.taskId);
        const deadline = deadlines.task(e);
        const task: NewTask = {
          id,
          instance_id: row.id,
          tenant_id: row.tenant_id,
          element_id: e.elementId,
          name: e.name ?? null,
          assignee: e.assignee ? await assigneeOrProxy(unit, row, id, e.elementId, e.assignee) : null,
          candidate_groups: e.candidateGroups,
          candidate_users: e.candidateUsers,
          due_at: deadline.dueAt,
          warn_at: deadline.warnAt,
          follow_up_at: e.followUpAt ?? null,
          priority: e.priority,
          form_key: e.formId ?? null,
          details: deadline.details,
          created_at: now,
        };
        insertTask(tx, task, deadline.state);
        break;
      }
      case 'cancelTask':
        endTask(tx, childId(row.id, e.taskId), 'cancelled', null, now);
        break;
      case 'createJob':
        tx.write(INSERT_JOB, [
          childId(row.id, e.jobId),
          'service',
          row.id,
          row.tenant_id,
          e.elementId,
          e.jobType,
          now,
          e.retries,
          JSON.stringify(e.headers),
          now,
        ]);
        break;
      case 'scheduleTimer':
        tx.write(INSERT_JOB, [
          childId(row.id, e.timerId),
          'timer',
          row.id,
          row.tenant_id,
          e.elementId,
          null,
          e.dueAt,
          3,
          deadlines.timerHeaders(e),
          now,
        ]);
        break;
      case 'cancelJob':
        tx.write(DELETE_JOB, [childId(row.id, e.jobId)]);
        break;
      case 'cancelTimer':
        tx.write(DELETE_JOB, [childId(row.id, e.timerId)]);
        break;
      case 'openSubscription':
        tx.write(INSERT_SUBSCRIPTION, [
          childId(row.id, e.subscriptionId),
          row.id,
          row.tenant_id,
          e.elementId,
          e.messageName,
          e.correlationKey ?? null,
          now,
        ]);
        followUps.push({
          kind: 'subscribed',
          instanceId: row.id,
          processKey: row.process_key,
          tenant: row.tenant_id,
          name: e.messageName,
          correlationKey: e.correlationKey ?? null,
        });
        break;
      case 'closeSubscription':
        tx.write(DELETE_SUBSCRIPTION, [childId(row.id, e.subscriptionId)]);
        break;
      case 'openSignalSubscription':
        tx.write(INSERT_SIGNAL_SUBSCRIPTION, [
          childId(row.id, e.subscriptionId),
          row.id,
          row.tenant_id,
          e.elementId,
          e.signalName,
          now,
        ]);
        break;
      case 'closeSignalSubscription':
        tx.write(DELETE_SIGNAL_SUBSCRIPTION, [childId(row.id, e.subscriptionId)]);
        break;
      case 'broadcastSignal':
        followUps.push({ kind: 'signal', tenant: row.tenant_id, name: e.signalName, variables: e.variables });
        break;
      case 'startCallActivity':
        followUps.push({
          kind: 'startCall',
          parentId: row.id,
          callId: e.callId,
          tenant: row.tenant_id,
          processKey: e.processId,
          variables: e.variables,
        });
        break;
      case 'cancelCallActivity':
        followUps.push({ kind: 'cancelCall', parentId: row.id, callId: e.callId });
        break;
      case 'publishMessage':
        followUps.push({
          kind: 'publish',
          tenant: row.tenant_id,
          name: e.messageName,
          variables: e.variables,
          ...(e.correlationKey !== undefined ? { correlationKey: e.correlationKey } : {}),
        });
        break;
    }
  }
  await deadlines.written();
}

const INSERT_HISTORY = 'insert into history (instance_id, at, actor, events) values (?, ?, ?, ?)';

/**
 * 离岗代理: a task assigned to a person who is away goes to their proxy, said in the case's history.
 * Looked up in memory (`LeaveProxyDirectory`), so this costs no statement while nobody is away.
 */
async function assigneeOrProxy(
  unit: UnitOfWork,
  row: InstanceRow,
  taskId: string,
  elementId: string,
  assignee: string,
): Promise<string> {
  const away = await unit.services.leaveProxies?.activeFor(unit.tx, assignee, unit.now);
  if (!away) return assignee;
  const h = historyRow(row.id, unit.now, null, [
    {
      type: 'taskProxied',
      elementId,
      data: { taskId, from: assignee, toUser: away.proxy, leaveProxyId: away.id, atCreation: true },
    },
  ]);
  unit.tx.write(INSERT_HISTORY, [h.instance_id, h.at, h.actor, h.events]);
  return away.proxy;
}

const CLOSING_KEYS: Partial<Record<Effect['type'], string>> = {
  cancelTask: 'taskId',
  cancelJob: 'jobId',
  cancelTimer: 'timerId',
  closeSubscription: 'subscriptionId',
  closeSignalSubscription: 'subscriptionId',
  cancelCallActivity: 'callId',
};

/**
 * Waits that disappeared from the state without a cancel effect were used up by the command
 * (a task completed, a timer fired, a message correlated, a job finished): settle their rows.
 */
export function reconcileConsumedWaits(
  unit: UnitOfWork,
  row: InstanceRow,
  before: InstanceState,
  after: InstanceState,
  effects: Effect[],
  actor: string | null,
): void {
  const closed = new Set<number>();
  for (const e of effects) {
    const key = CLOSING_KEYS[e.type];
    if (key) closed.add((e as unknown as Record<string, number>)[key]!);
  }
  for (const wait of Object.values(before.waits)) {
    if (after.waits[wait.id] || closed.has(wait.id)) continue;
    const id = childId(row.id, wait.id);
    if (wait.kind === 'task') endTask(unit.tx, id, 'completed', actor, unit.now);
    else if (wait.kind === 'job' || wait.kind === 'timer') unit.tx.write(DELETE_JOB, [id]);
    else if (wait.kind === 'message') unit.tx.write(DELETE_SUBSCRIPTION, [id]);
    else if (wait.kind === 'signal') unit.tx.write(DELETE_SIGNAL_SUBSCRIPTION, [id]);
  }
}

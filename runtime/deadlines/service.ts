/**
 * Deadline operations on a task: the clock starting at claim, pause/resume, extension
 * requests and decisions, manual urging, supervision orders and calendar corrections. Each
 * function runs inside the caller's transaction, so a deadline and every timer that depends
 * on it move together or not at all.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CalendarError, parseWorkDuration, type BusinessCalendar, type WorkDuration } from '../../engine/index.js';
import { errorJson } from './resolution.js';
import { ApiError, conflict, notFound } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import { deadlineColumns, deadlineSelect, HAS_DEADLINE } from './deadline-columns.js';
import type { DeadlineKit } from './kit.js';
import { PAUSED_DUE_AT, type DeadlineRow, type TaskLike } from './model.js';
import {
  groupLeaders,
  handlerRecipients,
  historyEvent,
  notify,
  supervisorFor,
  type Recipient,
} from './notifications.js';
import type { JobRow } from '../jobs/acquire.js';
import type { Deps } from '../platform/http/deps.js';
import { findTask, setTaskDeadlineColumns } from '../store/task-row.js';
import { addTo, durationText, warnBefore, workingTimeAdded } from './rules.js';
import { changeTimers, dependentTimers, extend, pause, recount, restart, resume, timerMeta } from './timers.js';
import { provisionalOf, refusedError, refusesProvisional } from './provisional.js';

/** The deadline of an open task (undefined when it has none, or is closed). */
export async function deadlineOf(db: Knex, taskId: string): Promise<DeadlineRow | undefined> {
  return (await db('tasks').select(deadlineSelect()).where({ id: taskId }).whereNotNull(HAS_DEADLINE).first()) as
    | DeadlineRow
    | undefined;
}

async function calendarOf(
  db: Knex,
  kit: DeadlineKit,
  row: Pick<DeadlineRow, 'calendar_tenant'>,
): Promise<BusinessCalendar> {
  return (await kit.calendars.forTenant(db, row.calendar_tenant)).calendar;
}

const segment = (row: DeadlineRow): WorkDuration => ({ amount: row.seg_amount ?? row.amount, unit: row.unit });
const leftOf = (row: DeadlineRow): WorkDuration => parseWorkDuration(row.warn_left);

/** Maps a calendar failure to an API error: missing data is 422 with the calendar's message (e.g. "2027 calendar data missing: …"). */
export function calendarApiError(err: CalendarError): ApiError {
  const status = err.code === 'CALENDAR_DATA_MISSING' ? 422 : 400;
  return new ApiError(status, err.code, err.message, [{ ...errorJson(err) }]);
}

async function withCalendar<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CalendarError) throw calendarApiError(err);
    throw err;
  }
}

/** Where the ladder must look next for a deadline in `stage` (null: nothing left to do). */
function nextCheck(stage: DeadlineRow['stage'], dueAt: string | null, warnAt: string | null): string | null {
  if (stage === 'green') return warnAt ?? dueAt;
  if (stage === 'yellow') return dueAt;
  return null;
}

async function setTaskDue(
  db: Knex,
  taskId: string,
  dueAt: string | null,
  warnAt: string | null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await setTaskDeadlineColumns(db, taskId, { due_at: dueAt, warn_at: warnAt, ...extra });
}

// ── the clock starts at claim (签收) ──────────────────────────────────────────────

/** First claim of a `deadlineStart="claimed"` task: count the deadline (and its timers) from now. No-op otherwise. */
export async function startClockOnClaim(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  actor: string,
  now: string,
): Promise<void> {
  const row = await deadlineOf(db, task.id);
  if (!row || row.start_mode !== 'claimed' || row.started_at) return;
  const started = await setTaskDeadlineColumns(
    db,
    task.id,
    { started_at: now, seg_start: now, seg_amount: row.amount },
    { started_at: null },
  );
  if (started !== 1) return;
  const cal = await calendarOf(db, kit, row);
  let dueAt: string | null = null;
  let warnAt: string | null = null;
  let counted: Partial<DeadlineRow>;
  try {
    dueAt = addTo(cal, now, { amount: row.amount, unit: row.unit });
    warnAt = warnBefore(cal, dueAt, leftOf(row));
    const provisional = provisionalOf(cal, now, dueAt);
    if (provisional && (await refusesProvisional(db, kit, task.tenant_id))) throw refusedError(provisional);
    counted = { next_check_at: warnAt, error: null, provisional };
  } catch (err) {
    dueAt = null;
    warnAt = null;
    if (!(err instanceof CalendarError)) throw err;
    counted = { error: JSON.stringify(errorJson(err)) };
  }
  await setTaskDue(db, task.id, dueAt, warnAt, deadlineColumns(counted));
  const timers = await changeTimers(
    db,
    kit,
    await dependentTimers(db, task.id),
    now,
    restart(now, (m) => parseWorkDuration(m.duration).amount),
  );
  await historyEvent(db, {
    instanceId: task.instance_id,
    type: 'deadlineStarted',
    elementId: task.element_id,
    actor,
    at: now,
    data: { taskId: task.id, deadline: row.spec, dueAt, warnAt, timers },
  });
}

// ── pause and resume (中止计时) ────────────────────────────────────────────────────

export async function pauseTask(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  reason: string,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  const row = await requireRunningDeadline(db, task);
  if (row.paused_at) throw conflict('TASK_PAUSED', `the clock of task ${task.id} is already paused`);
  if (task.due_at && now > task.due_at)
    throw conflict(
      'DEADLINE_PASSED',
      `task ${task.id} is overdue since ${task.due_at}; an overdue clock cannot be paused`,
    );
  return withCalendar(async () => {
    const cal = await calendarOf(db, kit, row);
    const left = cal.remainingDuration(row.seg_start!, now, segment(row));
    const paused = await setTaskDeadlineColumns(
      db,
      task.id,
      {
        paused_at: now,
        pause_reason: reason,
        seg_amount: left.amount,
        next_check_at: null,
        due_at: null,
        warn_at: null,
      },
      { paused_at: null },
    );
    if (paused !== 1) throw conflict('TASK_PAUSED', `the clock of task ${task.id} is already paused`);
    const timers = await changeTimers(db, kit, await dependentTimers(db, task.id), now, pause(now));
    const data = {
      taskId: task.id,
      reason,
      dueAtBefore: task.due_at,
      remaining: durationText(left),
      timers: timers.map((t) => t.jobId),
    };
    await historyEvent(db, {
      instanceId: task.instance_id,
      type: 'deadlinePaused',
      elementId: task.element_id,
      actor,
      at: now,
      data,
    });
    return data;
  });
}

export async function resumeTask(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  const row = await requireRunningDeadline(db, task);
  if (!row.paused_at) throw conflict('TASK_NOT_PAUSED', `the clock of task ${task.id} is not paused`);
  return withCalendar(async () => {
    const cal = await calendarOf(db, kit, row);
    const dueAt = addTo(cal, now, segment(row));
    const warnAt = warnBefore(cal, dueAt, leftOf(row));
    const resumed = await setTaskDeadlineColumns(
      db,
      task.id,
      {
        paused_at: null,
        pause_reason: null,
        seg_start: now,
        next_check_at: nextCheck(row.stage, dueAt, warnAt),
        due_at: dueAt,
        warn_at: warnAt,
        ...deadlineColumns({ provisional: provisionalOf(cal, now, dueAt) }),
      },
      { paused_at: row.paused_at },
    );
    if (resumed !== 1) throw conflict('TASK_NOT_PAUSED', `the clock of task ${task.id} is not paused`);
    const timers = await changeTimers(db, kit, await dependentTimers(db, task.id), now, resume(now));
    const data = {
      taskId: task.id,
      pausedAt: row.paused_at,
      remaining: durationText(segment(row)),
      dueAt,
      warnAt,
      timers,
    };
    await historyEvent(db, {
      instanceId: task.instance_id,
      type: 'deadlineResumed',
      elementId: task.element_id,
      actor,
      at: now,
      data,
    });
    return data;
  });
}

async function requireRunningDeadline(db: Knex, task: TaskLike): Promise<DeadlineRow> {
  if (task.status !== 'open') throw conflict('TASK_NOT_OPEN', `task ${task.id} is ${task.status}`);
  const row = await deadlineOf(db, task.id);
  if (!row) throw conflict('NO_DEADLINE', `task ${task.id} has no deadline`);
  if (!row.started_at || !row.seg_start)
    throw conflict('DEADLINE_NOT_STARTED', `the clock of task ${task.id} starts when it is claimed`);
  return row;
}

// ── extensions (延期申请) ──────────────────────────────────────────────────────────

export interface ExtensionInput {
  reason: string;
  requestedDueAt?: string;
  extendBy?: string;
}

/** Files an extension request: only before the deadline, one pending at a time, within the policy's cap. */
export async function requestExtension(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  input: ExtensionInput,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  const row = await requireRunningDeadline(db, task);
  if (row.paused_at)
    throw conflict('TASK_PAUSED', `the clock of task ${task.id} is paused; resume it before asking for more time`);
  if (!task.due_at) throw conflict('NO_DEADLINE', `task ${task.id} has no due instant`);
  if (now > task.due_at)
    throw conflict(
      'DEADLINE_PASSED',
      `task ${task.id} was due at ${task.due_at}; an extension must be requested before the deadline`,
    );
  const policy = await kit.policies.effective(db, task.tenant_id);
  if ((task.extension_count ?? 0) >= policy.maxExtensions) {
    throw conflict(
      'EXTENSION_LIMIT',
      `task ${task.id} has had ${task.extension_count ?? 0} extension(s); at most ${policy.maxExtensions} per step`,
    );
  }
  const pending = await db('extension_requests').where({ task_id: task.id, status: 'pending' }).first();
  if (pending)
    throw conflict('EXTENSION_PENDING', `extension request ${pending.id} for task ${task.id} is still pending`);
  if (!input.requestedDueAt === !input.extendBy)
    throw new ApiError(400, 'REQUEST_INVALID', 'give exactly one of requestedDueAt and extendBy');
  return withCalendar(async () => {
    const cal = await calendarOf(db, kit, row);
    const target = input.extendBy
      ? addTo(cal, task.due_at!, parseWorkDuration(input.extendBy))
      : requestedInstant(cal, input.requestedDueAt!);
    const extra = workingTimeAdded(cal, task.due_at!, target, row.unit);
    if (extra.amount <= 0) {
      throw new ApiError(
        400,
        'EXTENSION_TOO_SHORT',
        `${target} adds no ${row.unit} to the deadline ${task.due_at}; ask for a later time`,
      );
    }
    const newDue = addTo(cal, row.seg_start!, { amount: segment(row).amount + extra.amount, unit: row.unit });
    const id = newId();
    await db('extension_requests').insert({
      id,
      task_id: task.id,
      instance_id: task.instance_id,
      tenant_id: task.tenant_id,
      requested_by: actor,
      reason: input.reason,
      previous_due_at: task.due_at,
      requested_due_at: newDue,
      extend_by: durationText(extra),
      status: 'pending',
      created_at: now,
    });
    await historyEvent(db, {
      instanceId: task.instance_id,
      type: 'extensionRequested',
      elementId: task.element_id,
      actor,
      at: now,
      data: {
        taskId: task.id,
        requestId: id,
        reason: input.reason,
        from: task.due_at,
        to: newDue,
        extendBy: durationText(extra),
      },
    });
    const supervisor = await supervisorFor(db, await kit.tenants.chain(task.tenant_id, db), policy);
    if (supervisor) {
      await notify(
        db,
        {
          tenant: task.tenant_id,
          instanceId: task.instance_id,
          taskId: task.id,
          kind: 'extension',
          subject: `延期申请待审批：${task.name ?? task.element_id}`,
          body: `${actor} 申请延期至 ${localText(cal, newDue)}，理由：${input.reason}`,
          data: { requestId: id, status: 'pending' },
          recipients: [{ kind: 'user', id: supervisor }],
        },
        policy.channels,
        now,
      );
    }
    return extensionView((await db('extension_requests').where({ id }).first()) as ExtensionRow);
  });
}

function requestedInstant(cal: BusinessCalendar, text: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = DateTime.fromISO(text, { zone: cal.zone, setZone: !dateOnly });
  if (!at.isValid)
    throw new ApiError(400, 'REQUEST_INVALID', `requestedDueAt "${text}" is not an ISO 8601 date or date-time`);
  return (dateOnly ? at.endOf('day') : at).toUTC().toISO()!;
}

export interface ExtensionRow {
  id: string;
  task_id: string;
  instance_id: string;
  tenant_id: string;
  requested_by: string;
  reason: string;
  previous_due_at: string;
  requested_due_at: string;
  extend_by: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  new_due_at: string | null;
  created_at: string;
}

export function extensionView(r: ExtensionRow) {
  return {
    id: r.id,
    taskId: r.task_id,
    processInstanceId: r.instance_id,
    tenant: r.tenant_id,
    requestedBy: r.requested_by,
    reason: r.reason,
    previousDueAt: r.previous_due_at,
    requestedDueAt: r.requested_due_at,
    extendBy: r.extend_by,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    newDueAt: r.new_due_at,
    createdAt: r.created_at,
  };
}

/**
 * Approves or rejects a pending request. On approval, in this transaction: the task's due and
 * warning instants, the deadline's counting segment and every dependent working-unit timer move;
 * the ladder starts over (a new cycle); the extension is counted on the task.
 */
export async function decideExtension(
  db: Knex,
  kit: DeadlineKit,
  request: ExtensionRow,
  approve: boolean,
  note: string | undefined,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  if (request.status !== 'pending')
    throw conflict('EXTENSION_DECIDED', `extension request ${request.id} is already ${request.status}`);
  const task = await findTask(db, request.task_id); // a closed task's request can still be rejected
  if (!task) throw notFound('task', request.task_id);
  const decide = (status: string, extra: Record<string, unknown> = {}) =>
    db('extension_requests')
      .where({ id: request.id, status: 'pending' })
      .update({ status, decided_by: actor, decided_at: now, decision_note: note ?? null, ...extra });

  if (!approve) {
    if ((await decide('rejected')) !== 1)
      throw conflict('EXTENSION_DECIDED', `extension request ${request.id} was decided concurrently`);
    await historyEvent(db, {
      instanceId: task.instance_id,
      type: 'extensionRejected',
      elementId: task.element_id,
      actor,
      at: now,
      data: { taskId: task.id, requestId: request.id, note: note ?? null },
    });
    await notifyRequester(db, kit, task, request, `延期申请未获批准：${task.name ?? task.element_id}`, note ?? '', now);
    return extensionView((await db('extension_requests').where({ id: request.id }).first()) as ExtensionRow);
  }

  if (task.status !== 'open') throw conflict('TASK_NOT_OPEN', `task ${task.id} is ${task.status}`);
  const row = await deadlineOf(db, task.id);
  if (!row || !row.seg_start) throw conflict('NO_DEADLINE', `task ${task.id} has no running deadline`);
  const policy = await kit.policies.effective(db, task.tenant_id);
  if ((task.extension_count ?? 0) >= policy.maxExtensions)
    throw conflict(
      'EXTENSION_LIMIT',
      `task ${task.id} already has ${task.extension_count} extension(s); at most ${policy.maxExtensions} per step`,
    );
  return withCalendar(async () => {
    const cal = await calendarOf(db, kit, row);
    const extra = parseWorkDuration(request.extend_by);
    const segAmount = segment(row).amount + extra.amount;
    const paused = row.paused_at !== null;
    const newDue = paused ? null : addTo(cal, row.seg_start!, { amount: segAmount, unit: row.unit });
    const warnAt = newDue ? warnBefore(cal, newDue, leftOf(row)) : null;
    if ((await decide('approved', { new_due_at: newDue })) !== 1)
      throw conflict('EXTENSION_DECIDED', `extension request ${request.id} was decided concurrently`);
    const moved = await setTaskDeadlineColumns(
      db,
      task.id,
      {
        seg_amount: segAmount,
        cycle: row.cycle + 1,
        stage: 'green',
        next_check_at: paused ? null : nextCheck('green', newDue, warnAt),
        escalate_at: null,
        due_at: newDue,
        warn_at: warnAt,
        extension_count: (task.extension_count ?? 0) + 1,
        ...(newDue ? deadlineColumns({ provisional: provisionalOf(cal, row.seg_start!, newDue) }) : {}),
      },
      { cycle: row.cycle },
    );
    if (moved !== 1)
      throw conflict('DEADLINE_CHANGED', `the deadline of task ${task.id} changed concurrently; try again`);
    const timers = await changeTimers(
      db,
      kit,
      await dependentTimers(db, task.id),
      now,
      extend(task.due_at ?? null, newDue, extra),
    );
    await historyEvent(db, {
      instanceId: task.instance_id,
      type: 'deadlineExtended',
      elementId: task.element_id,
      actor,
      at: now,
      data: {
        taskId: task.id,
        requestId: request.id,
        from: task.due_at,
        to: newDue,
        extendBy: request.extend_by,
        reason: request.reason,
        count: (task.extension_count ?? 0) + 1,
        timers,
      },
    });
    await notifyRequester(
      db,
      kit,
      task,
      request,
      `延期申请已批准：${task.name ?? task.element_id}`,
      newDue ? `新的办结期限：${localText(cal, newDue)}` : '计时暂停中，恢复后按新期限计算',
      now,
    );
    return {
      ...extensionView((await db('extension_requests').where({ id: request.id }).first()) as ExtensionRow),
      timers,
    };
  });
}

async function notifyRequester(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  request: ExtensionRow,
  subject: string,
  body: string,
  now: string,
): Promise<void> {
  const policy = await kit.policies.effective(db, task.tenant_id);
  await notify(
    db,
    {
      tenant: task.tenant_id,
      instanceId: task.instance_id,
      taskId: task.id,
      kind: 'extension',
      subject,
      body,
      data: { requestId: request.id },
      recipients: [{ kind: 'user', id: request.requested_by }],
    },
    policy.channels,
    now,
  );
}

// ── manual urge (催办) ─────────────────────────────────────────────────────────────

export async function urgeTask(
  db: Knex,
  kit: DeadlineKit,
  task: TaskLike,
  message: string | undefined,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  if (task.status !== 'open') throw conflict('TASK_NOT_OPEN', `task ${task.id} is ${task.status}`);
  const policy = await kit.policies.effective(db, task.tenant_id);
  const last = await db('task_urges').where({ task_id: task.id }).max('seq as n').first();
  const seq = Number(last?.n ?? 0) + 1;
  const id = newId();
  await db('task_urges').insert({
    id,
    task_id: task.id,
    instance_id: task.instance_id,
    tenant_id: task.tenant_id,
    seq,
    urged_by: actor,
    message: message ?? null,
    created_at: now,
  });
  const recipients = handlerRecipients(task);
  const due = task.due_at ? `，办结期限 ${task.due_at}` : '';
  const written = await notify(
    db,
    {
      tenant: task.tenant_id,
      instanceId: task.instance_id,
      taskId: task.id,
      urgeId: id,
      kind: 'manual-urge',
      subject: `催办（第${seq}次）：${task.name ?? task.element_id}`,
      body: `${message ?? '请尽快办理'}${due}`,
      data: { seq, urgedBy: actor },
      recipients,
    },
    policy.channels,
    now,
  );
  await historyEvent(db, {
    instanceId: task.instance_id,
    type: 'taskUrged',
    elementId: task.element_id,
    actor,
    at: now,
    data: { taskId: task.id, urgeId: id, count: seq, message: message ?? null },
  });
  return {
    id,
    taskId: task.id,
    count: seq,
    urgedBy: actor,
    message: message ?? null,
    createdAt: now,
    notifications: written.map((w) => ({
      id: w.id,
      recipient: { kind: w.recipient_kind, id: w.recipient },
      readAt: null,
      readBy: null,
    })),
  };
}

// ── supervision orders (督办单) ────────────────────────────────────────────────────

export interface OrderInput {
  tenant: string;
  instanceId: string;
  task?: TaskLike;
  reason: string;
  owner?: string | null;
  deadline?: string;
  source: 'auto' | 'manual';
}

export async function createSupervisionOrder(
  db: Knex,
  kit: DeadlineKit,
  input: OrderInput,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  const policy = await kit.policies.effective(db, input.tenant);
  const owner = input.owner ?? (await supervisorFor(db, await kit.tenants.chain(input.tenant, db), policy));
  const deadline = input.deadline ?? policy.supervisionDeadline;
  let dueAt: string | null = null;
  let dueError: Record<string, unknown> | undefined;
  try {
    dueAt = addTo((await kit.calendars.forTenant(db, input.tenant)).calendar, now, parseWorkDuration(deadline));
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    if (input.source === 'manual') throw calendarApiError(err);
    dueError = errorJson(err);
  }
  const tasks = input.task
    ? [input.task]
    : ((await db('tasks').where({ instance_id: input.instanceId, status: 'open' })) as TaskLike[]);
  const target = {
    assignees: [...new Set(tasks.map((t) => t.assignee).filter((a): a is string => !!a))],
    groups: [...new Set(tasks.flatMap((t) => JSON.parse(t.candidate_groups) as string[]))],
    taskIds: tasks.map((t) => t.id),
  };
  const id = newId();
  await db('supervision_orders').insert({
    id,
    tenant_id: input.tenant,
    instance_id: input.instanceId,
    task_id: input.task?.id ?? null,
    element_id: input.task?.element_id ?? null,
    source: input.source,
    owner,
    target: JSON.stringify(target),
    reason: input.reason,
    deadline,
    due_at: dueAt,
    status: 'open',
    created_by: actor,
    created_at: now,
  });
  const { leaders, leaderless } = await groupLeaders(db, target.groups, policy);
  const recipients: Recipient[] = [
    ...(owner ? [{ kind: 'user' as const, id: owner }] : []),
    ...tasks.flatMap((t) => handlerRecipients(t)),
    ...leaders,
  ];
  await notify(
    db,
    {
      tenant: input.tenant,
      instanceId: input.instanceId,
      orderId: id,
      kind: 'supervision',
      dedupeKey: `supervision:${id}`,
      ...(input.task ? { taskId: input.task.id } : {}),
      subject: `督办单：${input.task?.name ?? input.instanceId}`,
      body: `${input.reason}${dueAt ? `；督办期限 ${dueAt}` : ''}`,
      data: {
        owner,
        dueAt,
        source: input.source,
        ...(leaderless.length ? { leaderless } : {}),
        ...(dueError ? { dueError } : {}),
      },
      recipients,
    },
    policy.channels,
    now,
  );
  await historyEvent(db, {
    instanceId: input.instanceId,
    type: 'supervisionOrdered',
    elementId: input.task?.element_id ?? null,
    actor,
    at: now,
    data: {
      orderId: id,
      owner,
      reason: input.reason,
      dueAt,
      deadline,
      source: input.source,
      ...(dueError ? { dueError } : {}),
    },
  });
  return orderView((await db('supervision_orders').where({ id }).first()) as OrderRow);
}

export interface OrderRow {
  id: string;
  tenant_id: string;
  instance_id: string;
  task_id: string | null;
  element_id: string | null;
  source: string;
  owner: string | null;
  target: string;
  reason: string;
  deadline: string;
  due_at: string | null;
  status: string;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  resolution: string | null;
  overdue_at: string | null;
}

export function orderView(r: OrderRow) {
  return {
    id: r.id,
    tenant: r.tenant_id,
    processInstanceId: r.instance_id,
    taskId: r.task_id,
    elementId: r.element_id,
    source: r.source,
    owner: r.owner,
    target: JSON.parse(r.target) as Record<string, unknown>,
    reason: r.reason,
    deadline: r.deadline,
    dueAt: r.due_at,
    status: r.status,
    overdue: r.overdue_at !== null,
    overdueAt: r.overdue_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    resolution: r.resolution,
  };
}

export async function closeSupervisionOrder(
  db: Knex,
  order: OrderRow,
  resolution: string,
  actor: string,
  now: string,
): Promise<Record<string, unknown>> {
  const closed = await db('supervision_orders')
    .where({ id: order.id, status: 'open' })
    .update({ status: 'closed', closed_at: now, closed_by: actor, resolution });
  if (closed !== 1) throw conflict('ORDER_CLOSED', `supervision order ${order.id} is already closed`);
  await historyEvent(db, {
    instanceId: order.instance_id,
    type: 'supervisionClosed',
    elementId: order.element_id,
    actor,
    at: now,
    data: { orderId: order.id, resolution },
  });
  return orderView((await db('supervision_orders').where({ id: order.id }).first()) as OrderRow);
}

// ── calendar corrections ──────────────────────────────────────────────────────────

/**
 * After a tenant's calendar changed (override days or a year's schedule): every open deadline
 * counted on a calendar that inherits the change is counted again from its segment, and so
 * are its working-unit timers — in the caller's transaction. Deadlines that lacked data
 * (e.g. "2027 calendar data missing") get their due instant now. Returns how many moved.
 */
export async function recountDeadlines(
  db: Knex,
  kit: DeadlineKit,
  calendarTenants: string[],
  since: string | null,
  now: string,
): Promise<{ tasks: number; timers: number }> {
  let q = db('tasks as t')
    .where('t.status', 'open')
    .whereNotNull(`t.${HAS_DEADLINE}`)
    .whereIn('t.calendar_tenant', calendarTenants)
    .whereNotNull('t.seg_start')
    .whereNull('t.paused_at')
    .select(
      ...deadlineSelect('t'),
      't.due_at as task_due_at',
      't.name',
      't.assignee',
      't.candidate_groups',
      't.candidate_users',
    );
  if (since) q = q.andWhere((w) => w.whereNull('t.due_at').orWhere('t.due_at', '>=', since));
  const rows = (await q) as Array<
    DeadlineRow & { task_due_at: string | null } & Pick<
        TaskLike,
        'name' | 'assignee' | 'candidate_groups' | 'candidate_users'
      >
  >;
  let tasks = 0;
  let timers = 0;
  for (const row of rows) {
    const cal = (await kit.calendars.forTenant(db, row.calendar_tenant, { fresh: true })).calendar; // inside the writer's transaction
    let dueAt: string;
    let warnAt: string;
    let provisional: string | null;
    try {
      dueAt = addTo(cal, row.seg_start!, segment(row));
      warnAt = warnBefore(cal, dueAt, leftOf(row));
      provisional = provisionalOf(cal, row.seg_start!, dueAt);
      if (provisional && row.task_due_at === null && (await refusesProvisional(db, kit, row.tenant_id)))
        throw refusedError(provisional);
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      await setTaskDeadlineColumns(db, row.task_id, deadlineColumns({ error: JSON.stringify(errorJson(err)) }));
      continue;
    }
    if (provisional !== row.provisional)
      await setTaskDeadlineColumns(db, row.task_id, deadlineColumns({ provisional }));
    if (dueAt !== row.task_due_at) {
      // A deadline that moved past now leaves red/yellow behind: the ladder starts a new cycle.
      const anew =
        (row.stage === 'red' || row.stage === 'yellow') && dueAt > now && (row.stage === 'red' || warnAt > now);
      const stage = anew ? 'green' : row.stage;
      await setTaskDue(
        db,
        row.task_id,
        dueAt,
        warnAt,
        deadlineColumns({
          error: null,
          stage,
          cycle: anew ? row.cycle + 1 : row.cycle,
          next_check_at: nextCheck(stage, dueAt, warnAt),
          ...(anew ? { escalate_at: null } : {}),
        }),
      );
      await historyEvent(db, {
        instanceId: row.instance_id,
        type: 'deadlineRecounted',
        elementId: row.element_id,
        actor: 'system:calendar',
        at: now,
        data: { taskId: row.task_id, from: row.task_due_at, to: dueAt },
      });
      if (row.task_due_at !== null) await notifyMoved(db, kit, row, row.task_due_at, dueAt, cal, now);
      tasks++;
    } else if (row.error) {
      await setTaskDeadlineColumns(db, row.task_id, deadlineColumns({ error: null }));
    }
  }
  const timerJobs = (await db('jobs')
    .where({ kind: 'timer' })
    .where('headers', 'like', '%"deadline"%')
    .whereNot('due_at', PAUSED_DUE_AT)) as JobRow[];
  const affected = timerJobs.flatMap((job) => {
    const meta = timerMeta(job);
    return meta && calendarTenants.includes(meta.calendarTenant) ? [{ job, meta }] : [];
  });
  const moved = await changeTimers(db, kit, affected, now, recount, true);
  timers = moved.filter((m) => affected.find((a) => a.job.id === m.jobId)?.job.due_at !== m.dueAt).length;
  return { tasks, timers };
}

/** Tells a task's handlers that a calendar change moved its due date (in-app, and the policy's channels). */
async function notifyMoved(
  db: Knex,
  kit: DeadlineKit,
  row: DeadlineRow & Pick<TaskLike, 'name' | 'assignee' | 'candidate_groups' | 'candidate_users'>,
  from: string,
  to: string,
  cal: BusinessCalendar,
  now: string,
): Promise<void> {
  const policy = await kit.policies.effective(db, row.tenant_id);
  await notify(
    db,
    {
      tenant: row.tenant_id,
      instanceId: row.instance_id,
      taskId: row.task_id,
      kind: 'deadline-moved',
      subject: `办结期限调整：${row.name ?? row.element_id}`,
      body: `节假日安排更新后，办结期限由 ${localText(cal, from)} 调整为 ${localText(cal, to)}`,
      data: { from, to },
      recipients: handlerRecipients(row),
    },
    policy.channels,
    now,
  );
}

export function localText(cal: BusinessCalendar, iso: string): string {
  return DateTime.fromISO(iso, { zone: cal.zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The task, open or closed, read again inside the operation's transaction. */
export async function freshTask(trx: Knex, id: string): Promise<TaskLike> {
  const t = await findTask(trx, id);
  if (!t) throw notFound('task', id);
  return t;
}

/** Inside the claim's transaction: starts a `deadlineStart="claimed"` clock (no-op otherwise). */
export async function onTaskClaimed(trx: Knex.Transaction, deps: Deps, taskId: string, actor: string): Promise<void> {
  const kit = deps.commands.services.deadlines;
  if (!kit) return;
  await startClockOnClaim(trx, kit, await freshTask(trx, taskId), actor, deps.clock.now());
}

import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import { REFUSALS_VARIABLE, stepOperations, type Refusal, type StepOperations } from '../../engine/index.js';
import { actorNames, hasRole, type Principal } from '../auth/index.js';
import { handlerRecipients, notify, type Recipient } from '../deadlines/index.js';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import type { UnitOfWork } from '../execution/unit-of-work.js';
import type { Deps } from '../platform/http/deps.js';
import { conflict } from '../platform/http/errors.js';
import { appendHistory, readHistory } from '../store/history.js';
import { findTask, replaceTaskCandidates, updateOpenTaskIfUnchanged } from '../store/task-row.js';
import { actionableTask, isCandidate, visibleTask } from './access.js';
import { explainRefusal, operationRefused } from './operation-errors.js';
import type { TaskRow } from './views.js';

export type TaskOperation =
  | 'return'
  | 'refuse'
  | 'withdraw'
  | 'transfer'
  | 'delegate'
  | 'resolve'
  | 'cc'
  | 'cancel'
  | 'pause'
  | 'resume';

export interface Caller {
  deps: Deps;
  principal: Principal;
  locale: Locale;
}

/** A delegation (委派) in progress, kept in the task's details until the delegate resolves it. */
interface Delegation {
  owner: string;
  delegate: string;
  reason: string;
}

/** 退回: to `target`, or by default the latest step completed before this task that it may return to. */
export async function returnTask(
  c: Caller,
  taskId: string,
  input: { targetElementId?: string; reason: string },
): Promise<TaskRow> {
  const task = await workableTask(c, taskId);
  const { ops } = await stepOf(c.deps, task);
  const target = input.targetElementId ?? (await previousStep(c.deps.db.knex, task, ops.returnTargets))?.element_id;
  if (!target)
    throw operationRefused('RETURN_NOT_ALLOWED', c.locale, `no earlier step of <${task.element_id}> was completed`);
  return sendBack(
    c,
    task,
    { type: 'returnTask', targetElementId: target, reason: input.reason },
    target,
    'returned',
    input.reason,
  );
}

/** 退单: the task's department refuses the referral; the case goes to the dispatch step. */
export async function refuseTask(c: Caller, taskId: string, input: { reason: string }): Promise<TaskRow> {
  const task = await workableTask(c, taskId);
  const { ops } = await stepOf(c.deps, task);
  return sendBack(
    c,
    task,
    { type: 'refuseTask', department: departmentOf(task), reason: input.reason },
    ops.refuseTo ?? task.element_id,
    'refused',
    input.reason,
  );
}

/**
 * 撤回: the completer of a step takes it back while the task it created is unclaimed and
 * untouched. `taskId` is the completed step's task.
 */
export async function withdrawTask(c: Caller, completedTaskId: string): Promise<TaskRow> {
  const done = await visibleTask(c.deps, c.principal, completedTaskId);
  if (done.status !== 'completed')
    throw operationRefused('WITHDRAW_TOO_LATE', c.locale, `task ${done.id} is ${done.status}`);
  if (done.completed_by !== c.principal.username) throw operationRefused('WITHDRAW_NOT_COMPLETER', c.locale);
  const next = await untouchedSuccessor(c.deps.db.knex, done);
  if (!next) throw operationRefused('WITHDRAW_TOO_LATE', c.locale);
  try {
    await c.deps.commands.transact(async (unit) => {
      const { instanceId, localId } = await unit.requireOpenTask(next.id);
      // Still unclaimed when this commits: a claim in between makes this transaction fail and retry.
      unit.tx.check(
        'select count(*) as n from tasks where id = ? and assignee is null',
        [next.id],
        1,
        `task ${next.id} was claimed`,
      );
      await unit.execute(
        instanceId,
        { type: 'withdrawTask', taskId: localId, targetElementId: done.element_id },
        c.principal.username,
      );
      await noticeNewTask(unit, c, done.instance_id, done.element_id, 'withdrawn', '');
    });
  } catch (err) {
    if (isTaskNotOpen(err)) throw operationRefused('WITHDRAW_TOO_LATE', c.locale);
    throw explainRefusal(err, c.locale);
  }
  return (await newestOpenTask(c.deps.db.knex, done.instance_id, done.element_id))!;
}

/** 转办: the task goes to another person or department; its deadline keeps running. */
export async function transferTask(
  c: Caller,
  taskId: string,
  input: { toUser?: string; toGroup?: string; reason: string },
): Promise<TaskRow> {
  const task = await workableTask(c, taskId);
  const { ops } = await stepOf(c.deps, task);
  if (!ops.transfer) throw operationRefused('TRANSFER_NOT_ALLOWED', c.locale);
  if (delegationOf(task)) throw operationRefused('TASK_DELEGATED', c.locale);
  if (!input.toUser === !input.toGroup) throw operationRefused('RECIPIENT_REQUIRED', c.locale);
  const now = c.deps.clock.now();
  await c.deps.db.knex.transaction(async (trx) => {
    if (input.toUser) {
      await requireUser(trx, c, input.toUser);
      await guardedUpdate(trx, c, task, { assignee: input.toUser });
    } else {
      await requireGroup(trx, c, input.toGroup!);
      await guardedUpdate(trx, c, task, {
        assignee: null,
        candidate_groups: JSON.stringify([input.toGroup]),
        candidate_users: '[]',
      });
      await replaceTaskCandidates(trx, task, [input.toGroup!], []);
    }
    const to = input.toUser ? { toUser: input.toUser } : { toGroup: input.toGroup };
    await appendHistory(trx, task.instance_id, now, c.principal.username, [
      {
        type: 'taskTransferred',
        elementId: task.element_id,
        data: { taskId: task.id, from: task.assignee, ...to, reason: input.reason },
      },
    ]);
    const recipient: Recipient = input.toUser
      ? { kind: 'user', id: input.toUser }
      : { kind: 'group', id: input.toGroup! };
    await notify(
      trx,
      notice(task, 'transferred', `转办：${task.name ?? '待办任务'}`, input.reason, [recipient]),
      [],
      now,
    );
  });
  return (await findTask(c.deps.db.knex, task.id))!;
}

/**
 * 离岗代理 hand-over: an open task of a person who is away goes to their proxy by 转办's path (the
 * update guarded by what was read, a history event, a notice), though the step need not allow 转办:
 * standing in is not the handler's choice. False when the task changed meanwhile (it stays).
 */
export async function handOverTask(
  deps: Deps,
  actor: string,
  task: TaskRow,
  handover: { toUser: string; leaveProxyId: number; reason: string },
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.knex.transaction(async (trx) => {
    if (!(await updateOpenTaskIfUnchanged(trx, task, { assignee: handover.toUser }))) return false;
    await appendHistory(trx, task.instance_id, now, actor, [
      {
        type: 'taskProxied',
        elementId: task.element_id,
        data: {
          taskId: task.id,
          from: task.assignee,
          toUser: handover.toUser,
          leaveProxyId: handover.leaveProxyId,
          reason: handover.reason,
        },
      },
    ]);
    await notify(
      trx,
      notice(task, 'transferred', `离岗代理：${task.name ?? '待办任务'}`, handover.reason, [
        { kind: 'user', id: handover.toUser },
      ]),
      [],
      now,
    );
    return true;
  });
}

/** 委派: a colleague works the task and hands it back; the delegator completes it. */
export async function delegateTask(
  c: Caller,
  taskId: string,
  input: { toUser: string; reason: string },
): Promise<TaskRow> {
  const task = await workableTask(c, taskId);
  const { ops } = await stepOf(c.deps, task);
  if (!ops.delegate || delegationOf(task)) throw operationRefused('DELEGATE_NOT_ALLOWED', c.locale);
  const now = c.deps.clock.now();
  await c.deps.db.knex.transaction(async (trx) => {
    await requireUser(trx, c, input.toUser);
    const delegation: Delegation = {
      owner: task.assignee ?? c.principal.username,
      delegate: input.toUser,
      reason: input.reason,
    };
    await guardedUpdate(trx, c, task, { assignee: input.toUser, details: withDetails(task, { delegation }) });
    await appendHistory(trx, task.instance_id, now, c.principal.username, [
      { type: 'taskDelegated', elementId: task.element_id, data: { taskId: task.id, ...delegation } },
    ]);
    await notify(
      trx,
      notice(task, 'delegated', `委派：${task.name ?? '待办任务'}`, input.reason, [{ kind: 'user', id: input.toUser }]),
      [],
      now,
    );
  });
  return (await findTask(c.deps.db.knex, task.id))!;
}

/** 委派办毕: the delegate hands the task back to the delegator. */
export async function resolveTask(c: Caller, taskId: string, input: { note?: string }): Promise<TaskRow> {
  const task = await workableTask(c, taskId);
  const delegation = delegationOf(task);
  if (!delegation || delegation.delegate !== c.principal.username) throw operationRefused('NOT_DELEGATED', c.locale);
  const now = c.deps.clock.now();
  await c.deps.db.knex.transaction(async (trx) => {
    await guardedUpdate(trx, c, task, {
      assignee: delegation.owner,
      details: withDetails(task, { delegation: undefined }),
    });
    await appendHistory(trx, task.instance_id, now, c.principal.username, [
      {
        type: 'taskResolved',
        elementId: task.element_id,
        data: { taskId: task.id, owner: delegation.owner, note: input.note ?? '' },
      },
    ]);
    await notify(
      trx,
      notice(task, 'resolved', `委派已办毕：${task.name ?? '待办任务'}`, input.note ?? '', [
        { kind: 'user', id: delegation.owner },
      ]),
      [],
      now,
    );
  });
  return (await findTask(c.deps.db.knex, task.id))!;
}

/** 抄送: recipients get a notice and read access to the case (`case_cc`, read by `isCcRecipient`). */
export async function ccTask(
  c: Caller,
  taskId: string,
  input: { users?: string[]; groups?: string[]; note?: string },
): Promise<{ recipients: Recipient[] }> {
  const task = await visibleTask(c.deps, c.principal, taskId);
  const recipients: Recipient[] = [
    ...(input.users ?? []).map((id) => ({ kind: 'user' as const, id })),
    ...(input.groups ?? []).map((id) => ({ kind: 'group' as const, id })),
  ];
  if (recipients.length === 0) throw operationRefused('RECIPIENT_REQUIRED', c.locale);
  const now = c.deps.clock.now();
  await c.deps.db.knex.transaction(async (trx) => {
    for (const r of recipients) await (r.kind === 'user' ? requireUser(trx, c, r.id) : requireGroup(trx, c, r.id));
    await trx('case_cc').insert(
      recipients.map((r) => ({
        instance_id: task.instance_id,
        tenant_id: task.tenant_id,
        task_id: task.id,
        recipient_kind: r.kind,
        recipient: r.id,
        note: input.note ?? null,
        created_by: c.principal.username,
        created_at: now,
      })),
    );
    await appendHistory(trx, task.instance_id, now, c.principal.username, [
      { type: 'caseCopied', elementId: task.element_id, data: { taskId: task.id, recipients, note: input.note ?? '' } },
    ]);
    await notify(trx, notice(task, 'cc', `抄送：${task.name ?? '案件'}`, input.note ?? '', recipients), [], now);
  });
  return { recipients };
}

/** Whether `user` (or one of their groups) was sent a copy of the case (抄送): they may read it. */
export async function isCcRecipient(
  db: Knex,
  caseId: string,
  user: { username: string; groups: string[] },
): Promise<boolean> {
  const row = await db('case_cc')
    .where('instance_id', caseId)
    .andWhere((w) => {
      w.where({ recipient_kind: 'user', recipient: user.username });
      if (user.groups.length > 0)
        w.orWhere((g) => g.where('recipient_kind', 'group').whereIn('recipient', user.groups));
    })
    .first('id');
  return row !== undefined;
}

/** The operations the task page offers the caller on this task now. */
export async function allowedOperations(deps: Deps, principal: Principal, task: TaskRow): Promise<TaskOperation[]> {
  const allowed: TaskOperation[] = [];
  if (task.status === 'completed') {
    if (task.completed_by === principal.username && (await untouchedSuccessor(deps.db.knex, task))) {
      const { ops } = await stepOf(deps, task);
      if (ops.withdraw) allowed.push('withdraw');
    }
    return allowed;
  }
  if (task.status !== 'open') return allowed;
  const oversees = hasRole(principal, 'tenant-admin', 'supervisor');
  // 中止计时 / 恢复计时 (the deadlines API) belong to supervisors on a task with a deadline.
  const clock: TaskOperation[] = !oversees ? [] : task.paused_at ? ['resume'] : task.due_at ? ['pause'] : [];
  const canWork = isCandidate(principal, task) || hasRole(principal, 'tenant-admin');
  if (!canWork) return hasRole(principal, 'supervisor') ? ['cc', 'cancel', ...clock] : [];
  const { ops, instance } = await stepOf(deps, task);
  const delegation = delegationOf(task);
  if (delegation) return delegation.delegate === principal.username ? ['resolve', 'cc'] : ['cc'];
  if (ops.returnTargets.length > 0 && (await previousStep(deps.db.knex, task, ops.returnTargets)))
    allowed.push('return');
  if (ops.refuse && ops.refuseTo && !refusedBefore(instance, task)) allowed.push('refuse');
  if (ops.transfer) allowed.push('transfer');
  if (ops.delegate) allowed.push('delegate');
  allowed.push('cc');
  if (oversees) allowed.push('cancel', ...clock);
  return allowed;
}

/** What the task page shows about operations: what the caller may do, a delegation, why the task came back. */
export async function operationsView(deps: Deps, principal: Principal, task: TaskRow, locale: Locale) {
  const delegation = delegationOf(task);
  // The task page names the delegator and the delegate as people know them, never by account.
  const name = delegation
    ? await actorNames(deps.db.knex, [delegation.owner, delegation.delegate], locale)
    : (actor: string | null) => actor;
  return {
    allowedOperations: await allowedOperations(deps, principal, task),
    delegation: delegation
      ? { ...delegation, ownerName: name(delegation.owner)!, delegateName: name(delegation.delegate)! }
      : null,
    sentBack: task.status === 'open' ? await sentBackReason(deps.db.knex, task) : null,
  };
}

/** Why a task was sent back here (退回/退单/撤回), for the task page: the latest such event that created it. */
export async function sentBackReason(
  db: Knex,
  task: TaskRow,
): Promise<{
  kind: 'returned' | 'refused' | 'withdrawn';
  reason: string;
  by: string | null;
  from: string | null;
  at: string;
} | null> {
  const kinds = { taskReturned: 'returned', taskRefused: 'refused', taskWithdrawn: 'withdrawn' } as const;
  const events = await readHistory(db, task.instance_id);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const data = (e.data ?? {}) as { to?: string; reason?: string };
    if (e.type in kinds && data.to === task.element_id && e.at === task.created_at) {
      return {
        kind: kinds[e.type as keyof typeof kinds],
        reason: data.reason ?? '',
        by: e.actor,
        from: e.elementId,
        at: e.at,
      };
    }
  }
  return null;
}

/** The delegation in a task's details, if any (委派中). */
export function delegationOf(task: TaskRow): Delegation | undefined {
  const details = task.details ? (JSON.parse(task.details) as { delegation?: Delegation }) : {};
  return details.delegation;
}

/** Completing a delegated task is the delegator's, after the delegate resolved it. */
export function requireNotDelegated(task: TaskRow, locale: Locale): void {
  if (delegationOf(task)) throw operationRefused('TASK_DELEGATED', locale);
}

type SendBackCommand =
  | { type: 'returnTask'; targetElementId: string; reason: string }
  | { type: 'refuseTask'; department: string; reason: string };

async function sendBack(
  c: Caller,
  task: TaskRow,
  command: SendBackCommand,
  target: string,
  kind: 'returned' | 'refused',
  reason: string,
): Promise<TaskRow> {
  try {
    await c.deps.commands.transact(async (unit) => {
      const { instanceId, localId } = await unit.requireOpenTask(task.id);
      await unit.execute(instanceId, { ...command, taskId: localId }, c.principal.username);
      await noticeNewTask(unit, c, task.instance_id, target, kind, reason);
    });
  } catch (err) {
    throw explainRefusal(err, c.locale);
  }
  return (await newestOpenTask(c.deps.db.knex, task.instance_id, target))!;
}

/** Tells the handlers of the task a send-back created, in the same transaction. */
async function noticeNewTask(
  unit: UnitOfWork,
  c: Caller,
  instanceId: string,
  elementId: string,
  kind: 'returned' | 'refused' | 'withdrawn',
  reason: string,
): Promise<void> {
  const knex = await unit.knex();
  const created = await newestOpenTask(knex, instanceId, elementId);
  if (!created) return;
  const verb = { returned: '退回', refused: '退单', withdrawn: '撤回' }[kind];
  await notify(
    knex,
    notice(created, kind, `${verb}：${created.name ?? '待办任务'}`, reason, handlerRecipients(created)),
    [],
    unit.now,
  );
}

function notice(
  task: TaskRow,
  kind: Parameters<typeof notify>[1]['kind'],
  subject: string,
  body: string,
  recipients: Recipient[],
): Parameters<typeof notify>[1] {
  return {
    tenant: task.tenant_id,
    instanceId: task.instance_id,
    taskId: task.id,
    kind,
    subject,
    ...(body ? { body } : {}),
    recipients,
  };
}

async function newestOpenTask(db: Knex, instanceId: string, elementId: string): Promise<TaskRow | undefined> {
  return (await db('tasks')
    .where({ instance_id: instanceId, element_id: elementId, status: 'open' })
    .orderBy('created_at', 'desc')
    .first()) as TaskRow | undefined;
}

/** An open task the caller may work on; delegated tasks only by their delegate. */
async function workableTask(c: Caller, taskId: string): Promise<TaskRow> {
  const task = await actionableTask(c.deps, c.principal, taskId);
  if (task.assignee && task.assignee !== c.principal.username && !hasRole(c.principal, 'tenant-admin')) {
    throw conflict(
      'TASK_CLAIMED_BY_OTHER',
      c.locale === 'zh-CN'
        ? `任务已由 ${task.assignee} 签收，只有签收人可以处理`
        : `task is claimed by ${task.assignee}`,
    );
  }
  return task;
}

async function stepOf(deps: Deps, task: TaskRow): Promise<{ ops: StepOperations; instance: InstanceRow }> {
  const instance = (await deps.db.knex('instances').where({ id: task.instance_id }).first()) as InstanceRow;
  const def = await deps.definitions.process(deps.db.knex, instance.definition_id);
  return { ops: stepOperations(def, task.element_id)!, instance };
}

/** The latest task completed before this one at one of `elements` (the path actually taken). */
async function previousStep(db: Knex, task: TaskRow, elements: string[]): Promise<TaskRow | undefined> {
  if (elements.length === 0) return undefined;
  return (await db('task_history')
    .where({ instance_id: task.instance_id, status: 'completed' })
    .whereIn('element_id', elements)
    .where('completed_at', '<=', task.created_at)
    .orderBy('completed_at', 'desc')
    .first()) as TaskRow | undefined;
}

/** The one task the completion of `done` created, if nobody has claimed or touched it since. */
async function untouchedSuccessor(db: Knex, done: TaskRow): Promise<TaskRow | undefined> {
  const next = (await db('tasks').where({
    instance_id: done.instance_id,
    created_at: done.completed_at,
    status: 'open',
  })) as TaskRow[];
  if (next.length !== 1 || next[0]!.assignee) return undefined;
  const touched = (await readHistory(db, done.instance_id)).some(
    (e) =>
      e.at > done.completed_at! ||
      ((e.data as { taskId?: string } | null)?.taskId === next[0]!.id && e.type !== 'taskCreated'),
  );
  return touched ? undefined : next[0];
}

function refusedBefore(instance: InstanceRow, task: TaskRow): boolean {
  const root = Object.values(parseState(instance).scopes).find((s) => s.parent === null);
  const refusals = (root?.vars[REFUSALS_VARIABLE] ?? []) as Refusal[];
  return (
    Array.isArray(refusals) &&
    refusals.some((r) => r.department === departmentOf(task) && r.elementId === task.element_id)
  );
}

/** The department a task was referred to: its first candidate group (else its step). */
function departmentOf(task: TaskRow): string {
  return (JSON.parse(task.candidate_groups) as string[])[0] ?? task.element_id;
}

/** Updates the task only if nobody changed its assignment since it was read (else 409 TASK_CHANGED). */
async function guardedUpdate(
  trx: Knex.Transaction,
  c: Caller,
  task: TaskRow,
  changes: Record<string, unknown>,
): Promise<void> {
  if (!(await updateOpenTaskIfUnchanged(trx, task, changes))) throw operationRefused('TASK_CHANGED', c.locale);
}

function withDetails(task: TaskRow, patch: Record<string, unknown>): string | null {
  const details = { ...(task.details ? (JSON.parse(task.details) as Record<string, unknown>) : {}), ...patch };
  for (const key of Object.keys(patch)) if (patch[key] === undefined) delete details[key];
  return Object.keys(details).length > 0 ? JSON.stringify(details) : null;
}

/** A person in the caller's tenant chain (its subtree or the tenants above it, where city departments are). */
async function requireUser(db: Knex, c: Caller, username: string): Promise<void> {
  const user = await db('users').where({ username }).first('tenant_id');
  const chain = await tenantChain(c);
  if (!user || !(c.principal.subtree.has(user.tenant_id) || chain.includes(user.tenant_id)))
    throw operationRefused('USER_NOT_FOUND', c.locale, username);
}

async function requireGroup(db: Knex, c: Caller, group: string): Promise<void> {
  const row = await db('groups').where({ id: group }).first('tenant_id');
  const chain = await tenantChain(c);
  if (!row || !(c.principal.subtree.has(row.tenant_id) || chain.includes(row.tenant_id)))
    throw operationRefused('GROUP_NOT_FOUND', c.locale, group);
}

async function tenantChain(c: Caller): Promise<string[]> {
  return c.deps.tenants.chain(c.principal.tenant);
}

function isTaskNotOpen(err: unknown): boolean {
  return (err as { code?: string }).code === 'TASK_NOT_OPEN';
}

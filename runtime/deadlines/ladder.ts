/**
 * The warning ladder (domain.md §1.6): a scanner that moves open deadlines along
 * green → yellow (automatic 催办 to the handler and their groups) → red (overdue notice to the
 * groups' leaders, marked for assessment) → supervised (a 督办单 after N working days red), and
 * marks supervision orders that go overdue themselves (listed for the monthly 通报).
 *
 * Safe with several nodes: every transition is one conditional UPDATE on the task's deadline columns
 * (`where stage = <from> and cycle = <cycle>`), and its notifications are written in the same
 * transaction only when that UPDATE changed the row, so each notice is written exactly once;
 * a unique (dedupe_key, recipient) index backs this up.
 */
import type { Knex } from 'knex';
import { noticeMissingYear } from './calendar-watch.js';
import type { Logger } from 'pino';
import { Poller } from '../platform/poller.js';
import { CalendarError } from '../../engine/index.js';
import type { Clock } from '../platform/clock.js';
import { errorJson } from './resolution.js';
import type { Database } from '../platform/db/connection.js';
import type { DeadlineKit } from './kit.js';
import { deadlineColumns, deadlineSelect } from './deadline-columns.js';
import type { DeadlineRow, Stage, TaskLike } from './model.js';
import { dispatchDeliveries, groupLeaders, handlerRecipients, historyEvent, notify } from './notifications.js';
import { addTo } from './rules.js';
import { markLadderChecked, setTaskDeadlineColumns } from '../store/task-row.js';
import { createSupervisionOrder, localText, type OrderRow } from './service.js';

export interface LadderOptions {
  pollMs?: number;
  batch?: number;
  log?: Logger;
}

export class LadderScanner {
  private readonly poller: Poller;
  /** A pass in flight ends early once a stop is asked for; a pass called directly (other nodes, tests) runs whole. */
  private stopRequested = false;
  /**
   * The clock hour of the last check for next year's missing calendar: it runs when the hour
   * changes (not at start-up, so a restart does not add work to the first pass).
   */
  private calendarWatchedAt: string;

  constructor(
    private readonly db: Database,
    private readonly kit: DeadlineKit,
    private readonly clock: Clock,
    private readonly options: LadderOptions = {},
  ) {
    this.calendarWatchedAt = clock.now().slice(0, 13);
    this.poller = new Poller(() => this.runOnce(), {
      name: 'deadline ladder',
      idleMs: options.pollMs ?? 1000,
      log: options.log,
    });
  }

  start(): void {
    this.stopRequested = false;
    this.poller.start();
  }

  stop(): Promise<void> {
    this.stopRequested = true;
    return this.poller.stop();
  }

  /** One pass: deadline transitions, overdue supervision orders, channel deliveries. Returns how much it did. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const knex = this.db.knex;
    const batch = this.options.batch ?? 100;
    let done = 0;
    const due = (await knex('tasks')
      .select(deadlineSelect())
      .whereNotNull('next_check_at')
      .where('next_check_at', '<=', now)
      .orderBy('next_check_at')
      .limit(batch)) as DeadlineRow[];
    for (const row of due) {
      if (this.stopRequested) break;
      try {
        if (await knex.transaction((trx) => this.step(trx, row, now))) done++;
      } catch (err) {
        this.options.log?.warn(
          { err, taskId: row.task_id },
          'deadline ladder step failed; it is retried on the next pass',
        );
      }
    }
    done += await this.orders(now, batch);
    if (now.slice(0, 13) !== this.calendarWatchedAt) {
      this.calendarWatchedAt = now.slice(0, 13);
      done += await noticeMissingYear(knex, this.kit, now);
    }
    done += await dispatchDeliveries(knex, this.kit.channels, now);
    return done;
  }

  /** Moves one deadline one rung; true when it changed something. */
  private async step(trx: Knex.Transaction, row: DeadlineRow, now: string): Promise<boolean> {
    const move = (from: Stage, fields: Partial<DeadlineRow>) =>
      setTaskDeadlineColumns(trx, row.task_id, deadlineColumns(fields), {
        stage: from,
        cycle: row.cycle,
        paused_at: null,
      });
    // Gone: the task closed (its deadline state with it) since the scan read it.
    const task = (await trx('tasks').where({ id: row.task_id }).first()) as TaskLike | undefined;
    if (!task) return false;
    if (row.paused_at) return (await markLadderChecked(trx, row.task_id, null, { cycle: row.cycle })) === 1;
    const dueAt = task.due_at;
    const warnAt = task.warn_at ?? null;
    const overdue = dueAt !== null && now > dueAt;

    if ((row.stage === 'green' || row.stage === 'yellow') && overdue) return this.red(trx, row, task, now, move);
    if (row.stage === 'green' && warnAt && now >= warnAt) {
      if ((await move('green', { stage: 'yellow', yellow_at: now, next_check_at: dueAt })) !== 1) return false;
      const policy = await this.kit.policies.effective(trx, task.tenant_id);
      await notify(
        trx,
        {
          tenant: task.tenant_id,
          instanceId: task.instance_id,
          taskId: task.id,
          kind: 'urge',
          dedupeKey: `urge:${task.id}:${row.cycle}`,
          subject: `催办：${task.name ?? task.element_id} 即将到期`,
          body: `办结期限 ${await this.local(trx, row, dueAt!)}，请抓紧办理`,
          data: { light: 'yellow', dueAt, warnAt },
          recipients: handlerRecipients(task),
        },
        policy.channels,
        now,
      );
      await historyEvent(trx, {
        instanceId: task.instance_id,
        type: 'deadlineWarning',
        elementId: task.element_id,
        actor: 'system:ladder',
        at: now,
        data: { taskId: task.id, light: 'yellow', dueAt, warnAt },
      });
      return true;
    }
    if (row.stage === 'red' && row.escalate_at && now >= row.escalate_at) {
      if ((await move('red', { stage: 'supervised', supervised_at: now, next_check_at: null })) !== 1) return false;
      const policy = await this.kit.policies.effective(trx, task.tenant_id);
      await createSupervisionOrder(
        trx,
        this.kit,
        {
          tenant: task.tenant_id,
          instanceId: task.instance_id,
          task,
          source: 'auto',
          deadline: policy.supervisionDeadline,
          reason: `超期${policy.redDaysToSupervise}个工作日仍未办结（期限 ${await this.local(trx, row, dueAt!)}）`,
        },
        'system:ladder',
        now,
      );
      return true;
    }
    // Nothing due at this rung (the instants moved): look again when the next one comes.
    const next =
      row.stage === 'green'
        ? (warnAt ?? dueAt)
        : row.stage === 'yellow'
          ? dueAt
          : row.stage === 'red'
            ? row.escalate_at
            : null;
    if (next === row.next_check_at) return false;
    return (await markLadderChecked(trx, row.task_id, next, { cycle: row.cycle, stage: row.stage })) === 1;
  }

  private async red(
    trx: Knex.Transaction,
    row: DeadlineRow,
    task: TaskLike,
    now: string,
    move: (from: Stage, f: Partial<DeadlineRow>) => Promise<number>,
  ): Promise<boolean> {
    const policy = await this.kit.policies.effective(trx, task.tenant_id);
    const dueAt = task.due_at!;
    let escalateAt: string | null = null;
    let escalateError: Record<string, unknown> | undefined;
    try {
      const { calendar } = await this.kit.calendars.forTenant(trx, row.calendar_tenant);
      escalateAt = addTo(calendar, dueAt, { amount: policy.redDaysToSupervise, unit: 'workDay' });
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      escalateError = errorJson(err);
    }
    if (
      (await move(row.stage, { stage: 'red', red_at: dueAt, escalate_at: escalateAt, next_check_at: escalateAt })) !== 1
    )
      return false;
    const groups = JSON.parse(task.candidate_groups) as string[];
    const { leaders, leaderless } = await groupLeaders(trx, groups, policy);
    await notify(
      trx,
      {
        tenant: task.tenant_id,
        instanceId: task.instance_id,
        taskId: task.id,
        kind: 'overdue',
        dedupeKey: `overdue:${task.id}:${row.cycle}`,
        subject: `超期通知：${task.name ?? task.element_id} 已超过办结期限`,
        body: `办结期限 ${await this.local(trx, row, dueAt)} 已过，已记入考核`,
        data: { light: 'red', dueAt, assessment: true, ...(leaderless.length ? { leaderless } : {}) },
        // The leaders; a group without a leader is addressed itself (data.leaderless says so). The handler is copied.
        recipients: [
          ...leaders,
          ...leaderless.map((g) => ({ kind: 'group' as const, id: g })),
          ...handlerRecipients(task),
        ],
      },
      policy.channels,
      now,
    );
    await historyEvent(trx, {
      instanceId: task.instance_id,
      type: 'taskOverdue',
      elementId: task.element_id,
      actor: 'system:ladder',
      at: now,
      data: {
        taskId: task.id,
        light: 'red',
        dueAt,
        assessment: true,
        supervisionAt: escalateAt,
        ...(escalateError ? { supervisionError: escalateError } : {}),
      },
    });
    return true;
  }

  /** Supervision orders: closed when their task is done, marked overdue (once) when their own deadline passes. */
  private async orders(now: string, batch: number): Promise<number> {
    const knex = this.db.knex;
    const rows = (await knex('supervision_orders')
      .where({ status: 'open' })
      .whereNull('overdue_at')
      .whereNotNull('due_at')
      .where('due_at', '<', now)
      .orderBy('due_at')
      .limit(batch)) as OrderRow[];
    const ended = (await knex('supervision_orders as o')
      .join('task_history as h', 'h.id', 'o.task_id')
      .where('o.status', 'open')
      .select('o.*')
      .limit(batch)) as OrderRow[];
    let done = 0;
    for (const order of ended) {
      const closed = await knex.transaction(async (trx) => {
        if (
          (await trx('supervision_orders').where({ id: order.id, status: 'open' }).update({
            status: 'closed',
            closed_at: now,
            closed_by: 'system:ladder',
            resolution: '被督办事项已办结',
          })) !== 1
        )
          return false;
        await historyEvent(trx, {
          instanceId: order.instance_id,
          type: 'supervisionClosed',
          elementId: order.element_id,
          actor: 'system:ladder',
          at: now,
          data: { orderId: order.id, resolution: '被督办事项已办结' },
        });
        return true;
      });
      if (closed) done++;
    }
    for (const order of rows) {
      if (ended.some((e) => e.id === order.id)) continue;
      try {
        const marked = await knex.transaction(async (trx) => {
          if (
            (await trx('supervision_orders')
              .where({ id: order.id, status: 'open' })
              .whereNull('overdue_at')
              .update({ overdue_at: now })) !== 1
          )
            return false;
          const policy = await this.kit.policies.effective(trx, order.tenant_id);
          const target = JSON.parse(order.target) as { groups?: string[] };
          const { leaders } = await groupLeaders(trx, target.groups ?? [], policy);
          await notify(
            trx,
            {
              tenant: order.tenant_id,
              instanceId: order.instance_id,
              orderId: order.id,
              kind: 'supervision-overdue',
              dedupeKey: `order-overdue:${order.id}`,
              ...(order.task_id ? { taskId: order.task_id } : {}),
              subject: '督办单超期',
              body: `督办单（${order.reason}）已超过督办期限 ${order.due_at}，列入本月通报`,
              data: { dueAt: order.due_at, circular: now.slice(0, 7) },
              recipients: [...(order.owner ? [{ kind: 'user' as const, id: order.owner }] : []), ...leaders],
            },
            policy.channels,
            now,
          );
          await historyEvent(trx, {
            instanceId: order.instance_id,
            type: 'supervisionOverdue',
            elementId: order.element_id,
            actor: 'system:ladder',
            at: now,
            data: { orderId: order.id, dueAt: order.due_at },
          });
          return true;
        });
        if (marked) done++;
      } catch (err) {
        this.options.log?.warn({ err, orderId: order.id }, 'supervision order check failed; retried on the next pass');
      }
    }
    return done;
  }

  private async local(trx: Knex, row: DeadlineRow, iso: string): Promise<string> {
    return localText((await this.kit.calendars.forTenant(trx, row.calendar_tenant)).calendar, iso);
  }
}

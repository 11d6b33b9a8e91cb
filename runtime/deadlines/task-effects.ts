import type { ExecutableProcess } from '../../definitions/index.js';
import type { Effect, Env } from '../../engine/index.js';
import type { Tx } from '../platform/db/tx.js';
import { childId } from '../platform/ids.js';
import type { DeadlineState } from './deadline-columns.js';
import type { DeadlineKit } from './kit.js';
import { deadlineCheck } from './provisional.js';
import {
  businessCalendar,
  holdTimersUntilClaim,
  resolveTaskDeadline,
  storedDetails,
  timerHeaders,
  type TaskDeadline,
} from './resolution.js';

type CreateTask = Extract<Effect, { type: 'createTask' }>;
type ScheduleTimer = Extract<Effect, { type: 'scheduleTimer' }>;

/** The deadline columns of a task row the unit of work is about to write. */
export interface TaskRowDeadline {
  dueAt: string | null;
  warnAt: string | null;
  /** The row's `details`: what its deadline columns do not already say. */
  details: string | null;
  /** The deadline state columns, when the task has a deadline. */
  state?: DeadlineState;
}

/** What the deadline feature decided about one engine run's effects. */
export interface EffectDeadlines {
  /** The deadline of the task a `createTask` effect creates. */
  task(effect: CreateTask): TaskRowDeadline;
  /** The job `headers` of a `scheduleTimer` effect (a working-unit timer's counting segment), or null. */
  timerHeaders(effect: ScheduleTimer): string | null;
  /** Once the effects' rows are written, in the same transaction: a task whose clock starts at its claim holds its working-unit timers until then. */
  written(): Promise<void>;
}

/**
 * The one call the unit of work makes into the deadline feature for a run's effects: every task
 * deadline and timer segment is resolved here (tenant calendar, policy, claim start), so the
 * command path only writes the rows it is given.
 */
export async function onTaskEffects(
  tx: Tx,
  kit: DeadlineKit | undefined,
  instance: { id: string; tenant_id: string },
  effects: readonly Effect[],
  now: string,
): Promise<EffectDeadlines> {
  const tasks = new Map<CreateTask, TaskDeadline>();
  const timers = new Map<ScheduleTimer, string | null>();
  for (const e of effects) {
    if (e.type === 'createTask') tasks.set(e, await resolveTaskDeadline(tx, kit, instance.tenant_id, e, now));
    else if (e.type === 'scheduleTimer') timers.set(e, await timerHeaders(tx, kit, instance.tenant_id, e, now));
  }
  return {
    task(effect) {
      const d = tasks.get(effect)!;
      return { dueAt: d.dueAt, warnAt: d.warnAt, details: storedDetails(d), ...(d.state ? { state: d.state } : {}) };
    },
    timerHeaders: (effect) => timers.get(effect) ?? null,
    async written() {
      for (const [effect, deadline] of tasks)
        await holdTimersUntilClaim(tx, kit, childId(instance.id, effect.taskId), deadline, now);
    },
  };
}

/**
 * What an engine run needs from the deadline feature: the tenant's calendars for working-unit
 * timers, and the policy check on provisional deadlines. Empty when the process has neither.
 */
export async function deadlineEnv(
  tx: Tx,
  kit: DeadlineKit | undefined,
  tenant: string,
  def: ExecutableProcess,
): Promise<Pick<Env, 'calendar' | 'checkDeadline'>> {
  const env: Pick<Env, 'calendar' | 'checkDeadline'> = {};
  const calendar = await businessCalendar(tx, kit, tenant, def);
  if (calendar) env.calendar = calendar;
  const checkDeadline = await deadlineCheck(tx, kit, tenant, def);
  if (checkDeadline) env.checkDeadline = checkDeadline;
  return env;
}

import type { DurationUnit } from '../../engine/index.js';
import type { TaskRow } from '../store/task-row.js';

/** A deadline's rung. (The ladder used to mark rows of closed tasks 'closed'; since migration 004 such rows go with their task.) */
export type Stage = 'green' | 'yellow' | 'red' | 'supervised';

/**
 * The counting state of one task's deadline: columns of the task's `tasks` row (migration 006),
 * some under other names (see deadline-columns.ts).
 */
export interface DeadlineRow {
  task_id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  calendar_tenant: string;
  spec: string | null;
  unit: DurationUnit;
  amount: number;
  warn_left: string;
  start_mode: 'created' | 'claimed';
  started_at: string | null;
  seg_start: string | null;
  seg_amount: number | null;
  paused_at: string | null;
  pause_reason: string | null;
  cycle: number;
  stage: Stage;
  next_check_at: string | null;
  yellow_at: string | null;
  red_at: string | null;
  escalate_at: string | null;
  supervised_at: string | null;
  error: string | null;
  /** The years without a loaded schedule this deadline was counted across ("2027"), null when none. */
  provisional: string | null;
}

/** The deadline metadata of a working-unit timer job (kept in `jobs.headers`). */
export interface TimerDeadline {
  /** The definition's text, e.g. "3 workDay". */
  duration: string;
  calendarTenant: string;
  /** The current counting segment: the timer is due at segStart + segAmount (unit of `duration`). */
  segStart: string;
  segAmount: number;
  unit: DurationUnit;
  pausedAt?: string;
  /** The due instant was counted across a year without a loaded schedule (those years). */
  provisional?: number[];
}

/** `jobs.due_at` of a paused timer: never acquired until the clock resumes. */
export const PAUSED_DUE_AT = '9999-12-31T23:59:59.999Z';

/** The columns of a `tasks` row that deadlines read. */
export type TaskLike = Pick<
  TaskRow,
  | 'id'
  | 'instance_id'
  | 'tenant_id'
  | 'element_id'
  | 'name'
  | 'status'
  | 'assignee'
  | 'candidate_groups'
  | 'candidate_users'
  | 'due_at'
  | 'warn_at'
  | 'paused_at'
  | 'extension_count'
>;

import type { DeadlineRow } from './model.js';

/**
 * A task's deadline state lives in its own `tasks` row (migration 006). `DeadlineRow` is the view
 * of those columns the deadline code works with; this module is the one place that maps its
 * fields to the columns. Fields whose column has another name: task_id (id) and spec, unit,
 * amount, error (deadline_*). A task has a deadline when its `stage` is not null.
 */
const COLUMN_OF: Partial<Record<keyof DeadlineRow, string>> = {
  task_id: 'id',
  spec: 'deadline_spec',
  unit: 'deadline_unit',
  amount: 'deadline_amount',
  error: 'deadline_error',
  provisional: 'deadline_provisional',
};

/** The deadline state of a task (what a new task's row gains when it has a deadline). */
export const DEADLINE_STATE_FIELDS = [
  'calendar_tenant',
  'spec',
  'unit',
  'amount',
  'warn_left',
  'start_mode',
  'started_at',
  'seg_start',
  'seg_amount',
  'paused_at',
  'pause_reason',
  'cycle',
  'stage',
  'next_check_at',
  'yellow_at',
  'red_at',
  'escalate_at',
  'supervised_at',
  'error',
  'provisional',
] as const satisfies ReadonlyArray<keyof DeadlineRow>;
export type DeadlineState = Pick<DeadlineRow, (typeof DEADLINE_STATE_FIELDS)[number]>;

const ROW_FIELDS = [
  'task_id',
  'instance_id',
  'tenant_id',
  'element_id',
  ...DEADLINE_STATE_FIELDS,
] as const satisfies ReadonlyArray<keyof DeadlineRow>;

/** The `tasks` column of a `DeadlineRow` field. */
export function columnOf(field: keyof DeadlineRow): string {
  return COLUMN_OF[field] ?? field;
}

/** The `tasks` columns of `DEADLINE_STATE_FIELDS`, in that order. */
export const DEADLINE_STATE_COLUMNS: readonly string[] = DEADLINE_STATE_FIELDS.map(columnOf);

/** The `tasks` column that says whether a task has a deadline (not null). */
export const HAS_DEADLINE = 'stage';

/** A select list that reads a `DeadlineRow` from `tasks` (aliased `table`, when given). */
export function deadlineSelect(table?: string): string[] {
  const prefix = table ? `${table}.` : '';
  return ROW_FIELDS.map((f) => (columnOf(f) === f ? `${prefix}${f}` : `${prefix}${columnOf(f)} as ${f}`));
}

/** `DeadlineRow` fields as `tasks` column values (for an update). */
export function deadlineColumns(fields: Partial<DeadlineRow>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [columnOf(field as keyof DeadlineRow), value]),
  );
}

import type { Knex } from 'knex';

/**
 * A task's deadline state moves from its own `task_deadlines` row into the task's `tasks` row:
 * one row (and one set of B-trees) per open task instead of two, written by the task's insert and
 * gone with its delete. Columns keep their names but spec, unit, amount and error (now
 * deadline_*); `stage` is null when the task has no deadline. `tasks.paused_at` (migration 002)
 * was always written together with the deadline's `paused_at` and now is that column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.string('calendar_tenant', 64).nullable();
    t.string('deadline_spec', 100).nullable();
    t.string('deadline_unit', 16).nullable();
    t.float('deadline_amount').nullable();
    t.string('warn_left', 40).nullable();
    t.string('start_mode', 8).nullable();
    t.string('started_at', 32).nullable();
    t.string('seg_start', 32).nullable();
    t.float('seg_amount').nullable();
    t.string('pause_reason', 500).nullable();
    t.integer('cycle').notNullable().defaultTo(0);
    t.string('stage', 12).nullable();
    t.string('next_check_at', 32).nullable();
    t.string('yellow_at', 32).nullable();
    t.string('red_at', 32).nullable();
    t.string('escalate_at', 32).nullable();
    t.string('supervised_at', 32).nullable();
    t.text('deadline_error').nullable();
  });
  const assignments = MOVED.map(
    ([task, row]) => `${task} = (select d.${row} from task_deadlines d where d.task_id = tasks.id)`,
  ).join(', ');
  await knex.raw(`update tasks set ${assignments} where id in (select task_id from task_deadlines)`);
  await knex.schema.dropTable('task_deadlines');
  await knex.raw('create index tasks_deadline_check on tasks (next_check_at) where next_check_at is not null');
  await knex.raw('create index tasks_red on tasks (tenant_id, red_at) where red_at is not null');
}

/** [tasks column, task_deadlines column] of the deadline state. */
const MOVED = [
  ['calendar_tenant', 'calendar_tenant'],
  ['deadline_spec', 'spec'],
  ['deadline_unit', 'unit'],
  ['deadline_amount', 'amount'],
  ['warn_left', 'warn_left'],
  ['start_mode', 'start_mode'],
  ['started_at', 'started_at'],
  ['seg_start', 'seg_start'],
  ['seg_amount', 'seg_amount'],
  ['paused_at', 'paused_at'],
  ['pause_reason', 'pause_reason'],
  ['cycle', 'cycle'],
  ['stage', 'stage'],
  ['next_check_at', 'next_check_at'],
  ['yellow_at', 'yellow_at'],
  ['red_at', 'red_at'],
  ['escalate_at', 'escalate_at'],
  ['supervised_at', 'supervised_at'],
  ['deadline_error', 'error'],
] as const;

/** Recreates `task_deadlines` (as migrations 002 and 003 left it) from the tasks that have a deadline, and drops the tasks columns. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('task_deadlines', (t) => {
    t.string('task_id', 60).primary().references('tasks.id');
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('calendar_tenant', 64).notNullable();
    t.string('spec', 100).nullable();
    t.string('unit', 16).notNullable();
    t.float('amount').notNullable();
    t.string('warn_left', 40).notNullable();
    t.string('start_mode', 8).notNullable();
    t.string('started_at', 32).nullable();
    t.string('seg_start', 32).nullable();
    t.float('seg_amount').nullable();
    t.string('paused_at', 32).nullable();
    t.string('pause_reason', 500).nullable();
    t.integer('cycle').notNullable().defaultTo(0);
    t.string('stage', 12).notNullable().defaultTo('green');
    t.string('next_check_at', 32).nullable();
    t.string('yellow_at', 32).nullable();
    t.string('red_at', 32).nullable();
    t.string('escalate_at', 32).nullable();
    t.string('supervised_at', 32).nullable();
    t.text('error').nullable();
  });
  await knex.raw(
    `insert into task_deadlines (task_id, instance_id, tenant_id, element_id, ${MOVED.map(([, row]) => row).join(', ')}) ` +
      `select id, instance_id, tenant_id, element_id, ${MOVED.map(([task]) => task).join(', ')} from tasks where stage is not null`,
  );
  await knex.raw('create index task_deadlines_check on task_deadlines (next_check_at) where next_check_at is not null');
  await knex.raw('create index task_deadlines_red on task_deadlines (tenant_id, red_at) where red_at is not null');
  await knex.raw('drop index tasks_deadline_check');
  await knex.raw('drop index tasks_red');
  // paused_at stays (migration 002 added it to tasks). Plain DROP COLUMN: SQLite (3.35+) drops an unindexed column in place, where knex would rebuild the table.
  for (const [column] of MOVED) if (column !== 'paused_at') await knex.raw(`alter table tasks drop column ${column}`);
}

import type { Knex } from 'knex';

/**
 * Deadlines (issue 4): per-tenant calendar data, deadline policies, the deadline state of
 * each task, the warning ladder, urging, supervision orders, extensions and notification
 * deliveries. Columns added to `tasks`, `memberships` and `notifications` are nullable or
 * defaulted, so rows written before this migration stay valid.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_overrides', (t) => {
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('date', 10).notNullable(); // YYYY-MM-DD
    t.string('kind', 8).notNullable(); // workday | holiday
    t.string('name', 100).nullable();
    t.string('updated_by', 64).nullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['tenant_id', 'date']);
  });
  await knex.schema.createTable('calendar_years', (t) => {
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.integer('year').notNullable();
    t.text('holidays').notNullable(); // JSON { date: name }
    t.text('makeup_workdays').notNullable(); // JSON { date: name }
    t.string('source', 500).nullable();
    t.string('updated_by', 64).nullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['tenant_id', 'year']);
  });
  await knex.schema.createTable('deadline_policies', (t) => {
    t.string('tenant_id', 64).primary().references('tenants.id');
    t.text('policy').notNullable(); // JSON, merged down the tenant chain
    t.string('updated_by', 64).nullable();
    t.string('updated_at', 32).notNullable();
  });

  await knex.schema.alterTable('tasks', (t) => {
    t.string('warn_at', 32).nullable();
    t.string('paused_at', 32).nullable();
    t.integer('extension_count').notNullable().defaultTo(0);
    t.index(['tenant_id', 'status', 'due_at']);
  });
  await knex.schema.createTable('task_deadlines', (t) => {
    t.string('task_id', 60).primary().references('tasks.id');
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('calendar_tenant', 64).notNullable(); // whose calendar counts (the task's tenant unless civic:deadline calendar= names an ancestor)
    t.string('spec', 100).nullable(); // the definition's text, e.g. "5 workDay"
    t.string('unit', 16).notNullable();
    t.float('amount').notNullable();
    t.string('warn_left', 40).notNullable(); // "1 workDay": yellow when this much is left
    t.string('start_mode', 8).notNullable(); // created | claimed
    t.string('started_at', 32).nullable(); // null until the clock starts (claim)
    t.string('seg_start', 32).nullable(); // the current counting segment: due = seg_start + seg_amount
    t.float('seg_amount').nullable();
    t.string('paused_at', 32).nullable();
    t.string('pause_reason', 500).nullable();
    t.integer('cycle').notNullable().defaultTo(0); // bumped by extension and resume: the ladder starts over
    t.string('stage', 12).notNullable().defaultTo('green'); // green | yellow | red | supervised | closed
    t.string('next_check_at', 32).nullable(); // when the ladder must look again; null = nothing pending
    t.string('yellow_at', 32).nullable();
    t.string('red_at', 32).nullable();
    t.string('escalate_at', 32).nullable();
    t.string('supervised_at', 32).nullable();
    t.text('error').nullable(); // JSON: why no due instant could be computed
    t.index(['next_check_at']);
    t.index(['tenant_id', 'red_at']);
  });

  await knex.schema.alterTable('memberships', (t) => {
    t.boolean('leader').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('notifications', (t) => {
    t.string('kind', 24).nullable(); // urge | overdue | supervision | supervision-overdue | manual-urge | extension | notify
    t.string('task_id', 60).nullable();
    t.string('order_id', 40).nullable();
    t.string('urge_id', 40).nullable();
    t.text('data').nullable();
    t.string('dedupe_key', 120).nullable();
    t.string('read_by', 64).nullable();
    t.unique(['dedupe_key', 'recipient_kind', 'recipient']);
    t.index(['task_id']);
  });
  await knex.schema.createTable('notification_deliveries', (t) => {
    t.increments('id').primary();
    t.integer('notification_id').notNullable();
    t.string('channel', 16).notNullable(); // sms | wechat | …
    t.string('status', 16).notNullable(); // pending | delivering | recorded | sent | failed
    t.text('detail').nullable();
    t.string('created_at', 32).notNullable();
    t.string('attempted_at', 32).nullable();
    t.index(['status', 'id']);
    t.index(['notification_id']);
  });

  await knex.schema.createTable('task_urges', (t) => {
    t.string('id', 40).primary();
    t.string('task_id', 60).notNullable();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.integer('seq').notNullable(); // the n-th manual urge of this task
    t.string('urged_by', 64).notNullable();
    t.text('message').nullable();
    t.string('created_at', 32).notNullable();
    t.unique(['task_id', 'seq']);
  });
  await knex.schema.createTable('extension_requests', (t) => {
    t.string('id', 40).primary();
    t.string('task_id', 60).notNullable();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('requested_by', 64).notNullable();
    t.text('reason').notNullable();
    t.string('previous_due_at', 32).notNullable();
    t.string('requested_due_at', 32).notNullable();
    t.string('extend_by', 40).notNullable(); // the working time added, e.g. "3 workDay"
    t.string('status', 12).notNullable(); // pending | approved | rejected
    t.string('decided_by', 64).nullable();
    t.string('decided_at', 32).nullable();
    t.text('decision_note').nullable();
    t.string('new_due_at', 32).nullable();
    t.string('created_at', 32).notNullable();
    t.index(['task_id']);
    t.index(['tenant_id', 'status']);
  });
  await knex.schema.createTable('supervision_orders', (t) => {
    t.string('id', 40).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('instance_id', 40).notNullable();
    t.string('task_id', 60).nullable();
    t.string('element_id', 128).nullable();
    t.string('source', 8).notNullable(); // auto | manual
    t.string('owner', 64).nullable(); // who supervises (督办人)
    t.text('target').notNullable(); // JSON { assignee, groups }
    t.text('reason').notNullable();
    t.string('deadline', 40).notNullable(); // e.g. "3 workDay"
    t.string('due_at', 32).nullable();
    t.string('status', 12).notNullable(); // open | closed
    t.string('created_by', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('closed_at', 32).nullable();
    t.string('closed_by', 64).nullable();
    t.text('resolution').nullable();
    t.string('overdue_at', 32).nullable(); // set once when the order itself goes overdue (→ 通报)
    t.index(['instance_id']);
    t.index(['status', 'due_at']);
    t.index(['tenant_id', 'overdue_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'supervision_orders',
    'extension_requests',
    'task_urges',
    'notification_deliveries',
    'task_deadlines',
    'deadline_policies',
    'calendar_years',
    'calendar_overrides',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('notifications', (t) => {
    t.dropUnique(['dedupe_key', 'recipient_kind', 'recipient']);
    t.dropIndex(['task_id']);
    t.dropColumns('kind', 'task_id', 'order_id', 'urge_id', 'data', 'dedupe_key', 'read_by');
  });
  await knex.schema.alterTable('memberships', (t) => t.dropColumn('leader'));
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex(['tenant_id', 'status', 'due_at']);
    t.dropColumns('warn_at', 'paused_at', 'extension_count');
  });
}

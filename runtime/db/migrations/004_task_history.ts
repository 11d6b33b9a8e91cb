import type { Knex } from 'knex';

/**
 * Runtime tables hold what running cases need; history tables what they did (the split Camunda
 * and Flowable make between ACT_RU_* and ACT_HI_*). A task that ends leaves `tasks` (and its
 * `task_deadlines` and `task_candidates` rows) for `task_history`, with how its deadline went.
 * So `tasks` is the open work, small and hot; closed tasks are an append-only table. (`tasks`
 * keeps its `status`, `completed_at` and `completed_by` columns: always open / null now.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('task_history', (t) => {
    t.string('id', 60).primary();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('name', 200).nullable();
    t.string('status', 16).notNullable(); // completed | cancelled
    t.string('assignee', 64).nullable();
    t.text('candidate_groups').notNullable();
    t.text('candidate_users').notNullable();
    t.string('due_at', 32).nullable();
    t.string('warn_at', 32).nullable();
    t.string('follow_up_at', 32).nullable();
    t.integer('priority').notNullable();
    t.string('form_key', 128).nullable();
    t.text('details').nullable();
    t.integer('extension_count').notNullable().defaultTo(0);
    t.string('created_at', 32).notNullable();
    t.string('completed_at', 32).notNullable();
    t.string('completed_by', 64).nullable();
    // How its deadline went (from task_deadlines when it closed): for reports on closed work.
    t.string('deadline_stage', 12).nullable();
    t.string('yellow_at', 32).nullable();
    t.string('red_at', 32).nullable();
    t.string('supervised_at', 32).nullable();
    t.index(['instance_id']);
    t.index(['tenant_id', 'completed_at']);
    t.index(['completed_by', 'completed_at']);
  });
  await knex.raw(`create index task_history_red on task_history (tenant_id, red_at) where red_at is not null`);

  await knex.raw(`insert into task_history (${HISTORY_COLUMNS.join(', ')}) ${SELECT_CLOSED} where t.status <> 'open'`);
  await knex.raw(`delete from task_deadlines where task_id in (select id from tasks where status <> 'open')`);
  await knex.raw(`delete from task_candidates where task_id in (select id from tasks where status <> 'open')`);
  await knex.raw(`delete from tasks where status <> 'open'`);
  await knex.raw('drop index tasks_closed_tenant');

  // A timer at rest needs only its due-date entry: the instance index is for locked jobs (the
  // acquisition's "no other job of this instance is running" probe).
  await knex.schema.alterTable('jobs', (t) => t.dropIndex(['instance_id']));
  await knex.raw('create index jobs_locked_instance on jobs (instance_id) where lock_owner is not null');
}

/** task_history's columns in order, and the select that fills them from a task and its deadline row. */
const HISTORY_COLUMNS = [
  'id', 'instance_id', 'tenant_id', 'element_id', 'name', 'status', 'assignee', 'candidate_groups', 'candidate_users', 'due_at', 'warn_at', 'follow_up_at',
  'priority', 'form_key', 'details', 'extension_count', 'created_at', 'completed_at', 'completed_by', 'deadline_stage', 'yellow_at', 'red_at', 'supervised_at',
] as const;

const SELECT_CLOSED = `select t.id, t.instance_id, t.tenant_id, t.element_id, t.name, t.status, t.assignee, t.candidate_groups, t.candidate_users, t.due_at, t.warn_at,
  t.follow_up_at, t.priority, t.form_key, t.details, t.extension_count, t.created_at, coalesce(t.completed_at, t.created_at), t.completed_by,
  d.stage, d.yellow_at, d.red_at, d.supervised_at
  from tasks t left join task_deadlines d on d.task_id = t.id`;

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index jobs_locked_instance');
  await knex.schema.alterTable('jobs', (t) => t.index(['instance_id']));
  await knex.raw(`create index tasks_closed_tenant on tasks (tenant_id, completed_at) where completed_at is not null`);
  await knex.raw(`insert into tasks (id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at,
    priority, form_key, details, extension_count, created_at, completed_at, completed_by)
    select id, instance_id, tenant_id, element_id, name, status, assignee, candidate_groups, candidate_users, due_at, warn_at, follow_up_at,
    priority, form_key, details, extension_count, created_at, completed_at, completed_by from task_history`);
  await knex.schema.dropTable('task_history');
}

import type { Knex } from 'knex';

/**
 * Runtime tables hold what running cases need; history tables what they did (the split Camunda
 * and Flowable make between ACT_RU_* and ACT_HI_*). A task that ends leaves `tasks` (and its
 * `task_deadlines` and `task_candidates` rows) for `task_history`, with how its deadline went.
 * So `tasks` is the open work, small and hot; closed tasks are an append-only table. (`tasks`
 * keeps its `status`, `completed_at` and `completed_by` columns: always open / null now.)
 */
export async function up(knex: Knex): Promise<void> {
  // Raw DDL for SQLite's WITHOUT ROWID (the primary key is the table: one B-tree less per closed task).
  await knex.raw(`create table task_history (
    id varchar(60) primary key,
    instance_id varchar(40) not null,
    tenant_id varchar(64) not null,
    element_id varchar(128) not null,
    name varchar(200),
    status varchar(16) not null,
    assignee varchar(64),
    candidate_groups text not null,
    candidate_users text not null,
    due_at varchar(32),
    warn_at varchar(32),
    follow_up_at varchar(32),
    priority integer not null,
    form_key varchar(128),
    details text,
    extension_count integer not null default 0,
    created_at varchar(32) not null,
    completed_at varchar(32) not null,
    completed_by varchar(64),
    -- how its deadline went (from task_deadlines when it closed), for reports on closed work
    deadline_stage varchar(12),
    yellow_at varchar(32),
    red_at varchar(32),
    supervised_at varchar(32)
  )${knex.client.config.client === 'pg' ? '' : ' without rowid'}`);
  await knex.raw('create index task_history_instance on task_history (instance_id)');
  await knex.raw('create index task_history_tenant on task_history (tenant_id, completed_at)');
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
  'id',
  'instance_id',
  'tenant_id',
  'element_id',
  'name',
  'status',
  'assignee',
  'candidate_groups',
  'candidate_users',
  'due_at',
  'warn_at',
  'follow_up_at',
  'priority',
  'form_key',
  'details',
  'extension_count',
  'created_at',
  'completed_at',
  'completed_by',
  'deadline_stage',
  'yellow_at',
  'red_at',
  'supervised_at',
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

import type { Knex } from 'knex';

/**
 * SQLite only: `jobs` becomes a WITHOUT ROWID table (its primary key is the table), so arming or
 * removing a timer touches one B-tree fewer. PostgreSQL has no such tables; nothing changes there.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') return;
  await rebuildJobs(knex, ' without rowid');
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') return;
  await rebuildJobs(knex, '');
}

async function rebuildJobs(knex: Knex, suffix: string): Promise<void> {
  await knex.raw(`create table jobs_rebuilt (
    id varchar(60) primary key,
    kind varchar(16) not null,
    instance_id varchar(40),
    definition_id varchar(40),
    tenant_id varchar(64) not null,
    element_id varchar(128) not null,
    job_type varchar(128),
    due_at varchar(32) not null,
    lock_owner varchar(64),
    lock_expires_at varchar(32),
    retries integer not null,
    last_error text,
    headers text,
    created_at varchar(32) not null
  )${suffix}`);
  const columns =
    'id, kind, instance_id, definition_id, tenant_id, element_id, job_type, due_at, lock_owner, lock_expires_at, retries, last_error, headers, created_at';
  await knex.raw(`insert into jobs_rebuilt (${columns}) select ${columns} from jobs`);
  await knex.raw('drop table jobs');
  await knex.raw('alter table jobs_rebuilt rename to jobs');
  await knex.raw('create index jobs_due_at_index on jobs (due_at)');
  await knex.raw('create index jobs_service_type on jobs (job_type, due_at) where job_type is not null');
  await knex.raw('create index jobs_locked_instance on jobs (instance_id) where lock_owner is not null');
}

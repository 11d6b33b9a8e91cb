import type { Knex } from 'knex';

/** Tenants, accounts, definitions, instances and everything a running case writes. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('parent_id', 64).nullable().references('tenants.id');
    t.string('created_at', 32).notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.string('username', 64).primary();
    t.string('password_hash', 100).notNullable();
    t.string('display_name', 200).notNullable();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.text('roles').notNullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.string('locked_until', 32).nullable();
    t.string('created_at', 32).notNullable();
  });
  await knex.schema.createTable('groups', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
  });
  await knex.schema.createTable('memberships', (t) => {
    t.string('username', 64).notNullable().references('users.username');
    t.string('group_id', 64).notNullable().references('groups.id');
    t.primary(['username', 'group_id']);
  });
  await knex.schema.createTable('auth_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('username', 64).notNullable().references('users.username');
    t.string('expires_at', 32).notNullable();
  });

  await knex.schema.createTable('deployments', (t) => {
    t.string('id', 40).primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('created_by', 64).nullable();
    t.string('created_at', 32).notNullable();
  });
  await knex.schema.createTable('definitions', (t) => {
    t.string('id', 40).primary();
    t.string('kind', 16).notNullable(); // process | decision | form
    t.string('def_key', 128).notNullable();
    t.integer('version').notNullable();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('deployment_id', 40).notNullable().references('deployments.id');
    t.string('name', 200).nullable();
    t.string('resource_name', 200).notNullable();
    t.text('source').notNullable();
    t.text('compiled').notNullable();
    t.string('created_at', 32).notNullable();
    t.unique(['kind', 'def_key', 'tenant_id', 'version']);
  });
  await knex.schema.createTable('start_triggers', (t) => {
    t.string('definition_id', 40).notNullable().references('definitions.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('message_name', 200).notNullable();
    t.primary(['definition_id', 'element_id']);
    t.index(['tenant_id', 'message_name']);
  });

  await knex.schema.createTable('instances', (t) => {
    t.string('id', 40).primary();
    t.string('definition_id', 40).notNullable().references('definitions.id');
    t.string('process_key', 128).notNullable();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('business_key', 200).nullable();
    t.string('status', 16).notNullable();
    t.text('state').notNullable();
    t.integer('version').notNullable();
    t.text('pinned').notNullable();
    t.string('parent_id', 40).nullable();
    t.integer('parent_call').nullable();
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('ended_at', 32).nullable();
    t.index(['tenant_id', 'status']);
    t.index(['business_key']);
  });
  await knex.schema.createTable('tasks', (t) => {
    t.string('id', 60).primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('name', 200).nullable();
    t.string('status', 16).notNullable(); // open | completed | cancelled
    t.string('assignee', 64).nullable();
    t.text('candidate_groups').notNullable();
    t.text('candidate_users').notNullable();
    t.string('due_at', 32).nullable();
    t.string('follow_up_at', 32).nullable();
    t.integer('priority').notNullable();
    t.string('form_key', 128).nullable();
    t.text('details').nullable();
    t.string('created_at', 32).notNullable();
    t.string('completed_at', 32).nullable();
    t.string('completed_by', 64).nullable();
    t.index(['instance_id']);
    t.index(['tenant_id', 'status', 'created_at']);
    t.index(['assignee', 'status']);
  });
  await knex.schema.createTable('task_candidates', (t) => {
    t.string('task_id', 60).notNullable().references('tasks.id');
    t.string('kind', 8).notNullable(); // group | user
    t.string('value', 64).notNullable();
    t.string('status', 16).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['task_id', 'kind', 'value']);
    t.index(['value', 'kind', 'status', 'created_at']);
  });
  await knex.schema.createTable('jobs', (t) => {
    t.string('id', 60).primary();
    t.string('kind', 16).notNullable(); // timer | service | start-timer
    t.string('instance_id', 40).nullable();
    t.string('definition_id', 40).nullable();
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('job_type', 128).nullable();
    t.string('due_at', 32).notNullable();
    t.string('lock_owner', 64).nullable();
    t.string('lock_expires_at', 32).nullable();
    t.integer('retries').notNullable();
    t.text('last_error').nullable();
    t.text('headers').nullable();
    t.string('created_at', 32).notNullable();
    t.index(['due_at']);
    t.index(['instance_id']);
    t.index(['job_type', 'due_at']);
  });
  await knex.schema.createTable('subscriptions', (t) => {
    t.string('id', 60).primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('message_name', 200).notNullable();
    t.string('correlation_key', 200).nullable();
    t.string('created_at', 32).notNullable();
    t.index(['tenant_id', 'message_name', 'correlation_key']);
  });
  await knex.schema.createTable('incidents', (t) => {
    t.string('id', 60).primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('code', 40).notNullable();
    t.text('message').notNullable();
    t.string('status', 16).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('resolved_at', 32).nullable();
    t.index(['tenant_id', 'status']);
  });
  await knex.schema.createTable('history', (t) => {
    t.increments('id').primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('type', 32).notNullable();
    t.string('element_id', 128).nullable();
    t.string('at', 32).notNullable();
    t.string('actor', 64).nullable();
    t.text('data').nullable();
    t.index(['instance_id', 'id']);
  });
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 64).notNullable();
    t.string('instance_id', 40).nullable();
    t.string('recipient_kind', 8).notNullable(); // user | group
    t.string('recipient', 64).notNullable();
    t.string('channel', 16).notNullable();
    t.text('subject').notNullable();
    t.text('body').nullable();
    t.string('created_at', 32).notNullable();
    t.string('read_at', 32).nullable();
    t.index(['recipient_kind', 'recipient', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'notifications',
    'history',
    'incidents',
    'subscriptions',
    'jobs',
    'task_candidates',
    'tasks',
    'instances',
    'start_triggers',
    'definitions',
    'deployments',
    'auth_tokens',
    'memberships',
    'groups',
    'users',
    'tenants',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

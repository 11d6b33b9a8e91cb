import type { Knex } from 'knex';

/**
 * The case file (一案一卷): opinions (审批意见) written on a case, by a step's handler or on the
 * case page, and the unfinished form a task's holder saved (暂存), one per task and holder.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_opinions', (t) => {
    t.string('id', 40).primary();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('task_id', 60).nullable();
    t.string('element_id', 128).nullable();
    t.string('step_name', 200).nullable();
    t.string('author', 64).notNullable();
    t.text('body').notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['instance_id', 'created_at'], 'case_opinions_instance');
  });
  await knex.schema.createTable('task_drafts', (t) => {
    t.string('task_id', 60).notNullable();
    t.string('holder', 64).notNullable();
    t.string('instance_id', 40).notNullable();
    t.text('data').notNullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['task_id', 'holder']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('task_drafts');
  await knex.schema.dropTable('case_opinions');
}

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
  await knex.schema.createTable('case_search', (t) => {
    t.string('instance_id', 40).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('business_key', 200).nullable();
    t.string('applicant_name', 100).nullable();
    t.string('phone', 32).nullable();
    t.string('phone_rev', 32).nullable();
    t.string('enterprise_name', 200).nullable();
    t.string('category', 100).nullable();
    t.string('channel', 40).nullable();
    t.string('created_at', 32).notNullable();
    t.index(['tenant_id', 'created_at'], 'case_search_tenant');
    t.index(['created_at'], 'case_search_created');
    t.index(['business_key'], 'case_search_business_key');
    t.index(['applicant_name'], 'case_search_applicant');
    t.index(['phone'], 'case_search_phone');
    t.index(['phone_rev'], 'case_search_phone_rev');
    t.index(['enterprise_name'], 'case_search_enterprise');
    t.index(['category', 'created_at'], 'case_search_category');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_search');
  await knex.schema.dropTable('task_drafts');
  await knex.schema.dropTable('case_opinions');
}

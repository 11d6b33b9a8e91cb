import type { Knex } from 'knex';

/**
 * 抄送: who a case was copied to (a user or a group), by whom, with a note, and when each
 * recipient first read it. The case file reads it for visibility (`isCcRecipient`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_cc', (t) => {
    t.increments('id').primary();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('task_id', 60).nullable();
    t.string('recipient_kind', 8).notNullable(); // user | group
    t.string('recipient', 64).notNullable();
    t.text('note').nullable();
    t.string('created_by', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('read_at', 32).nullable();
    t.string('read_by', 64).nullable();
    t.index(['instance_id', 'recipient_kind', 'recipient'], 'case_cc_recipient');
    t.index(['recipient_kind', 'recipient', 'created_at'], 'case_cc_inbox');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_cc');
}

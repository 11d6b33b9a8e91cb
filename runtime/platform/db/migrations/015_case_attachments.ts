import type { Knex } from 'knex';

/**
 * Attachments (附件) of a case: a site photo, a PDF, an office document, uploaded on the case page
 * or at a step. The bytes live in the runtime's attachment directory (`storage_key` under it); the
 * row says what they are — the type sniffed from the bytes, never the name's word for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_attachments', (t) => {
    t.string('id', 40).primary();
    t.string('instance_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('task_id', 60).nullable();
    t.string('element_id', 128).nullable();
    t.string('step_name', 200).nullable();
    t.string('file_name', 255).notNullable();
    t.string('media_type', 100).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('storage_key', 200).notNullable();
    t.string('uploaded_by', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['instance_id', 'created_at'], 'case_attachments_instance');
    t.index(['tenant_id'], 'case_attachments_tenant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_attachments');
}

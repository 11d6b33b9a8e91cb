import type { Knex } from 'knex';

/**
 * The case file's attachments and the staff work lists beside 待办.
 *
 * Attachments (附件) of a case: a site photo, a PDF, an office document, uploaded on the case page
 * or at a step. The bytes live in the runtime's attachment directory (`storage_key` under it); the
 * row says what they are — the type sniffed from the bytes, never the name's word for it.
 *
 * Work lists: 已办 reads `task_history` by who completed a task; 我发起 reads `case_search` by who
 * registered the case (`started_by`, the actor of the case's first history row, filled in here for
 * the cases before it); 我抄送的 reads `case_cc` by sender.
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
  await knex.raw('create index task_history_completed_by on task_history (completed_by, completed_at)');
  await knex.schema.alterTable('case_search', (t) => {
    t.string('started_by', 64).nullable();
    t.index(['started_by', 'created_at'], 'case_search_started_by');
  });
  await knex.raw(
    'update case_search set started_by = (select h.actor from history h where h.instance_id = case_search.instance_id order by h.id limit 1)',
  );
  await knex.schema.alterTable('case_cc', (t) => t.index(['created_by', 'created_at'], 'case_cc_sent'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_cc', (t) => t.dropIndex(['created_by', 'created_at'], 'case_cc_sent'));
  await knex.schema.alterTable('case_search', (t) => {
    t.dropIndex(['started_by', 'created_at'], 'case_search_started_by');
    t.dropColumn('started_by');
  });
  await knex.raw('drop index task_history_completed_by');
  await knex.schema.dropTable('case_attachments');
}

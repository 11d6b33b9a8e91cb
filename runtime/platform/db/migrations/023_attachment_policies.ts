import type { Knex } from 'knex';

/**
 * The case file's remaining parts (issue 12):
 *
 * - `attachment_policies`: a unit's attachment policy (附件规则) — the kinds its staff and its public
 *   intake may attach, and its size and count limits — as the keys it sets itself (JSON); the rest
 *   is inherited down the tenant tree like `deadline_policies`.
 * - `intake_uploads`: photos a citizen uploaded on the public intake page before submitting the
 *   appeal. The page holds the upload's token (only its sha256 is kept here); the submission that
 *   names it claims it once (`used_at`) and the file becomes an attachment of the new case.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachment_policies', (t) => {
    t.string('tenant_id', 64).primary().references('id').inTable('tenants');
    t.text('policy').notNullable();
    t.string('updated_by', 64).notNullable();
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('intake_uploads', (t) => {
    t.string('token_hash', 64).primary();
    t.string('id', 40).notNullable().unique();
    t.string('tenant_id', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('media_type', 100).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('storage_key', 200).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('used_at', 32).nullable();
    t.string('instance_id', 40).nullable();
    t.index(['tenant_id', 'created_at'], 'intake_uploads_tenant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('intake_uploads');
  await knex.schema.dropTable('attachment_policies');
}

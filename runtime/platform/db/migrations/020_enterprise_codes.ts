import type { Knex } from 'knex';

/**
 * 一企一码 codes that can be re-issued: an enterprise's QR code carries its current `code` (until
 * now its id, so codes already printed keep working); a re-issued code's predecessor is kept in
 * `enterprise_retired_codes` so the public page can say it was replaced. An enterprise can be
 * deactivated. The unified social credit code is unique per tenant, no longer across the city.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enterprises', (t) => {
    t.string('code', 40).nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('updated_at', 32).nullable();
  });
  await knex('enterprises').update({ code: knex.ref('id') });
  await knex.schema.alterTable('enterprises', (t) => {
    t.dropUnique(['credit_code']);
    t.unique(['tenant_id', 'credit_code'], { indexName: 'enterprises_tenant_credit_code' });
    t.unique(['code'], { indexName: 'enterprises_code' });
  });
  await knex.schema.createTable('enterprise_retired_codes', (t) => {
    t.string('code', 40).primary();
    t.string('enterprise_id', 40).notNullable().references('id').inTable('enterprises');
    t.string('tenant_id', 64).notNullable();
    t.string('retired_at', 32).notNullable();
    t.string('retired_by', 64).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enterprise_retired_codes');
  await knex.schema.alterTable('enterprises', (t) => {
    t.dropUnique(['code'], 'enterprises_code');
    t.dropUnique(['tenant_id', 'credit_code'], 'enterprises_tenant_credit_code');
  });
  await knex.schema.alterTable('enterprises', (t) => {
    t.dropColumn('code');
    t.dropColumn('active');
    t.dropColumn('updated_at');
    t.unique(['credit_code']);
  });
}

import type { Knex } from 'knex';

/**
 * Enterprises (一企一码): each registered enterprise of a tenant gets a QR code that opens the
 * public intake form with the enterprise filled in.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enterprises', (t) => {
    t.string('id', 40).primary();
    t.string('tenant_id', 64).notNullable().references('id').inTable('tenants');
    t.string('name', 200).notNullable();
    t.string('credit_code', 18).nullable().unique(); // 统一社会信用代码
    t.string('contact', 100).nullable();
    t.string('created_at', 32).notNullable();
    t.index(['tenant_id'], 'enterprises_tenant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enterprises');
}

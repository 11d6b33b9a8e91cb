import type { Knex } from 'knex';

/**
 * Which process and intake form each intake channel (public page, mini-program, enterprise QR
 * code, window, phone) starts, per tenant. A tenant without a row inherits its parent's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenant_channels', (t) => {
    t.string('tenant_id', 64).notNullable().references('id').inTable('tenants');
    t.string('channel', 32).notNullable();
    t.string('process_key', 200).notNullable();
    t.string('form_key', 200).notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('updated_by', 64).notNullable();
    t.primary(['tenant_id', 'channel']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tenant_channels');
}

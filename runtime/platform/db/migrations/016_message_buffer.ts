import type { Knex } from 'knex';

/**
 * Messages published with a time to live wait here until it runs out, for subscriptions that
 * open later (Zeebe's message buffering). `process_keys`: the processes the message already
 * reached, as a JSON list; a message reaches each process once, as in Zeebe.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('buffered_messages', (t) => {
    t.string('id', 40).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('message_name', 200).notNullable();
    t.string('correlation_key', 200).nullable();
    t.text('variables').notNullable();
    t.text('process_keys').notNullable();
    t.string('expires_at', 32).notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['tenant_id', 'message_name', 'expires_at'], 'buffered_messages_lookup');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('buffered_messages');
}

import type { Knex } from 'knex';

/**
 * Signals: the catch events, boundary events and event-subprocess starts waiting for one
 * (`signal_subscriptions`, one row per open wait), and the signal start events of deployed
 * processes (`signal_start_triggers`, latest version of a definition only). A broadcast reaches
 * the tenant it is thrown at and every tenant below it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signal_subscriptions', (t) => {
    t.string('id', 60).primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('signal_name', 200).notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['signal_name', 'tenant_id'], 'signal_subscriptions_lookup');
    t.index(['instance_id'], 'signal_subscriptions_instance');
  });
  await knex.schema.createTable('signal_start_triggers', (t) => {
    t.string('definition_id', 40).notNullable().references('definitions.id');
    t.string('tenant_id', 64).notNullable();
    t.string('element_id', 128).notNullable();
    t.string('signal_name', 200).notNullable();
    t.primary(['definition_id', 'element_id']);
    t.index(['signal_name', 'tenant_id'], 'signal_start_triggers_lookup');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signal_start_triggers');
  await knex.schema.dropTable('signal_subscriptions');
}

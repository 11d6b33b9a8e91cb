import type { Knex } from 'knex';

/**
 * Account lifecycle: disabled accounts, passwords an administrator reset (to be changed at the
 * next sign-in), accounts created for demos; login throttling per account and per address; and
 * the account events (who changed which account how).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('disabled').notNullable().defaultTo(false);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.boolean('demo').notNullable().defaultTo(false);
  });
  // The examples' staff accounts of earlier versions; the start checks which still hold the published demo password.
  await knex('users')
    .whereIn('username', ['window1', 'dispatcher1', 'rs1', 'zj1', 'zz1', 'followup1', 'towna-admin'])
    .update({ demo: true });
  await knex.schema.createTable('login_throttles', (t) => {
    t.string('key', 300).primary(); // `user:<name>` or `addr:<address>`
    t.integer('failures').notNullable().defaultTo(0);
    t.integer('allowed').notNullable(); // attempts that may be checked before the next block
    t.string('blocked_until', 32).nullable();
    t.string('last_at', 32).notNullable();
  });
  await knex.schema.createTable('account_events', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 64).notNullable();
    t.string('actor', 64).notNullable();
    t.string('action', 40).notNullable();
    t.string('subject', 300).notNullable();
    t.text('data').notNullable();
    t.string('address', 64).nullable();
    t.string('at', 32).notNullable();
    t.index(['tenant_id', 'id'], 'account_events_tenant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_events');
  await knex.schema.dropTable('login_throttles');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('demo');
    t.dropColumn('must_change_password');
    t.dropColumn('disabled');
  });
}

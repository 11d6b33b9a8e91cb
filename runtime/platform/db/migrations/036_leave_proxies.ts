import type { Knex } from 'knex';

/**
 * 离岗代理: a person away (`username`) names a colleague (`proxy`) for a period of Beijing days
 * (`starts_on`..`ends_on`, `YYYY-MM-DD`; no end = until cancelled). Tasks assigned to them personally
 * go to the proxy while it is active; `handover` asks that their open personal tasks go too when it
 * starts (`handed_over_at` once done). A cancelled period keeps its row (`cancelled_at`) as the record.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('leave_proxies', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 64).notNullable();
    t.string('username', 64).notNullable();
    t.string('proxy', 64).notNullable();
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).nullable();
    t.text('reason').nullable();
    t.boolean('handover').notNullable().defaultTo(true);
    t.string('handed_over_at', 32).nullable();
    t.string('created_by', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('cancelled_at', 32).nullable();
    t.string('cancelled_by', 64).nullable();
    t.index(['username', 'cancelled_at'], 'leave_proxies_user');
    t.index(['proxy', 'cancelled_at'], 'leave_proxies_proxy');
    t.index(['tenant_id', 'created_at'], 'leave_proxies_tenant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('leave_proxies');
}

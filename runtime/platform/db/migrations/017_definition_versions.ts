import type { Knex } from 'knex';

/**
 * Version history and township overlays. `deployments.comment`: what the deployer said about it.
 * `definitions.based_on_*`: a tenant's own version of a key it inherited records the ancestor's
 * version it was based on. `definitions.withdrawn_at`: set on every version of a tenant's override
 * when it is removed (恢复继承) — the rows stay, since running cases still point at them, but new
 * lookups skip them and the tenant inherits again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployments', (t) => {
    t.string('comment', 500).nullable();
  });
  await knex.schema.alterTable('definitions', (t) => {
    t.string('based_on_tenant', 64).nullable();
    t.integer('based_on_version').nullable();
    t.string('withdrawn_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): knex would rebuild the SQLite tables, which
  // running cases and deployments reference by foreign key.
  for (const column of ['based_on_tenant', 'based_on_version', 'withdrawn_at'])
    await knex.raw(`alter table definitions drop column ${column}`);
  await knex.raw('alter table deployments drop column comment');
}

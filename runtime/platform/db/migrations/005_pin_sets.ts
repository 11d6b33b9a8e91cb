import type { Knex } from 'knex';

/**
 * The definition versions a case pinned when it started (its forms and decision tables) are the
 * same for every case started from one deployment state, so they are stored once: `pin_sets`
 * holds each distinct set under a hash of its content, and `instances.pinned` holds that key
 * (rows written before keep their JSON; readers accept both).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pin_sets', (t) => {
    t.string('id', 24).primary();
    t.text('pinned').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  const rows = (await knex('instances')
    .join('pin_sets', 'pin_sets.id', 'instances.pinned')
    .select('instances.id', 'pin_sets.pinned')) as Array<{ id: string; pinned: string }>;
  for (const r of rows) await knex('instances').where({ id: r.id }).update({ pinned: r.pinned });
  await knex.schema.dropTable('pin_sets');
}

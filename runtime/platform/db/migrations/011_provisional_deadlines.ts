import type { Knex } from 'knex';

/**
 * A deadline counted on a year whose holiday schedule is not loaded yet is provisional (statutory
 * holidays and Monday–Friday): `tasks.deadline_provisional` lists those years (e.g. "2027"), null
 * once the deadline rests on loaded schedules only. Loading the year recounts and clears it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.string('deadline_provisional', 40).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('deadline_provisional');
  });
}

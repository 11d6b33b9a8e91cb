import type { Knex } from 'knex';
import * as core from './migrations/001_core.js';
import * as deadlines from './migrations/002_deadlines.js';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/** Migrations are imported, not discovered on disk, so they run the same from source or a bundle. */
const MIGRATIONS: Record<string, Migration> = { '001_core': core, '002_deadlines': deadlines };

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

/** Brings the schema up to date; running it again changes nothing. */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource: source, tableName: 'civicflow_migrations' });
}

export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource: source, tableName: 'civicflow_migrations' }, true);
}

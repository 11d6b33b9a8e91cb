import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../platform/db/connection.js';
import { migrate } from '../platform/db/migrate.js';
import { freshDatabase, type TestDatabase, type TestDialect } from './databases.js';

/**
 * Inside a describe block: a fresh database of `dialect`, migrated before its tests (then
 * `seed`, if given) and dropped after them. Returns a getter for the open database.
 */
export function useMigratedDatabase(dialect: TestDialect, seed?: (db: Database) => Promise<void>): () => Database {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    db = openDatabase(database.url, database.schema);
    await migrate(db.knex);
    await seed?.(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  return () => {
    if (!db) throw new Error('the database is opened in beforeAll');
    return db;
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../testing/databases.js';
import { openDatabase, type Database } from './connection.js';
import { migrate, rollbackAll } from './migrate.js';

const dialects = await testDialects();

async function tables(db: Database): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const rows = await db.knex.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`);
    return rows.map((r: { name: string }) => r.name);
  }
  const rows = await db.knex.raw(`select table_name from information_schema.tables where table_schema = current_schema() order by table_name`);
  return rows.rows.map((r: { table_name: string }) => r.table_name);
}

describe('openDatabase', () => {
  it('refuses a URL it does not know', () => {
    expect(() => openDatabase('mysql://localhost/db')).toThrow(/sqlite: or postgres/);
  });
});

describe.each(dialects)('database on %s', (dialect) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    db = openDatabase(database.url, database.schema);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('migrates into its own schema, rolls back to nothing and migrates again', async () => {
    await migrate(db.knex);
    const all = await tables(db);
    expect(all).toEqual(expect.arrayContaining(['tenants', 'definitions', 'instances', 'tasks', 'jobs', 'subscriptions', 'incidents', 'history', 'notifications', 'civicflow_migrations']));
    if (dialect === 'postgres') {
      // Nothing leaked into the public schema.
      const leaked = await db.knex.raw(`select table_name from information_schema.tables where table_schema = 'public' and table_name = 'instances'`);
      expect(leaked.rows).toEqual([]);
    }
    await rollbackAll(db.knex);
    expect((await tables(db)).filter((t) => !t.startsWith('civicflow_migrations'))).toEqual([]);
    await migrate(db.knex);
    expect(await tables(db)).toEqual(all);
  });

  it('counts come back as numbers and foreign keys are enforced', async () => {
    await migrate(db.knex);
    const counted = (await db.knex('instances').count('* as n')) as Array<{ n: unknown }>;
    expect(counted).toEqual([{ n: 0 }]);
    await expect(db.knex('tenants').insert({ id: 'orphan', name: 'orphan', parent_id: 'no-such-parent', created_at: new Date().toISOString() })).rejects.toThrow();
    if (dialect === 'sqlite') {
      expect(await db.knex.raw('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.knex.raw('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    }
  });
});

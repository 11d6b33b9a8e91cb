import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../platform/db/connection.js';
import { migrate } from '../platform/db/migrate.js';
import { freshDatabase, testDialects, type TestDatabase } from '../testing/databases.js';
import { TenantDirectory } from './tenants.js';

const dialects = await testDialects();

describe.each(dialects)('tenant directory on %s', (dialect) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    db = openDatabase(database.url, database.schema);
    await migrate(db.knex);
    const now = new Date().toISOString();
    await db.knex('tenants').insert([
      { id: 'city', name: 'city', parent_id: null, created_at: now },
      { id: 'town', name: 'town', parent_id: 'city', created_at: now },
      { id: 'village', name: 'village', parent_id: 'town', created_at: now },
      { id: 'park', name: 'park', parent_id: 'city', created_at: now },
    ]);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('walks up the chain and down the subtree', async () => {
    const dir = new TenantDirectory(db.knex);
    expect(await dir.chain('village')).toEqual(['village', 'town', 'city']);
    expect([...(await dir.subtree('town'))].sort()).toEqual(['town', 'village']);
    expect([...(await dir.subtree('city'))].sort()).toEqual(['city', 'park', 'town', 'village']);
    await expect(dir.chain('nowhere')).rejects.toMatchObject({ status: 404, code: 'TENANT_NOT_FOUND' });
  });

  it("refreshes an expired cache through the caller's transaction (SQLite has one connection: a read beside it would hang)", async () => {
    const dir = new TenantDirectory(db.knex, 0); // every lookup refreshes
    const chain = await db.knex.transaction(async (trx) => {
      await trx('tenants').where({ id: 'park' }).update({ name: 'park (renamed)' });
      return dir.chain('village', trx);
    });
    expect(chain).toEqual(['village', 'town', 'city']);
    expect((await dir.get('park'))?.name).toBe('park (renamed)');
  });

  it('sees a tenant another node created as soon as it is asked for', async () => {
    const dir = new TenantDirectory(db.knex, 60_000);
    expect(await dir.chain('town')).toEqual(['town', 'city']);
    await db
      .knex('tenants')
      .insert({ id: 'late', name: 'late', parent_id: 'town', created_at: new Date().toISOString() });
    expect(await dir.chain('late')).toEqual(['late', 'town', 'city']);
  });
});

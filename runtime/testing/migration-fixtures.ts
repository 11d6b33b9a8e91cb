import type { Knex } from 'knex';
import { openDatabase, type Database } from '../platform/db/connection.js';
import { freshDatabase, type TestDialect } from './databases.js';

/**
 * Rows for migration tests: a test migrates a fresh database to the version before the
 * migration (`migrateTo`), writes rows in that version's shape, migrates across and checks them,
 * then migrates back down and checks again.
 */

/** Instants the fixtures' rows use, an hour apart. */
export const T1 = '2026-03-02T01:00:00.000Z';
export const T2 = '2026-03-02T02:00:00.000Z';
export const T3 = '2026-03-02T03:00:00.000Z';

/** Runs `work` on a fresh database of `dialect` (not migrated), closed and dropped afterwards. */
export async function onFreshDatabase(dialect: TestDialect, work: (db: Database) => Promise<void>): Promise<void> {
  const fresh = await freshDatabase(dialect);
  const db = openDatabase(fresh.url, fresh.schema);
  try {
    await work(db);
  } finally {
    await db.close();
    await fresh.drop();
  }
}

/**
 * What every case row hangs on, in the columns all migrations since 001 share: the tenant
 * `city`, deployment `dep-1`, process definition `def-1` (key `appeal`) and the active case
 * `case-1`, started at T1 and last changed at `updatedAt` (its `version`-th write).
 */
export async function seedCaseShell(knex: Knex, instance: { version: number; updatedAt: string }): Promise<void> {
  await knex('tenants').insert({ id: 'city', name: 'city', parent_id: null, created_at: T1 });
  await knex('deployments').insert({ id: 'dep-1', tenant_id: 'city', created_by: 'admin', created_at: T1 });
  await knex('definitions').insert({
    id: 'def-1',
    kind: 'process',
    def_key: 'appeal',
    version: 1,
    tenant_id: 'city',
    deployment_id: 'dep-1',
    name: null,
    resource_name: 'appeal.bpmn',
    source: '',
    compiled: '{}',
    created_at: T1,
  });
  await knex('instances').insert({
    id: 'case-1',
    definition_id: 'def-1',
    process_key: 'appeal',
    tenant_id: 'city',
    business_key: null,
    status: 'active',
    state: '{}',
    version: instance.version,
    pinned: '{}',
    parent_id: null,
    parent_call: null,
    created_at: T1,
    updated_at: instance.updatedAt,
    ended_at: null,
  });
}

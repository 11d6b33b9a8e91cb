// Migration 035: the overview's case counters count appeals — a case called from one (A镇's labour
// dispute going on to the city) is part of it, not a second case. On the way up the counts are
// taken again from the appeals and the triggers skip called cases from then on; on the way down
// 031's triggers and counts are back. Both databases.
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openDatabase } from './connection.js';
import { migrateTo } from './migrate.js';
import { freshDatabase, testDialects } from '../../testing/databases.js';

const dialects = await testDialects();
const T1 = '2026-11-01T17:00:00.000Z';
const T2 = '2026-11-03T09:00:00.000Z';

const instance = (id: string, parent: string | null) => ({
  id,
  definition_id: 'def-1',
  process_key: parent ? 'city-appeal' : 'town-a-appeal',
  tenant_id: 'town-a',
  business_key: parent ? null : `BK-${id}`,
  status: 'active',
  state: '{}',
  version: 1,
  pinned: '{}',
  parent_id: parent,
  parent_call: parent ? 1 : null,
  created_at: T1,
  updated_at: T1,
  ended_at: null,
});

async function seed(knex: Knex): Promise<void> {
  await knex('tenants').insert({ id: 'town-a', name: 'A镇综治中心', parent_id: null, created_at: T1 });
  await knex('deployments').insert({ id: 'dep-1', tenant_id: 'town-a', created_by: 'admin', created_at: T1 });
  await knex('definitions').insert({
    id: 'def-1',
    kind: 'process',
    def_key: 'town-a-appeal',
    version: 1,
    tenant_id: 'town-a',
    deployment_id: 'dep-1',
    name: null,
    resource_name: 'town-a-appeal.bpmn',
    source: '',
    compiled: '{}',
    created_at: T1,
  });
}

/** The counters as the overview reads them: cases per status, and cases completed. */
async function counters(knex: Knex) {
  const n = (v: unknown) => Number(v ?? 0);
  const byStatus = (await knex('dashboard_case_counts').select('status').sum('n as n').groupBy('status')) as Array<{
    status: string;
    n: unknown;
  }>;
  const completed = (await knex('dashboard_hourly').sum('cases_completed as n').first()) as { n: unknown };
  return {
    ...Object.fromEntries(byStatus.filter((r) => n(r.n) !== 0).map((r) => [r.status, n(r.n)])),
    closedLately: n(completed.n),
  };
}

const complete = (knex: Knex, ids: string[]) =>
  knex('instances').whereIn('id', ids).update({ status: 'completed', ended_at: T2, updated_at: T2 });

describe.each(dialects)('migration 035 on %s', (dialect) => {
  it('counts appeals, not the cases they call, on the way up and again on the way down', async () => {
    const fresh = await freshDatabase(dialect);
    const db = openDatabase(fresh.url, fresh.schema);
    const knex = db.knex;
    try {
      await migrateTo(knex, '034_case_readers_by_case');
      await seed(knex);
      // Before: an appeal calling a case, another one closed with the case it called.
      await knex('instances').insert([instance('a', null), instance('b', null)]);
      await knex('instances').insert([instance('a1', 'a'), instance('b1', 'b')]);
      await complete(knex, ['b1', 'b']);
      expect(await counters(knex)).toEqual({ active: 2, completed: 2, closedLately: 2 });

      await migrateTo(knex, '035_counters_count_appeals');
      expect(await counters(knex)).toEqual({ active: 1, completed: 1, closedLately: 1 });
      // After: a new appeal and the case it calls, both closed; deleting a called case changes nothing.
      await knex('instances').insert(instance('c', null));
      await knex('instances').insert(instance('c1', 'c'));
      expect(await counters(knex)).toEqual({ active: 2, completed: 1, closedLately: 1 });
      await complete(knex, ['c1', 'c']);
      await knex('instances').where({ id: 'a1' }).delete();
      expect(await counters(knex)).toEqual({ active: 1, completed: 2, closedLately: 2 });

      await migrateTo(knex, '034_case_readers_by_case');
      expect(await counters(knex)).toEqual({ active: 1, completed: 4, closedLately: 4 });
      await knex('instances').insert(instance('d1', 'a'));
      expect(await counters(knex)).toEqual({ active: 2, completed: 4, closedLately: 4 });
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});

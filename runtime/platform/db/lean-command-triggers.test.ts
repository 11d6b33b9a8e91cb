// Migrations 033 and 034 (the triggers every command fires, doing less; `case_readers` keyed by
// case) change no row of the read models: the same writes — new cases and called cases, tasks
// claimed, transferred, updated without a change of readers, completed (archived, then deleted)
// and cancelled, history, copies, search rows and a category change, status changes, a deadline
// mark — leave `case_readers`, `case_figures` and the dashboard counters row for row as the
// triggers of 023–031 do; the rows written before 033 are kept as they were on the way up and on
// the way down, and the triggers of 031 are back on the way down. Both databases.
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openDatabase } from './connection.js';
import { migrateTo } from './migrate.js';
import { freshDatabase, testDialects } from '../../testing/databases.js';

const dialects = await testDialects();
const T1 = '2026-11-01T17:00:00.000Z';
const T2 = '2026-11-03T09:00:00.000Z';

const instance = (id: string, parent: string | null, at = T1) => ({
  id,
  definition_id: 'def-1',
  process_key: 'city-appeal',
  tenant_id: 'city',
  business_key: parent ? null : `BK-${id}`,
  status: 'active',
  state: '{}',
  version: 1,
  pinned: '{}',
  parent_id: parent,
  parent_call: parent ? 1 : null,
  created_at: at,
  updated_at: at,
  ended_at: null,
});
const task = (
  id: string,
  instanceId: string,
  groups: string[],
  users: string[] = [],
  assignee: string | null = null,
) => ({
  id,
  instance_id: instanceId,
  tenant_id: 'city',
  element_id: 'Task_Handle',
  status: 'open',
  assignee,
  candidate_groups: JSON.stringify(groups),
  candidate_users: JSON.stringify(users),
  priority: 50,
  created_at: T1,
});
const HISTORY_COLUMNS =
  'id, instance_id, tenant_id, element_id, status, assignee, candidate_groups, candidate_users, priority, created_at, due_at';

/** A task ends as `endTask` ends it: archived to task_history first, then deleted. */
async function endTask(knex: Knex, id: string, by: string, readers?: { groups: string[] }): Promise<void> {
  await knex.raw(
    `insert into task_history (${HISTORY_COLUMNS}, completed_at, completed_by)
     select ${HISTORY_COLUMNS}, ?, ? from tasks where id = ?`,
    [T2, by, id],
  );
  // A row archived with other readers than the task's (not the command path: the drop must run).
  if (readers)
    await knex('task_history')
      .where({ id })
      .update({ candidate_groups: JSON.stringify(readers.groups) });
  await knex('tasks').where({ id }).delete();
}

async function seed(knex: Knex): Promise<void> {
  await knex('tenants').insert({ id: 'city', name: '市综治中心', parent_id: null, created_at: T1 });
  await knex('deployments').insert({ id: 'dep-1', tenant_id: 'city', created_by: 'admin', created_at: T1 });
  await knex('definitions').insert({
    id: 'def-1',
    kind: 'process',
    def_key: 'city-appeal',
    version: 1,
    tenant_id: 'city',
    deployment_id: 'dep-1',
    name: null,
    resource_name: 'city-appeal.bpmn',
    source: '',
    compiled: '{}',
    created_at: T1,
  });
}

/** The first batch of writes: before the migrations on one database, after them on the other. */
async function firstWrites(knex: Knex): Promise<void> {
  await knex('instances').insert([instance('a', null), instance('b', null)]);
  await knex('instances').insert(instance('a1', 'a'));
  await knex('instances').insert(instance('a11', 'a1'));
  await knex('history').insert([
    { instance_id: 'a', at: T1, actor: 'window1', events: '[]' },
    { instance_id: 'a', at: T1, actor: 'window1', events: '[]' },
    { instance_id: 'b', at: T1, actor: null, events: '[]' },
  ]);
  await knex('case_search').insert({ instance_id: 'a', tenant_id: 'city', created_at: T1, category: '劳动纠纷' });
  await knex('tasks').insert([
    task('a-1', 'a', ['window'], ['u1']),
    task('b-1', 'b', ['dept-rs'], [], 'rs1'),
    task('a1-1', 'a1', ['dept-zj']),
    task('b-2', 'b', ['dept-sj'], ['u2']),
  ]);
  await knex('tasks').where({ id: 'a-1' }).update({ assignee: 'window1' }); // claimed
  await knex('tasks')
    .where({ id: 'b-1' })
    .update({ candidate_groups: JSON.stringify(['dept-zj']), assignee: null }); // transferred
  await knex('tasks')
    .where({ id: 'a-1' })
    .update({ priority: 60, candidate_groups: JSON.stringify(['window']) });
  await endTask(knex, 'a-1', 'window1');
  await knex('tasks').where({ id: 'a1-1' }).delete(); // cancelled with its called case
  await endTask(knex, 'b-2', 'u3', { groups: ['dept-ga'] });
  await knex('case_cc').insert({
    instance_id: 'b',
    tenant_id: 'city',
    recipient_kind: 'group',
    recipient: 'dept-sj',
    created_by: 'rs1',
    created_at: T1,
  });
  await knex('case_search').insert({ instance_id: 'b', tenant_id: 'city', created_at: T1, category: null });
  await knex('case_search').where({ instance_id: 'a' }).update({ category: '物业纠纷' });
  for (const id of ['a', 'a1', 'a11', 'b'])
    await knex('instances').where({ id }).update({ version: 2, state: '{"x":1}' });
  await knex('instances').where({ id: 'a11' }).update({ status: 'completed', ended_at: T2, version: 3 });
  await knex('tasks').where({ id: 'b-1' }).update({ red_at: T2 });
}

/** The second batch, after the way down on one database. */
async function laterWrites(knex: Knex): Promise<void> {
  await knex('instances').insert(instance('c', null, T2));
  await knex('history').insert({ instance_id: 'c', at: T2, actor: 'window2', events: '[]' });
  await knex('tasks').insert(task('c-1', 'c', ['window'], [], 'window2'));
  await knex('tasks')
    .where({ id: 'c-1' })
    .update({ candidate_groups: JSON.stringify(['dept-rs']), assignee: null });
  await endTask(knex, 'b-1', 'zj1');
  await knex('instances').where({ id: 'b' }).update({ status: 'completed', ended_at: T2, version: 3 });
  await knex('instances').where({ id: 'a1' }).update({ version: 3 });
}

/** Everything the triggers keep, ordered. */
async function readModels(knex: Knex) {
  return {
    readers: await knex('case_readers')
      .select('reader', 'instance_id', 'created_at', 'tenant_id', 'category')
      .orderBy(['instance_id', 'reader']),
    figures: await knex('case_figures').select('instance_id', 'status', 'stale').orderBy('instance_id'),
    daily: await knex('case_figures_daily').select().orderBy(['day', 'category']),
    counts: await knex('dashboard_case_counts')
      .select('tenant_id', 'status')
      .sum({ n: 'n' })
      .groupBy('tenant_id', 'status')
      .orderBy('status'),
    hourly: await knex('dashboard_hourly')
      .select('tenant_id', 'hour')
      .sum({ cases: 'cases_completed', tasks: 'tasks_completed', onTime: 'tasks_on_time' })
      .groupBy('tenant_id', 'hour')
      .orderBy('hour'),
  };
}

describe.each(dialects)('migrations 033 and 034 on %s', (dialect) => {
  it('keep the read models row for row, on the way up and on the way down', async () => {
    const fresh = [await freshDatabase(dialect), await freshDatabase(dialect), await freshDatabase(dialect)];
    const dbs = fresh.map((f) => openDatabase(f.url, f.schema));
    // `old` stays at 031; `lean` runs the writes after 034; `kept` before it.
    const [o, l, k] = dbs.map((db) => db.knex) as [Knex, Knex, Knex];
    try {
      for (const knex of [o, l, k]) {
        await migrateTo(knex, '031_dashboard_counters');
        await seed(knex);
      }
      await migrateTo(l, '034_case_readers_by_case');
      for (const knex of [o, l, k]) await firstWrites(knex);
      const expected = await readModels(o);
      expect(expected.readers.length).toBeGreaterThan(5);
      expect(expected.readers).toContainEqual({
        reader: 'u:u3',
        instance_id: 'b',
        created_at: T1,
        tenant_id: 'city',
        category: '',
      });
      expect(expected.readers.map((r) => `${r.reader}|${r.instance_id}`)).not.toContain('g:dept-rs|b');
      expect(await readModels(l)).toEqual(expected);

      // Rows written before 033 are kept as they are on the way up.
      await migrateTo(k, '034_case_readers_by_case');
      expect(await readModels(k)).toEqual(expected);

      // The way down keeps the rows and brings the old triggers back.
      await migrateTo(l, '031_dashboard_counters');
      expect(await readModels(l)).toEqual(expected);
      for (const knex of [o, l, k]) await laterWrites(knex);
      const later = await readModels(o);
      expect(later).not.toEqual(expected);
      expect(await readModels(l)).toEqual(later);
      expect(await readModels(k)).toEqual(later);
    } finally {
      for (const db of dbs) await db.close();
      for (const f of fresh) await f.drop();
    }
  });
});

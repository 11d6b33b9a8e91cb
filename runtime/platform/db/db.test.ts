import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../testing/databases.js';
import { onFreshDatabase, seedCaseShell, T1, T2, T3 } from '../../testing/migration-fixtures.js';
import { openDatabase, type Database } from './connection.js';
import { expandHistory, readHistory } from '../../store/history.js';
import { migrate, migrateTo, rollbackAll } from './migrate.js';

const dialects = await testDialects();

async function tables(db: Database): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const rows = await db.knex.raw(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    );
    return rows.map((r: { name: string }) => r.name);
  }
  const rows = await db.knex.raw(
    `select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
  );
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
    expect(all).toEqual(
      expect.arrayContaining([
        'tenants',
        'definitions',
        'instances',
        'tasks',
        'jobs',
        'subscriptions',
        'incidents',
        'history',
        'notifications',
        'civicflow_migrations',
      ]),
    );
    if (dialect === 'postgres') {
      // Nothing leaked into the public schema.
      const leaked = await db.knex.raw(
        `select table_name from information_schema.tables where table_schema = 'public' and table_name = 'instances'`,
      );
      expect(leaked.rows).toEqual([]);
    }
    await rollbackAll(db.knex);
    expect((await tables(db)).filter((t) => !t.startsWith('civicflow_migrations'))).toEqual([]);
    await migrate(db.knex);
    expect(await tables(db)).toEqual(all);
  });

  it('migration 003 turns history into one row per write and keeps candidate rows of open tasks only', async () => {
    await onFreshDatabase(dialect, async (old) => {
      await migrateTo(old.knex, '002_deadlines');
      await seedVersion2Case(old.knex);
      await migrateTo(old.knex, '003_compact_cases');

      expect(await old.knex.schema.hasColumn('history', 'type')).toBe(false);
      expect(await old.knex.schema.hasColumn('task_candidates', 'status')).toBe(false);
      const rows = (await old.knex('history').orderBy('id')) as Array<{
        instance_id: string;
        at: string;
        actor: string | null;
        events: string;
      }>;
      expect(
        rows.map((r) => ({
          instance: r.instance_id,
          at: r.at,
          actor: r.actor,
          events: expandHistory([r]).map((e) => e.type),
        })),
      ).toEqual([
        { instance: 'case-1', at: T1, actor: 'admin', events: ['instanceStarted'] },
        { instance: 'case-1', at: T2, actor: 'window1', events: ['taskCompleted'] },
      ]);
      expect(await readHistory(old.knex, 'case-1')).toEqual([
        { type: 'instanceStarted', elementId: null, at: T1, actor: 'admin', data: null },
        { type: 'taskCompleted', elementId: 'Task_Receive', at: T2, actor: 'window1', data: { taskId: 'case-1-2' } },
      ]);
      // The completed task left the inbox; its row still names its candidates.
      expect(
        await old.knex('task_candidates').select('kind', 'value', 'created_at', 'task_id').orderBy(['kind', 'value']),
      ).toEqual([
        { kind: 'group', value: 'dept-rs', created_at: T2, task_id: 'case-1-3' },
        { kind: 'user', value: 'rs1', created_at: T2, task_id: 'case-1-3' },
      ]);
      expect(
        await old.knex('tasks').select('id', 'status', 'candidate_groups', 'candidate_users').orderBy('id'),
      ).toEqual([
        { id: 'case-1-2', status: 'completed', candidate_groups: '["window"]', candidate_users: '[]' },
        { id: 'case-1-3', status: 'open', candidate_groups: '["dept-rs"]', candidate_users: '["rs1"]' },
      ]);

      // Back to 002: one row per event again, and the open task's candidate rows.
      await migrateTo(old.knex, '002_deadlines');
      expect(
        await old.knex('history').select('instance_id', 'type', 'element_id', 'at', 'actor', 'data').orderBy('id'),
      ).toEqual([
        { instance_id: 'case-1', type: 'instanceStarted', element_id: null, at: T1, actor: 'admin', data: null },
        {
          instance_id: 'case-1',
          type: 'taskCompleted',
          element_id: 'Task_Receive',
          at: T2,
          actor: 'window1',
          data: JSON.stringify({ taskId: 'case-1-2' }),
        },
      ]);
      expect(
        await old
          .knex('task_candidates')
          .where({ task_id: 'case-1-3' })
          .select('kind', 'value', 'status', 'created_at')
          .orderBy('kind'),
      ).toEqual([
        { kind: 'group', value: 'dept-rs', status: 'open', created_at: T2 },
        { kind: 'user', value: 'rs1', status: 'open', created_at: T2 },
      ]);

      // 002's own rollback cannot drop `tasks` on SQLite while rows reference it, so the case goes first.
      for (const table of ['history', 'task_candidates', 'tasks', 'instances']) await old.knex(table).delete();
      await migrate(old.knex);
      await rollbackAll(old.knex);
      expect((await tables(old)).filter((t) => !t.startsWith('civicflow_migrations'))).toEqual([]);
    });
  });

  it('migration 004 moves closed tasks to task_history with how their deadline went, and back on the way down', async () => {
    await onFreshDatabase(dialect, async (old) => {
      await migrateTo(old.knex, '003_compact_cases');
      await seedVersion3Case(old.knex);
      const before = await old.knex('tasks').orderBy('id');
      await migrateTo(old.knex, '004_task_history');

      // Runtime tables keep the open task only, with its deadline and inbox rows.
      expect(await old.knex('tasks').select('id', 'status').orderBy('id')).toEqual([
        { id: 'case-1-3', status: 'open' },
      ]);
      expect(await old.knex('task_deadlines').select('task_id', 'stage').orderBy('task_id')).toEqual([
        { task_id: 'case-1-3', stage: 'green' },
      ]);
      expect(await old.knex('task_candidates').select('kind', 'value', 'task_id').orderBy(['kind', 'value'])).toEqual([
        { kind: 'group', value: 'dept-rs', task_id: 'case-1-3' },
        { kind: 'user', value: 'rs1', task_id: 'case-1-3' },
      ]);
      // The closed tasks, with how their deadline went (the cancelled one had none).
      expect(await old.knex('task_history').orderBy('id')).toEqual([
        {
          ...closedColumns(before, 'case-1-2'),
          status: 'completed',
          completed_at: T3,
          completed_by: 'window1',
          deadline_stage: 'red',
          yellow_at: T2,
          red_at: DUE,
          supervised_at: null,
        },
        {
          ...closedColumns(before, 'case-1-4'),
          status: 'cancelled',
          completed_at: T3,
          completed_by: null,
          deadline_stage: null,
          yellow_at: null,
          red_at: null,
          supervised_at: null,
        },
      ]);

      // Back to 003: the closed tasks are task rows again (their deadline rows are not restored).
      await migrateTo(old.knex, '003_compact_cases');
      expect(await old.knex.schema.hasTable('task_history')).toBe(false);
      expect(await old.knex('tasks').orderBy('id')).toEqual(before);
      expect(await old.knex('task_deadlines').select('task_id')).toEqual([{ task_id: 'case-1-3' }]);
    });
  });

  it('migration 015 fills in who registered each earlier case (我发起) from its first history row, and drops it on the way down', async () => {
    await onFreshDatabase(dialect, async (old) => {
      await migrateTo(old.knex, '014_tenant_channels');
      const searchRow = (id: string) => ({
        instance_id: id,
        tenant_id: 'city',
        created_at: '2026-12-01T01:00:00.000Z',
      });
      await old.knex('case_search').insert([searchRow('case-a'), searchRow('case-b')]);
      await old.knex('history').insert([
        { instance_id: 'case-a', at: '2026-12-01T01:00:00.000Z', actor: 'window1', events: '[["is","Start"]]' },
        { instance_id: 'case-a', at: '2026-12-01T02:00:00.000Z', actor: 'rs1', events: '[["tk","Task_Handle"]]' },
      ]);
      await migrateTo(old.knex, '015_case_attachments');
      expect(await old.knex('case_search').select('instance_id', 'started_by').orderBy('instance_id')).toEqual([
        { instance_id: 'case-a', started_by: 'window1' },
        { instance_id: 'case-b', started_by: null },
      ]);
      expect(await old.knex.schema.hasTable('case_attachments')).toBe(true);
      await migrateTo(old.knex, '014_tenant_channels');
      expect(await old.knex.schema.hasColumn('case_search', 'started_by')).toBe(false);
      expect(await old.knex.schema.hasTable('case_attachments')).toBe(false);
      expect(await old.knex('case_search').count({ n: '*' })).toEqual([{ n: 2 }]);
    });
  });

  it('migration 024 adds the 整改反馈 table; on the way down an order waiting for its verdict is open again', async () => {
    await onFreshDatabase(dialect, async (old) => {
      await migrateTo(old.knex, '023_case_file_rest');
      const order = (id: string, status: string) => ({
        id,
        tenant_id: 'city',
        instance_id: 'case-a',
        source: 'manual',
        owner: 'supervisor1',
        target: '{"assignees":[],"groups":["dept-rs"],"taskIds":[]}',
        reason: '超期未办',
        deadline: '3 workDay',
        status,
        created_by: 'supervisor1',
        created_at: '2026-12-01T01:00:00.000Z',
      });
      await old.knex('supervision_orders').insert([order('o-1', 'open'), order('o-2', 'closed')]);
      await migrateTo(old.knex, '024_supervision_replies');
      expect(await old.knex('supervision_orders').select('id', 'status').orderBy('id')).toEqual([
        { id: 'o-1', status: 'open' },
        { id: 'o-2', status: 'closed' },
      ]);
      await old.knex('supervision_orders').where({ id: 'o-1' }).update({ status: 'answered' });
      await old.knex('supervision_replies').insert({
        id: 'r-1',
        order_id: 'o-1',
        tenant_id: 'city',
        instance_id: 'case-a',
        body: '已整改',
        attachment_ids: '[]',
        created_by: 'rs1',
        created_at: '2026-12-02T01:00:00.000Z',
      });
      await migrateTo(old.knex, '023_case_file_rest');
      expect(await old.knex.schema.hasTable('supervision_replies')).toBe(false);
      expect(await old.knex('supervision_orders').select('id', 'status').orderBy('id')).toEqual([
        { id: 'o-1', status: 'open' },
        { id: 'o-2', status: 'closed' },
      ]);
    });
  });

  it('counts come back as numbers and foreign keys are enforced', async () => {
    await migrate(db.knex);
    const counted = (await db.knex('instances').count('* as n')) as Array<{ n: unknown }>;
    expect(counted).toEqual([{ n: 0 }]);
    await expect(
      db
        .knex('tenants')
        .insert({ id: 'orphan', name: 'orphan', parent_id: 'no-such-parent', created_at: new Date().toISOString() }),
    ).rejects.toThrow();
    if (dialect === 'sqlite') {
      expect(await db.knex.raw('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.knex.raw('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    }
  });
});

const DUE = '2026-03-02T02:30:00.000Z';

/** The columns a task keeps when it moves to task_history (all but paused_at). */
function closedColumns(tasks: Array<Record<string, unknown>>, id: string): Record<string, unknown> {
  const { paused_at: _paused, ...columns } = tasks.find((t) => t.id === id)!;
  return columns;
}

/**
 * A case in the shape of migration 003: an open task with its inbox rows and a green deadline; a
 * completed task whose deadline went red (and a stray inbox row); a cancelled task without a deadline.
 */
async function seedVersion3Case(knex: Knex): Promise<void> {
  await seedCaseShell(knex, { version: 3, updatedAt: T3 });
  const task = {
    instance_id: 'case-1',
    tenant_id: 'city',
    name: '受理',
    assignee: null,
    follow_up_at: null,
    priority: 50,
    form_key: 'intake',
    details: '{"deadline":"1 hour"}',
    paused_at: null,
  };
  await knex('tasks').insert([
    {
      ...task,
      id: 'case-1-2',
      element_id: 'Task_Receive',
      status: 'completed',
      assignee: 'window1',
      candidate_groups: '["window"]',
      candidate_users: '[]',
      due_at: DUE,
      warn_at: T2,
      extension_count: 1,
      created_at: T1,
      completed_at: T3,
      completed_by: 'window1',
    },
    {
      ...task,
      id: 'case-1-3',
      element_id: 'Task_Handle',
      status: 'open',
      candidate_groups: '["dept-rs"]',
      candidate_users: '["rs1"]',
      due_at: null,
      warn_at: null,
      extension_count: 0,
      created_at: T3,
      completed_at: null,
      completed_by: null,
    },
    {
      ...task,
      id: 'case-1-4',
      element_id: 'Task_Notify',
      status: 'cancelled',
      candidate_groups: '["window"]',
      candidate_users: '[]',
      due_at: null,
      warn_at: null,
      extension_count: 0,
      created_at: T1,
      completed_at: T3,
      completed_by: null,
    },
  ]);
  await knex('task_candidates').insert([
    { kind: 'group', value: 'dept-rs', created_at: T3, task_id: 'case-1-3' },
    { kind: 'user', value: 'rs1', created_at: T3, task_id: 'case-1-3' },
    { kind: 'group', value: 'window', created_at: T1, task_id: 'case-1-2' },
  ]);
  const deadline = {
    instance_id: 'case-1',
    tenant_id: 'city',
    calendar_tenant: 'city',
    spec: '1 hour',
    unit: 'hour',
    amount: 1,
    warn_left: '30 minute',
    start_mode: 'created',
    started_at: T1,
    seg_start: T1,
    seg_amount: 1,
  };
  await knex('task_deadlines').insert([
    {
      ...deadline,
      task_id: 'case-1-2',
      element_id: 'Task_Receive',
      stage: 'red',
      next_check_at: null,
      yellow_at: T2,
      red_at: DUE,
      escalate_at: T3,
    },
    { ...deadline, task_id: 'case-1-3', element_id: 'Task_Handle', stage: 'green', next_check_at: T3 },
  ]);
}

/** A case in the shape of migration 002: a completed and an open task with their candidate rows, and two history rows. */
async function seedVersion2Case(knex: Knex): Promise<void> {
  await seedCaseShell(knex, { version: 2, updatedAt: T2 });
  const task = {
    instance_id: 'case-1',
    tenant_id: 'city',
    name: null,
    assignee: null,
    due_at: null,
    follow_up_at: null,
    priority: 50,
    form_key: null,
    details: null,
  };
  await knex('tasks').insert([
    {
      ...task,
      id: 'case-1-2',
      element_id: 'Task_Receive',
      status: 'completed',
      candidate_groups: '["window"]',
      candidate_users: '[]',
      created_at: T1,
      completed_at: T2,
      completed_by: 'window1',
    },
    {
      ...task,
      id: 'case-1-3',
      element_id: 'Task_Handle',
      status: 'open',
      candidate_groups: '["dept-rs"]',
      candidate_users: '["rs1"]',
      created_at: T2,
      completed_at: null,
      completed_by: null,
    },
  ]);
  await knex('task_candidates').insert([
    { task_id: 'case-1-2', kind: 'group', value: 'window', status: 'completed', created_at: T1 },
    { task_id: 'case-1-3', kind: 'group', value: 'dept-rs', status: 'open', created_at: T2 },
    { task_id: 'case-1-3', kind: 'user', value: 'rs1', status: 'open', created_at: T2 },
  ]);
  await knex('history').insert([
    { instance_id: 'case-1', type: 'instanceStarted', element_id: null, at: T1, actor: 'admin', data: null },
    {
      instance_id: 'case-1',
      type: 'taskCompleted',
      element_id: 'Task_Receive',
      at: T2,
      actor: 'window1',
      data: JSON.stringify({ taskId: 'case-1-2' }),
    },
  ]);
}

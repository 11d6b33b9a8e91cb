import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { migrateTo } from '../platform/db/migrate.js';
import { testDialects } from '../testing/databases.js';
import { onFreshDatabase, seedCaseShell, T1, T2, T3 } from '../testing/migration-fixtures.js';
import { deadlineOf } from './service.js';

// Migration 006 moved the deadline rows into the task rows; the deadline code must read them as before.
const dialects = await testDialects();

describe.each(dialects)('deadline migrations on %s', (dialect) => {
  it('migration 006 moves each deadline row into its task row, and back on the way down', async () => {
    await onFreshDatabase(dialect, async (old) => {
      await migrateTo(old.knex, '005_pin_sets');
      await seedVersion5Case(old.knex);
      await migrateTo(old.knex, '006_task_deadline_columns');

      expect(await old.knex.schema.hasTable('task_deadlines')).toBe(false);
      const columns = [
        'id',
        'paused_at',
        'calendar_tenant',
        'deadline_spec',
        'deadline_unit',
        'deadline_amount',
        'warn_left',
        'start_mode',
        'started_at',
        'seg_start',
        'seg_amount',
        'pause_reason',
        'cycle',
        'stage',
        'next_check_at',
        'yellow_at',
        'red_at',
        'escalate_at',
        'supervised_at',
        'deadline_error',
      ];
      expect(await old.knex('tasks').select(columns).orderBy('id')).toEqual([
        {
          id: 'case-1-3',
          paused_at: T2,
          calendar_tenant: 'city',
          deadline_spec: '1 hour',
          deadline_unit: 'hour',
          deadline_amount: 1,
          warn_left: '30 minute',
          start_mode: 'created',
          started_at: T1,
          seg_start: T1,
          seg_amount: 0.5,
          pause_reason: '补正材料',
          cycle: 1,
          stage: 'yellow',
          next_check_at: null,
          yellow_at: T2,
          red_at: null,
          escalate_at: null,
          supervised_at: null,
          deadline_error: '{"code":"CALENDAR_DATA_MISSING"}',
        },
        {
          id: 'case-1-5',
          paused_at: null,
          calendar_tenant: null,
          deadline_spec: null,
          deadline_unit: null,
          deadline_amount: null,
          warn_left: null,
          start_mode: null,
          started_at: null,
          seg_start: null,
          seg_amount: null,
          pause_reason: null,
          cycle: 0,
          stage: null,
          next_check_at: null,
          yellow_at: null,
          red_at: null,
          escalate_at: null,
          supervised_at: null,
          deadline_error: null,
        },
      ]);
      // The deadline code's view of the task reads the same fields as the old row (and migration 011's provisional mark).
      await migrateTo(old.knex, '011_provisional_deadlines');
      expect(await deadlineOf(old.knex, 'case-1-3')).toEqual({ ...VERSION5_DEADLINE, provisional: null });
      expect(await deadlineOf(old.knex, 'case-1-5')).toBeUndefined();

      // Back to 005: the deadline row again, the task without the new columns (paused_at is 002's and stays).
      await migrateTo(old.knex, '005_pin_sets');
      expect(await old.knex('task_deadlines').select('*')).toEqual([VERSION5_DEADLINE]);
      expect(await old.knex.schema.hasColumn('tasks', 'stage')).toBe(false);
      expect(await old.knex('tasks').select('id', 'paused_at').orderBy('id')).toEqual([
        { id: 'case-1-3', paused_at: T2 },
        { id: 'case-1-5', paused_at: null },
      ]);
    });
  });
});

const VERSION5_DEADLINE = {
  task_id: 'case-1-3',
  instance_id: 'case-1',
  tenant_id: 'city',
  element_id: 'Task_Handle',
  calendar_tenant: 'city',
  spec: '1 hour',
  unit: 'hour',
  amount: 1,
  warn_left: '30 minute',
  start_mode: 'created',
  started_at: T1,
  seg_start: T1,
  seg_amount: 0.5,
  paused_at: T2,
  pause_reason: '补正材料',
  cycle: 1,
  stage: 'yellow',
  next_check_at: null,
  yellow_at: T2,
  red_at: null,
  escalate_at: null,
  supervised_at: null,
  error: '{"code":"CALENDAR_DATA_MISSING"}',
};

/** A case in the shape of migration 005: an open task with a yellow, paused deadline (its row and the task both say paused) and one without a deadline. */
async function seedVersion5Case(knex: Knex): Promise<void> {
  await seedCaseShell(knex, { version: 3, updatedAt: T3 });
  const task = {
    instance_id: 'case-1',
    tenant_id: 'city',
    name: '办理',
    assignee: null,
    status: 'open',
    follow_up_at: null,
    priority: 50,
    form_key: 'intake',
    candidate_groups: '["dept-rs"]',
    candidate_users: '[]',
    extension_count: 0,
    created_at: T1,
  };
  await knex('tasks').insert([
    {
      ...task,
      id: 'case-1-3',
      element_id: 'Task_Handle',
      details: '{"deadline":"1 hour"}',
      due_at: null,
      warn_at: null,
      paused_at: T2,
    },
    { ...task, id: 'case-1-5', element_id: 'Task_Notify', details: null, due_at: null, warn_at: null, paused_at: null },
  ]);
  await knex('task_deadlines').insert(VERSION5_DEADLINE);
}

import { describe, expect, it } from 'vitest';
import { Tx } from '../platform/db/tx.js';
import type { DeadlineState } from '../deadlines/index.js';
import { testDialects } from '../testing/databases.js';
import { useMigratedDatabase } from '../testing/migrated-database.js';
import { END_TASK, endTask, insertTask, type NewTask } from './task-writes.js';

const dialects = await testDialects();
const AT = '2026-11-25T02:00:00.000Z';

describe.each(dialects)('task rows on %s', (dialect) => {
  const database = useMigratedDatabase(dialect, async ({ knex }) => {
    await knex('tenants').insert({ id: 'town-a', name: 'A镇', parent_id: null, created_at: AT });
    await knex('deployments').insert({ id: 'dep1', tenant_id: 'town-a', created_at: AT });
    await knex('definitions').insert({
      id: 'def1',
      kind: 'process',
      def_key: 'p',
      version: 1,
      tenant_id: 'town-a',
      deployment_id: 'dep1',
      resource_name: 'p.bpmn',
      source: '',
      compiled: '{}',
      created_at: AT,
    });
    await knex('instances').insert({
      id: 'case1',
      definition_id: 'def1',
      process_key: 'p',
      tenant_id: 'town-a',
      status: 'active',
      state: '{}',
      version: 1,
      pinned: '{}',
      created_at: AT,
      updated_at: AT,
    });
  });

  const task = (id: string, groups: string[], users: string[]): NewTask => ({
    id,
    instance_id: 'case1',
    tenant_id: 'town-a',
    element_id: 'Task_A',
    name: '办理',
    assignee: null,
    candidate_groups: groups,
    candidate_users: users,
    due_at: '2026-12-01T00:00:00.000Z',
    warn_at: '2026-11-30T00:00:00.000Z',
    follow_up_at: null,
    priority: 50,
    form_key: 'f',
    details: null,
    created_at: AT,
  });
  const deadline = (): DeadlineState => ({
    calendar_tenant: 'town-a',
    spec: '5 workDay',
    unit: 'workDay',
    amount: 5,
    warn_left: '1 workDay',
    start_mode: 'created',
    started_at: AT,
    seg_start: AT,
    seg_amount: 5,
    paused_at: null,
    pause_reason: null,
    cycle: 0,
    stage: 'red',
    next_check_at: null,
    yellow_at: AT,
    red_at: AT,
    escalate_at: null,
    supervised_at: null,
    error: null,
    provisional: null,
  });
  const inTx = async (work: (tx: Tx) => void) => {
    const tx = await Tx.open(database());
    work(tx);
    await tx.commit();
  };
  const candidates = async (taskId: string) =>
    (await database()
      .knex('task_candidates')
      .where({ task_id: taskId })
      .orderBy(['kind', 'value'])
      .select('kind', 'value', 'created_at')) as unknown[];

  it('writes a task with its deadline state and all its inbox rows (duplicates once)', async () => {
    await inTx((tx) => insertTask(tx, task('case1-1', ['dept-rs', 'window', 'dept-rs'], ['zhang']), deadline()));
    expect(await database().knex('tasks').where({ id: 'case1-1' }).first()).toMatchObject({
      status: 'open',
      candidate_groups: '["dept-rs","window","dept-rs"]',
      candidate_users: '["zhang"]',
      calendar_tenant: 'town-a',
      deadline_spec: '5 workDay',
      deadline_unit: 'workDay',
      deadline_amount: 5,
      warn_left: '1 workDay',
      start_mode: 'created',
      started_at: AT,
      seg_start: AT,
      seg_amount: 5,
      paused_at: null,
      cycle: 0,
      stage: 'red',
      yellow_at: AT,
      red_at: AT,
      deadline_error: null,
    });
    expect(await candidates('case1-1')).toEqual([
      { kind: 'group', value: 'dept-rs', created_at: AT },
      { kind: 'group', value: 'window', created_at: AT },
      { kind: 'user', value: 'zhang', created_at: AT },
    ]);
  });

  it('writes a task without candidates or deadline', async () => {
    await inTx((tx) => insertTask(tx, task('case1-2', [], []), undefined));
    expect(await database().knex('tasks').where({ id: 'case1-2' }).first()).toMatchObject({
      stage: null,
      deadline_unit: null,
      cycle: 0,
      next_check_at: null,
    });
    expect(await candidates('case1-2')).toEqual([]);
  });

  it('ends a task: archived with how its deadline went, its own rows gone, other tasks untouched', async () => {
    await inTx((tx) => endTask(tx, 'case1-1', 'completed', 'rs1', '2026-11-26T00:00:00.000Z'));
    expect(await database().knex('task_history').where({ id: 'case1-1' }).first()).toMatchObject({
      status: 'completed',
      completed_by: 'rs1',
      completed_at: '2026-11-26T00:00:00.000Z',
      deadline_stage: 'red',
      red_at: AT,
      candidate_groups: '["dept-rs","window","dept-rs"]',
    });
    // task_history has no deadline columns: the spec goes back into details.
    expect(JSON.parse((await database().knex('task_history').where({ id: 'case1-1' }).first()).details)).toEqual({
      deadline: '5 workDay',
    });
    expect(await database().knex('tasks').where({ id: 'case1-1' })).toEqual([]);
    expect(await candidates('case1-1')).toEqual([]);
    expect(await database().knex('tasks').where({ id: 'case1-2' })).toHaveLength(1);
    // Ending it again (or a task that never was) writes nothing.
    await inTx((tx) => endTask(tx, 'case1-1', 'cancelled', null, AT));
    expect(await database().knex('task_history').where({ id: 'case1-1' })).toHaveLength(1);
  });
  it('finds the inbox rows of an ended task by their whole key, however many open tasks share its group', async () => {
    const knex = database().knex;
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      kind: i % 3 ? 'group' : 'user',
      value: i % 3 ? 'dept-rs' : `u${i % 50}`,
      created_at: `2026-11-25T02:${String(i % 60).padStart(2, '0')}:00.000Z`,
      task_id: `other-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) await knex('task_candidates').insert(rows.slice(i, i + 500));
    await inTx((tx) => insertTask(tx, task('case1-3', ['dept-rs'], ['zhang']), undefined));
    if (dialect === 'sqlite') {
      for (const sql of END_TASK.sqlite.filter((s) => s.includes('task_candidates'))) {
        const plan = (
          (await knex.raw(`explain query plan ${sql}`, ['case1-3', 'case1-3', 'case1-3'])) as Array<{ detail: string }>
        ).map((r) => r.detail);
        expect(plan).toContain(
          'SEARCH task_candidates USING PRIMARY KEY (kind=? AND value=? AND created_at=? AND task_id=?)',
        );
      }
    } else {
      await knex.raw('analyze task_candidates');
      const plan = await knex.transaction(async (trx) => {
        await trx.raw('set local plan_cache_mode = force_generic_plan');
        await trx.raw(
          `prepare end_task as ${END_TASK.postgres.replace(
            /\?/g,
            (() => {
              let n = 0;
              return () => `$${++n}`;
            })(),
          )}`,
        );
        const out = (
          await trx.raw("explain execute end_task('case1-3', 'completed', '2026-11-26T00:00:00.000Z', 'rs1')")
        ).rows
          .map((r: Record<string, string>) => r['QUERY PLAN'])
          .join('\n');
        await trx.raw('deallocate end_task');
        return out as string;
      });
      expect(plan).not.toMatch(/Seq Scan on task_candidates/);
      expect(plan).toMatch(
        /Index Scan using task_candidates_pkey on task_candidates c .*\n\s+Index Cond: \(\(\(kind\)::text = .*\(value\)::text = .*\(created_at\)::text = .*\(task_id\)::text = /,
      );
      expect(plan).toMatch(/Tid Scan on task_candidates/);
    }
    await inTx((tx) => endTask(tx, 'case1-3', 'completed', 'rs1', AT));
    expect(await candidates('case1-3')).toEqual([]);
    expect(await knex('task_candidates').count('* as n').first()).toMatchObject({ n: 3000 });
  });
});

// The figures and the 通报 from `case_figures` (migration 029) are the figures computed case by case
// from the cases' rows (`caseFacts`, kept as the reference): on a generated month, after more work on
// open cases, after a deadline moved outside a command, and at a later "now" (open tasks fall overdue
// without any write). And migration 029 on both databases: its triggers, its backfill, its way down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../runtime/index.js';
import { runMonth } from '../examples/appeal/demo/month.js';
import { openDatabase } from '../runtime/platform/db/connection.js';
import { migrateTo } from '../runtime/platform/db/migrate.js';
import { freshDatabase, startTestRuntime, testDialects, type TestRuntime } from '../runtime/testing/databases.js';
import { bulletin, monthPeriod } from '../runtime/dashboard/bulletin.js';
import { caseFacts, DIMENSIONS, factsContext, figureReport, groupFacts } from '../runtime/dashboard/figures.js';
import { backfillCaseFigures } from '../runtime/dashboard/rollup.js';

const dialects = await testDialects();
// 17:00 UTC: already the next day in Beijing.
const T1 = '2026-11-01T17:00:00.000Z';

describe.each(dialects)('figures from case_figures on %s', (dialect) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1_000_000 } });
    await runMonth({
      url: rt.url,
      clock: rt.deps.clock as ControlledClock,
      days: 8,
      appeals: 30,
      seed: 7,
      concurrency: 4,
      knex: rt.deps.db.knex,
    });
  }, 300_000);
  afterAll(async () => rt?.stop());

  /** Every dimension and every month's 通报, from the rollup, against the case-by-case reference. */
  const expectSameAsPerCase = async (now: string) => {
    const knex = rt.deps.db.knex;
    const tenantTree = await rt.deps.tenants.all();
    const tenants = [...(await rt.deps.tenants.subtree('city'))].sort();
    // Everything generated (the month's clock ends past the days it generated).
    const from = '2020-01-01T00:00:00.000Z';
    const reference = await caseFacts(knex, tenants, from, now, now);
    expect(reference.length).toBeGreaterThan(20);
    expect(reference.some((c) => c.counts.overdue > 0 || c.counts.inProgress > 0)).toBe(true);
    const context = await factsContext(knex, tenantTree);
    for (const by of DIMENSIONS) {
      const rolled = await figureReport(knex, { tenants, from, to: now, by, now, tenantTree });
      expect({ total: rolled.total, rows: rolled.rows }, by).toEqual(groupFacts(reference, by, context));
    }
    const months = [
      ...new Set(reference.map((c) => new Date(Date.parse(c.createdAt) + 8 * 3_600_000).toISOString().slice(0, 7))),
    ];
    for (const month of months) {
      const b = await bulletin(knex, { unit: 'city', tenants, month, now, tenantTree });
      const period = monthPeriod(month);
      const cases = await caseFacts(knex, tenants, period.from, period.to, now);
      expect(b.total, month).toEqual(groupFacts(cases, 'level', context).total);
      expect(b.byDepartment, month).toEqual(groupFacts(cases, 'department', context).rows);
      expect(b.byChannel, month).toEqual(groupFacts(cases, 'channel', context).rows);
      expect(b.byCategory, month).toEqual(groupFacts(cases, 'category', context).rows);
      expect(b.byLevel, month).toEqual(groupFacts(cases, 'level', context).rows);
      const levels = (level: number) => cases.filter((c) => Math.min(context.depth.get(c.tenant) ?? 0, 2) === level);
      expect(
        b.channelByLevel.map((r) => [r.key, r.levels, r.total]),
        month,
      ).toEqual(
        groupFacts(cases, 'channel', context).rows.map((r) => [
          r.key,
          [0, 1, 2].map((level) => levels(level).filter((c) => c.channel === r.key).length),
          r.received,
        ]),
      );
      expect(b.overdueCases.map((c) => c.id).sort(), month).toEqual(
        cases
          .filter((c) => c.counts.overdue > 0)
          .map((c) => c.id)
          .sort(),
      );
    }
  };

  it('gives the per-case figures for the month, after more work, a moved deadline, and later', async () => {
    const knex = rt.deps.db.knex;
    const now = rt.deps.clock.now();
    await expectSameAsPerCase(now);
    // A command on an open case (its category and 满意 set), read again: its row was marked stale and recomputed.
    const admin = await rt.login('admin');
    const open = (await knex('tasks').orderBy('created_at').select('id', 'instance_id', 'due_at')) as Array<{
      id: string;
      instance_id: string;
      due_at: string | null;
    }>;
    expect(open.length).toBeGreaterThan(1);
    const done = await rt.request('POST', `/api/process-instances/${open[0]!.instance_id}/variables`, {
      token: admin,
      body: { variables: { category: '其他', satisfaction: '满意' } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await expectSameAsPerCase(rt.deps.clock.now());
    // A red mark written outside any command (as the deadline ladder does), on a task due later.
    const other = open.find((t) => t.instance_id !== open[0]!.instance_id)!;
    await knex('tasks').where({ id: other.id }).update({ red_at: now });
    await expectSameAsPerCase(rt.deps.clock.now());
    // Sixty days on, with no write: every open task with a due time is overdue.
    await expectSameAsPerCase(new Date(Date.parse(now) + 60 * 86_400_000).toISOString());
  }, 300_000);
});

describe.each(dialects)('migration 029 on %s', (dialect) => {
  it('keeps case_figures marked by its triggers, backfills earlier appeals, and drops it all on the way down', async () => {
    const fresh = await freshDatabase(dialect);
    const db = openDatabase(fresh.url, fresh.schema);
    const knex = db.knex;
    const instance = (id: string, parent: string | null) => ({
      id,
      definition_id: 'def-1',
      process_key: 'city-appeal',
      tenant_id: 'city',
      business_key: parent ? null : `BK-${id}`,
      status: 'active',
      state: JSON.stringify({
        v: 1,
        processId: 'city-appeal',
        status: 'active',
        next: 2,
        scopes: { s1: { id: 's1', parent: null, vars: { category: '劳动纠纷', channel: '窗口', acceptance: '转办' } } },
        tokens: {},
        waits: {},
        incidents: {},
      }),
      version: 1,
      pinned: '{}',
      parent_id: parent,
      parent_call: parent ? 1 : null,
      created_at: T1,
      updated_at: T1,
      ended_at: null,
    });
    try {
      await migrateTo(knex, '025_case_search_department');
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
      await knex('instances').insert(instance('before', null));
      await migrateTo(knex, '029_case_figures');
      expect(await knex('case_figures').select('instance_id')).toEqual([]);
      // A new appeal gets a stale placeholder; a write to a case it called marks the appeal again.
      await knex('instances').insert(instance('after', null));
      await knex('instances').insert(instance('child', 'after'));
      await knex('instances').where({ id: 'child' }).update({ version: 2 });
      expect(await knex('case_figures').select('instance_id', 'day', 'in_progress', 'closed', 'stale')).toEqual([
        { instance_id: 'after', day: '2026-11-02', in_progress: 1, closed: 0, stale: 2 },
      ]);
      // The start's backfill: the earlier appeal gets its row, every stale row is computed.
      expect(await backfillCaseFigures(knex, T1)).toBe(2);
      expect(
        await knex('case_figures')
          .select('instance_id', 'day', 'category', 'channel', 'referred', 'in_progress', 'stale')
          .orderBy('instance_id'),
      ).toEqual(
        ['after', 'before'].map((instance_id) => ({
          instance_id,
          day: '2026-11-02',
          category: '劳动纠纷',
          channel: '窗口',
          referred: 1,
          in_progress: 1,
          stale: 0,
        })),
      );
      expect(await backfillCaseFigures(knex, T1)).toBe(0);
      await migrateTo(knex, '025_case_search_department');
      expect(await knex.schema.hasTable('case_figures')).toBe(false);
      await knex('instances').where({ id: 'child' }).update({ version: 3 });
      await knex('instances').insert(instance('later', null));
      expect(Number(((await knex('instances').count('* as n').first()) as { n: unknown }).n)).toBe(4);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});

// The dashboard's pre-aggregates (migration 031) against what they sum, after every command of a
// generated month — starts on every channel, completions of each step, refusals (退单) and re-routes,
// review returns, 不满意 and 重办, sign-ins and approved extensions —, after a red mark written outside
// any command, and later in time (open tasks fall overdue with no write); and rebuilt from the rows
// by the migration. Both databases.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonth } from '../examples/appeal/demo/month.js';
import type { ControlledClock } from '../runtime/index.js';
import { migrateTo } from '../runtime/platform/db/migrate.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../runtime/testing/databases.js';
import { jsonRequest } from '../examples/appeal/demo/json.js';
import { caseFacts, factsContext, figureReport, groupFacts } from '../runtime/dashboard/figures.js';
import { dayOf, refreshCaseFigures } from '../runtime/dashboard/rollup.js';
import { dashboardSummary } from '../runtime/dashboard/summary.js';

const dialects = await testDialects();
const HANDLERS: Record<string, string> = { 'dept-rs': 'rs1', 'dept-zj': 'zj1', 'dept-zz': 'zz1' };
const n = (v: unknown) => Number(v ?? 0);
const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Every counter equals its sources: appeals by status, completions per hour, settled case_figures per day. */
async function expectCountersExact(knex: Knex, what: string) {
  const pg = knex.client.config.client === 'pg';
  await knex.transaction(
    async (trx) => {
      const counts = (await trx('dashboard_case_counts')
        .select('tenant_id', 'status')
        .sum('n as n')
        .groupBy('tenant_id', 'status')) as Array<{ tenant_id: string; status: string; n: unknown }>;
      // Appeals: a case called from one is part of it (migration 035).
      const instances = (await trx('instances')
        .whereNull('parent_id')
        .select('tenant_id', 'status')
        .count('* as n')
        .groupBy('tenant_id', 'status')) as Array<{ tenant_id: string; status: string; n: unknown }>;
      const nonZero = (rows: Array<{ tenant_id: string; status: string; n: unknown }>) =>
        sorted(rows.filter((r) => n(r.n) !== 0).map((r) => [r.tenant_id, r.status, n(r.n)]));
      expect(nonZero(counts), `${what}: cases per status`).toEqual(nonZero(instances));

      const hourly = (await trx('dashboard_hourly')
        .select('tenant_id', 'hour')
        .sum('cases_completed as c')
        .sum('tasks_completed as t')
        .sum('tasks_on_time as o')
        .groupBy('tenant_id', 'hour')) as Array<Record<string, unknown>>;
      const hours = new Map<string, number[]>();
      const at = (tenant: string, hour: string) => {
        const key = `${tenant} ${hour}`;
        const h = hours.get(key) ?? [0, 0, 0];
        hours.set(key, h);
        return h;
      };
      for (const i of (await trx('instances')
        .whereNull('parent_id')
        .where({ status: 'completed' })
        .whereNotNull('ended_at')
        .select('tenant_id', 'ended_at')) as Array<{ tenant_id: string; ended_at: string }>)
        at(i.tenant_id, i.ended_at.slice(0, 13))[0]!++;
      for (const t of (await trx('task_history')
        .where({ status: 'completed' })
        .whereNotNull('due_at')
        .select('tenant_id', 'completed_at', 'due_at')) as Array<Record<string, string>>) {
        const h = at(t.tenant_id!, t.completed_at!.slice(0, 13));
        h[1]!++;
        if (t.completed_at! <= t.due_at!) h[2]!++;
      }
      expect(
        sorted(
          hourly
            .map((r) => [`${r.tenant_id} ${r.hour}`, n(r.c), n(r.t), n(r.o)])
            .filter((r) => r.slice(1).some((v) => v !== 0)),
        ),
        `${what}: completions per hour`,
      ).toEqual(sorted([...hours.entries()].filter(([, v]) => v.some((x) => x !== 0)).map(([k, v]) => [k, ...v])));

      const key = ['tenant_id', 'day', 'category', 'channel', 'department', 'department_name', 'refused_by'];
      const values = ['received', 'closed', 'closed_on_time', 'late', 'referred', 'refused', 'reworked', 'satisfied'];
      const daily = (await trx('case_figures_daily')
        .where('received', '>', 0)
        .select(...key, ...values)) as Array<Record<string, unknown>>;
      const settled = (await trx('case_figures')
        .where({ stale: 0 })
        .whereNot({ status: 'active' })
        .whereNull('open_due_at')
        .select(
          ...key,
          trx.raw('count(*) as received'),
          trx.raw('sum(closed) as closed'),
          trx.raw('sum(case when closed = 1 and late = 0 then 1 else 0 end) as closed_on_time'),
          ...['late', 'referred', 'refused', 'reworked', 'satisfied'].map((c) => trx.raw(`sum(${c}) as ${c}`)),
        )
        .groupBy(key)) as Array<Record<string, unknown>>;
      const rowsOf = (rows: Array<Record<string, unknown>>) =>
        sorted(rows.map((r) => [...key.map((k) => r[k]), ...values.map((v) => n(r[v]))]));
      expect(rowsOf(daily), `${what}: settled appeals per day`).toEqual(rowsOf(settled));
    },
    // One snapshot for the counters and their sources (background jobs may write meanwhile).
    pg ? { isolationLevel: 'repeatable read' } : {},
  );
}

describe.each(dialects)('dashboard counters on %s', (dialect) => {
  let rt: TestRuntime;
  let proxy: Server;
  const checked = new Map<string, number>();

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1_000_000 } });
    // The month's requests go through this proxy, which checks the counters after every command.
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'authorization']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      const upstream = await fetch(rt.url + req.url, {
        method: req.method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = await upstream.text();
      if (req.method === 'POST' && upstream.status < 300 && !req.url!.startsWith('/api/auth/')) {
        const kind = req.url!.replace(/\?.*$/, '').replace(/\/[^/]*\d[^/]*/g, '/:id');
        await expectCountersExact(rt.deps.db.knex, `after POST ${req.url}`);
        checked.set(kind, (checked.get(kind) ?? 0) + 1);
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    await runMonth({
      url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      clock: rt.deps.clock as ControlledClock,
      days: 8,
      appeals: 30,
      // A month with refusals (退单), a review return, 不满意 and 重办, and an extension.
      seed: 4,
      // One request at a time: each check sees the state right after its command.
      concurrency: 1,
    });
    // An extension asked and approved on a department's open task, if the month had none approved.
    if (![...checked.keys()].some((k) => k.endsWith('/approve'))) {
      const proxied = jsonRequest(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      const task = (await rt.deps.db
        .knex('tasks')
        .where('due_at', '>', new Date(Date.parse(rt.deps.clock.now()) + 86_400_000).toISOString())
        .where('element_id', 'Task_Handle')
        .first('id', 'candidate_groups')) as { id: string; candidate_groups: string } | undefined;
      expect(task).toBeDefined();
      const handler = await rt.login(HANDLERS[(JSON.parse(task!.candidate_groups) as string[])[0]!] ?? 'city-admin');
      expect((await proxied('POST', `/api/tasks/${task!.id}/claim`, { token: handler })).status).toBe(200);
      const asked = await proxied('POST', `/api/tasks/${task!.id}/extension-requests`, {
        token: handler,
        body: { reason: '需现场勘验，申请延期', extendBy: '3 workDay' },
      });
      expect(asked.status, JSON.stringify(asked.body)).toBeLessThan(300);
      const approved = await proxied('POST', `/api/extension-requests/${asked.body.id}/approve`, {
        token: await rt.login('dispatcher1'),
        body: { note: '同意延期' },
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
  }, 600_000);
  afterAll(async () => {
    proxy?.close();
    await rt?.stop();
  });

  it('equal what they count after every kind of command, a red mark, and later; the overview and figures use them', async () => {
    const knex = rt.deps.db.knex;
    // Every kind of command was checked (the start paths, step completions, signing, extensions).
    const kinds = [...checked.keys()].join(' ');
    for (const path of ['/api/public/intake', '/appeals', '/complete', '/claim', '/extension-requests', '/approve'])
      expect(kinds, path).toContain(path);
    const now = rt.deps.clock.now();
    const tenants = [...(await rt.deps.tenants.subtree('city'))].sort();
    const tenantTree = await rt.deps.tenants.all();
    const reference = await caseFacts(knex, tenants, '2020-01-01T00:00:00.000Z', now, now);
    // The month had each kind of case the counters must follow.
    for (const k of ['closed', 'inProgress', 'refused', 'returned', 'reworked', 'extended'] as const)
      expect(
        reference.some((c) => c.counts[k] > 0),
        k,
      ).toBe(true);

    // Once the stale rows are computed, the daily sums hold each settled appeal's per-case facts.
    await refreshCaseFigures(knex, now);
    await expectCountersExact(knex, 'after the refresh');
    const context = await factsContext(knex, tenantTree);
    const settledCases = reference.filter((c) => c.status !== 'active' && c.openDueAt === null);
    const daily = (await knex('case_figures_daily').where('received', '>', 0).select('*')) as Array<
      Record<string, unknown>
    >;
    expect(daily.reduce((s, r) => s + n(r.received), 0)).toBe(settledCases.length);
    for (const by of ['tenant', 'category', 'department'] as const)
      expect(
        groupFacts(
          daily.map((r) => ({
            ...settledCases[0]!,
            tenant: String(r.tenant_id),
            category: String(r.category),
            department: String(r.department),
            departmentName: String(r.department_name),
            refusedBy: Array.from({ length: n(r.received) }, () => JSON.parse(String(r.refused_by)) as string[]).flat(),
            counts: {
              ...settledCases[0]!.counts,
              received: n(r.received),
              ...Object.fromEntries(
                ['closed', 'referred', 'refused', 'reworked', 'satisfied', 'extended', 'returned'].map((c) => [
                  c,
                  n(r[c]),
                ]),
              ),
              closedOnTime: n(r.closed_on_time),
              overdue: n(r.late),
              answeredOnSpot: n(r.answered_on_spot),
              notAccepted: n(r.not_accepted),
              inProgress: n(r.in_progress),
              supervised: n(r.supervised),
              followedUp: n(r.followed_up),
              refusals: 0,
            },
          })),
          by,
          context,
        ),
        by,
      ).toEqual(groupFacts(settledCases, by, context));

    // A red mark outside any command, then a later "now": the counters still hold, the figures are the per-case ones.
    const open = (await knex('tasks').select('id')) as Array<{ id: string }>;
    expect(open.length).toBeGreaterThan(0);
    await knex('tasks').where({ id: open[0]!.id }).update({ red_at: now });
    await expectCountersExact(knex, 'after a red mark');
    expect(
      (await caseFacts(knex, tenants, '2020-01-01T00:00:00.000Z', now, now)).some((c) => c.counts.overdue > 0),
    ).toBe(true);
    const later = new Date(Date.parse(now) + 40 * 86_400_000).toISOString();
    const from = new Date(Date.parse(now) - 9 * 86_400_000 + 3_600_000 * 5 + 7).toISOString();
    for (const at of [now, later]) {
      const cases = await caseFacts(knex, tenants, from, at, at);
      for (const by of ['level', 'department', 'day'] as const)
        expect(
          await figureReport(knex, { tenants, from, to: at, by, now: at, tenantTree }),
          `${by} at ${at}`,
        ).toMatchObject(groupFacts(cases, by, context));
    }
    await expectCountersExact(knex, 'after the reads');

    // The overview's loop from the hours and the partial first hour equals counting the rows.
    for (const since of [
      new Date(Date.parse(now) - 5 * 86_400_000 - 1_234_567).toISOString(),
      `${dayOf(now)}T00:00:00.000Z`,
      '2020-01-01T00:00:00.000Z',
    ]) {
      const loop = (await dashboardSummary(knex, tenants, now, since)).loop;
      const cases = n(
        (
          (await knex('instances')
            .whereIn('tenant_id', tenants)
            .whereNull('parent_id')
            .where({ status: 'completed' })
            .where('ended_at', '>=', since)
            .count('* as n')
            .first()) as { n: unknown }
        ).n,
      );
      const tasks = (await knex('task_history')
        .whereIn('tenant_id', tenants)
        .where({ status: 'completed' })
        .where('completed_at', '>=', since)
        .whereNotNull('due_at')
        .select(
          knex.raw('count(*) as done'),
          knex.raw('sum(case when completed_at <= due_at then 1 else 0 end) as on_time'),
        )
        .first()) as { done: unknown; on_time: unknown };
      expect(loop, since).toMatchObject({
        completedCases: cases,
        tasksCompleted: n(tasks.done),
        tasksOnTime: n(tasks.on_time),
      });
      if (since < new Date(Date.parse(now) - 3 * 86_400_000).toISOString())
        expect(cases + n(tasks.done), since).toBeGreaterThan(0);
    }
  }, 300_000);

  it('migrations 031 and 035 rebuild the counters from the rows on their way up, and drop them on the way down', async () => {
    const knex = rt.deps.db.knex;
    await refreshCaseFigures(knex, rt.deps.clock.now());
    await migrateTo(knex, '029_case_figures');
    expect(await knex.schema.hasTable('case_figures_daily')).toBe(false);
    await migrateTo(knex, '031_dashboard_counters');
    expect(n(((await knex('case_figures_daily').count('* as n').first()) as { n: unknown }).n)).toBeGreaterThan(0);
    await migrateTo(knex, '035_counters_count_appeals');
    await expectCountersExact(knex, 'after the migration');
  }, 120_000);
});

// A short demo month on both databases: it runs through the API without an error, and the
// dashboard's figures reconcile with it — every case once, each grouping adding up to the whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../runtime/index.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../runtime/testing/databases.js';
import { pino } from 'pino';
import { demoMonthOnFirstStart } from '../examples/appeal/demo/first-start.js';
import { runMonth } from '../examples/appeal/demo/month.js';
import { FIGURE_COLUMNS } from '../runtime/dashboard/figures.js';

const dialects = await testDialects();
// Every count of a figure row (the rates are derived from them, not summed).
const COUNTS = FIGURE_COLUMNS.map(([key]) => key).filter((key) => !key.endsWith('Rate'));

describe.each(dialects)('the demo month on %s', (dialect) => {
  let rt: TestRuntime;
  let planned = 0;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1_000_000 } });
    planned = (
      await runMonth({
        url: rt.url,
        clock: rt.deps.clock as ControlledClock,
        days: 10,
        appeals: 40,
        // A seed whose month has online appeals at A镇 itself (verified by 东村's grid worker).
        seed: 4,
        concurrency: 4,
        knex: rt.deps.db.knex,
      })
    ).cases;
  }, 300_000);
  afterAll(async () => rt?.stop());

  it('the figures count each appeal once and every grouping adds up to the whole', async () => {
    await expectReconciled(rt, planned);
  });

  it("A镇's own online appeals too are verified by 东村's grid worker, whose step it is (not an administrator)", async () => {
    const verified = (await rt.deps.db
      .knex('task_history')
      .where({ element_id: 'Task_Verify', status: 'completed' })
      .select('tenant_id', 'completed_by')) as Array<{ tenant_id: string; completed_by: string }>;
    expect(verified.some((v) => v.tenant_id === 'town-a')).toBe(true);
    expect(new Set(verified.map((v) => v.completed_by))).toEqual(new Set(['grid1']));
  });
});

describe.each(dialects)('the first start of a new demo database on %s', (dialect) => {
  let rt: TestRuntime;
  afterAll(async () => rt?.stop());

  it('generates the demo month once, on a clock back on real time afterwards, and its figures reconcile', async () => {
    // As `npm start` does: demo mode on the server's own clock (not the API-controlled one).
    rt = await startTestRuntime(dialect, {
      loadExamples: true,
      controlledClock: false,
      publicIntake: { limitPerMinute: 1_000_000 },
    });
    expect(rt.deps.clock.controlled).toBe(false);
    const log = pino({ level: 'silent' });
    const first = await demoMonthOnFirstStart(rt, log, 30);
    expect(first?.cases).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(rt.deps.clock.now()) - Date.now())).toBeLessThan(60_000);
    const health = (await rt.request('GET', '/api/health')).body as { warnings: string[] };
    expect(health.warnings.some((w) => w.includes('演示月'))).toBe(false);
    // A database with cases is not new: nothing more is generated.
    expect(await demoMonthOnFirstStart(rt, log, 30)).toBeUndefined();
    await expectReconciled(rt, first!.cases);
  }, 300_000);
});

async function expectReconciled(rt: TestRuntime, planned: number): Promise<void> {
  {
    const supervisor = await rt.login('dispatcher1');
    const appeals = Number(
      ((await rt.deps.db.knex('instances').whereNull('parent_id').count('* as n').first()) as { n: unknown }).n,
    );
    expect(appeals).toBe(planned);
    for (const by of ['level', 'tenant', 'category', 'channel', 'department', 'day', 'week', 'month']) {
      const r = (await rt.request('GET', `/api/dashboard/figures?by=${by}&days=40`, { token: supervisor })).body;
      expect(r.total.received, by).toBe(appeals);
      for (const key of COUNTS)
        expect(
          r.rows.reduce((sum: number, row: Record<string, number>) => sum + row[key]!, 0),
          `${by}.${key}`,
        ).toBe(r.total[key]);
      expect(r.total.received).toBe(r.total.inProgress + r.total.closed);
    }
    await expectBulletinsReconciled(rt, supervisor, appeals);
    const levels = (await rt.request('GET', '/api/dashboard/figures?by=level&days=40', { token: supervisor })).body;
    expect(levels.rows[0]).toMatchObject({ name: '市级' });
    expect(levels.total.closed).toBeGreaterThan(0);
    expect(levels.total.onTimeRate).toBeGreaterThan(0);
  }
}

/**
 * The monthly 通报 of each month the demo touched: its totals are the dashboard's for that month,
 * its levels (and channels by level, and units) add up to its total, and the months add up to every appeal.
 */
async function expectBulletinsReconciled(rt: TestRuntime, token: string, appeals: number): Promise<void> {
  const created = (await rt.deps.db.knex('instances').whereNull('parent_id').select('created_at')) as Array<{
    created_at: string;
  }>;
  const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  const months = [...new Set(created.map((r) => shanghai(r.created_at).slice(0, 7)))].sort();
  let received = 0;
  for (const month of months) {
    const b = (await rt.request('GET', `/api/dashboard/bulletin?month=${month}`, { token })).body;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const figures = (await rt.request('GET', `/api/dashboard/figures?by=level&from=${month}-01&to=${last}`, { token }))
      .body;
    expect(b.total, month).toEqual(figures.total);
    expect(b.byLevel, month).toEqual(figures.rows);
    for (const key of COUNTS)
      for (const rows of [b.byLevel, b.byChannel, b.byCategory, b.unitRanking])
        expect(
          rows.reduce((sum: number, row: Record<string, number>) => sum + row[key]!, 0),
          `${month} ${key}`,
        ).toBe(b.total[key]);
    const byLevel = [0, 1, 2].map((i) =>
      b.channelByLevel.reduce((sum: number, r: { levels: number[] }) => sum + r.levels[i]!, 0),
    );
    expect(byLevel.reduce((a: number, n: number) => a + n, 0)).toBe(b.total.received);
    received += b.total.received;
  }
  expect(received).toBe(appeals);
}

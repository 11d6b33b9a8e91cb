// Every count of cases in the dashboard's figures opens exactly those cases: on a short demo month
// (on-the-spot answers, refusals and re-routes, extensions, overdue and supervised cases, reviews
// returned, 不满意 and rework), for each grouping and row, the case search the figure drills into
// (as the figures table builds it) finds as many cases as the figure counts — on both databases.
// So do the overview's bars by step and by department.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonth } from '../examples/appeal/demo/month.js';
import type { ControlledClock } from '../runtime/index.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../runtime/testing/databases.js';

const dialects = await testDialects();

type Row = Record<string, number> & { key: string; name: string };
type Report = { from: string; to: string; total: Record<string, number>; rows: Row[] };

/**
 * The search filters of each count, as `designer/src/dashboard/FigureTable.tsx` drills (退单案件 by
 * department: the cases the department refused; 退单次数 counts refusals and opens no list).
 */
const DRILLS: Record<string, (filters: Record<string, string>) => Record<string, string> | undefined> = {
  refused: ({ department, ...f }) => (department ? { ...f, refusedBy: department } : { ...f, figure: 'refused' }),
  ...Object.fromEntries(
    [
      'received',
      'answeredOnSpot',
      'notAccepted',
      'referred',
      'inProgress',
      'closed',
      'closedOnTime',
      'overdue',
      'supervised',
      'extended',
      'returned',
      'reworked',
      'followedUp',
      'satisfied',
    ].map((figure) => [figure, (f: Record<string, string>) => ({ ...f, figure })]),
  ),
};
/** A row's own filters, as `designer/src/dashboard/periods.ts` `rowFilters` gives them. */
const ROW_FILTERS: Record<string, (key: string) => Record<string, string> | undefined> = {
  level: (key) => ({ level: key }),
  tenant: (key) => ({ tenant: key }),
  channel: (key) => ({ channel: key || '-' }),
  category: (key) => (key ? { category: key } : undefined),
  department: (key) => (key ? { department: key } : undefined),
};

describe.each(dialects)('figures and the cases they drill into on %s', (dialect) => {
  let rt: TestRuntime;
  let token: string;
  const get = async (path: string) => {
    const r = await rt.request('GET', path, { token });
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const searched = async (filters: Record<string, string>) =>
    ((await get(`/api/cases?${new URLSearchParams(filters)}`)) as { total: number }).total;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1_000_000 } });
    await runMonth({
      url: rt.url,
      clock: rt.deps.clock as ControlledClock,
      days: 12,
      appeals: 60,
      // A seed whose month has cases behind every count (督办 after a second 不满意, an extension, a refusal…).
      seed: 15,
      concurrency: 4,
      knex: rt.deps.db.knex,
    });
    // The month ends by setting the clock to today: the timers that fell due meanwhile run in the
    // background, and a figure read while one still runs would change before its drill is searched.
    const knex = rt.deps.db.knex;
    for (let waited = 0; waited < 60_000; waited += 100) {
      const due = await knex('jobs').where('due_at', '<=', rt.deps.clock.now()).first('id');
      if (!due) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Then nothing moves while counts and lists are compared: the clock runs on with real time, so a
    // timer or the warning ladder (督办 of what stays overdue) would otherwise change a case between
    // its figure and its list on a slow machine.
    await rt.executor.stop();
    await rt.ladder.stop();
    token = await rt.login('dispatcher1');
  }, 300_000);
  afterAll(async () => rt?.stop());

  it('each count of a figure row finds as many cases as it counts', async () => {
    const drilled = new Map<string, number>();
    for (const by of Object.keys(ROW_FILTERS)) {
      const report = (await get(`/api/dashboard/figures?by=${by}&days=40`)) as Report;
      for (const row of report.rows) {
        const own = ROW_FILTERS[by]!(row.key);
        if (!own) continue;
        for (const [figure, drill] of Object.entries(DRILLS)) {
          const filters = drill({ ...own, from: report.from, to: report.to });
          if (!filters || row[figure] === 0) continue;
          expect(await searched(filters), `${by} ${row.name} ${figure}`).toBe(row[figure]);
          drilled.set(figure, (drilled.get(figure) ?? 0) + 1);
        }
      }
      // The whole period too (the table's total row counts the same cases).
      if (by === 'level')
        for (const [figure, drill] of Object.entries(DRILLS)) {
          const filters = drill({ from: report.from, to: report.to });
          if (filters) expect(await searched(filters), `total ${figure}`).toBe(report.total[figure]);
        }
    }
    // The month has cases behind every count (else this test would check nothing for it).
    expect([...drilled.keys()].sort()).toEqual(Object.keys(DRILLS).sort());
  }, 120_000);

  it("the overview's cases closed lately and its bars by step and by department count the cases they open", async () => {
    const summary = (await get('/api/dashboard')) as {
      since: string;
      loop: { completedCases: number };
      byStep: Array<{ elementId: string; name: string | null; open: number; overdue: number }>;
      byDepartment: Array<{ group: string; open: number; overdue: number }>;
    };
    // 近30天办结: the cases closed since.
    expect(summary.loop.completedCases).toBeGreaterThan(0);
    expect(await searched({ closedSince: summary.since, figure: 'closed' })).toBe(summary.loop.completedCases);
    expect(summary.byStep.length).toBeGreaterThan(1);
    for (const s of summary.byStep) {
      const step = s.name ?? s.elementId;
      expect(await searched({ openStep: step }), step).toBe(s.open);
      expect(await searched({ openStep: step, light: 'red' }), `${step} overdue`).toBe(s.overdue);
    }
    for (const d of summary.byDepartment) {
      expect(await searched({ openDepartment: d.group }), d.group).toBe(d.open);
      expect(await searched({ openDepartment: d.group, light: 'red' }), `${d.group} overdue`).toBe(d.overdue);
    }
  }, 60_000);
});

// `npm run bench:dashboard`: the dashboard and the monthly 通报 at scale. Loads N closed cases
// (default 1,000,000) straight into the tables, in the shape the runtime writes them: one real
// appeal is first run through the API (受理登记 → 受理审查 → 分类转办 → 部门办理 → 审核 → 回访), and
// its `instances` row, its six `task_history` rows and its `case_search` row are cloned with new
// ids, tenants (≈86 % city), categories, channels, departments, dates spread over `--days` days
// ending now, some late (办理 completed after its deadline), extended, supervised, 不满意 (each
// appeal's `case_figures` row is left as the database's trigger writes it: stale). Then it
// times, as the API calls them, GET /api/dashboard (the overview), GET /api/dashboard/figures for
// the last 30 days by level and by department, and GET /api/dashboard/bulletin for the last full
// month, and prints p50/p95 per query and database. A script, not a test (no timing assertions).
//
//   npx tsx runtime/bench/dashboard.bench.ts [--dbs sqlite|sqlite,postgres] [--cases 1000000] [--days 365] [--runs 20] [--loader sql|js]
//   PostgreSQL: DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped afterwards,
//   or with `--keep-schema NAME` in that schema, kept: loaded once, later runs only time the reads.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { bulletin, dashboardSummary, figureReport, monthOf, refreshCaseFigures } from '../dashboard/index.js';
import { parseState, serializeState, type InstanceRow } from '../execution/instance-row.js';
import { keptPostgresSchema, postgresAvailable, startTestRuntime, type TestRuntime } from '../testing/databases.js';
import { percentile, stringOption, intOption } from './stats.js';

const DBS = stringOption('--dbs', 'BENCH_DBS', 'sqlite').split(',') as Array<'sqlite' | 'postgres'>;
const CASES = intOption('--cases', 'BENCH_CASES', 1_000_000);
const DAYS = intOption('--days', 'BENCH_DAYS', 365);
const RUNS = intOption('--runs', 'BENCH_RUNS', 20);
/** `sql`: the clones are made by the database (INSERT … SELECT over a series), `js`: built here and batch-inserted. */
const LOADER = stringOption('--loader', 'BENCH_LOADER', 'sql') as 'sql' | 'js';
const KEEP_SCHEMA = stringOption('--keep-schema', 'BENCH_KEEP_SCHEMA', '');
const DAY = 86_400_000;
const HOUR = 3_600_000;

// ≈86 % at the city, the rest at townships, a village and the park (the report's proportions).
const TENANTS: Array<[string, number]> = [
  ['city', 86],
  ['town-a', 5],
  ['town-a-east', 2],
  ['street-b', 5],
  ['park', 2],
];
const CATEGORIES = ['劳动纠纷', '物业纠纷', '环境污染', '邻里纠纷', '消费纠纷', '婚姻家庭', '其他'];
const CHANNELS = ['窗口', '电话', '网上', '小程序', '一企一码'];
const DEPARTMENTS: Array<[string, string]> = [
  ['dept-rs', '市人力资源和社会保障局'],
  ['dept-zj', '市住房和城乡建设局'],
  ['dept-zz', '综治中心综合组'],
];
const SATISFACTION = ['满意', '满意', '满意', '基本满意', '不满意'];

const tenantOf = (i: number) => {
  let n = (i * 7919) % 100;
  for (const [t, share] of TENANTS) {
    if (n < share) return t;
    n -= share;
  }
  return 'city';
};

/** One appeal through the whole loop, as a citizen, the centre and a department would. */
async function templateCase(rt: TestRuntime) {
  const admin = await rt.login('admin');
  const data = {
    applicantName: '林一',
    phone: '13300005555',
    category: '劳动纠纷',
    description: '服装厂拖欠两个月工资',
  };
  const r = await rt.request('POST', '/api/public/intake/city', { body: { data } });
  if (r.status !== 201) throw new Error(`intake: ${r.status} ${JSON.stringify(r.body)}`);
  const id = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
    .body[0].id as string;
  const changes: Record<string, Record<string, unknown>> = {
    Task_Accept: { acceptance: '转办' },
    Task_Dispatch: { department: 'dept-rs', departmentName: '市人力资源和社会保障局', timeLimit: '5 workDay' },
    Task_Handle: { handleResult: '办结', answer: '已督促企业补发工资' },
    Task_Review: { reviewResult: '通过' },
    Task_FollowUp: { satisfaction: '满意', remark: '' },
  };
  for (let n = 0; n < 10; n++) {
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${id}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
    }>;
    if (!task) break;
    const form = (await rt.request('GET', `/api/tasks/${task.id}/form`, { token: admin })).body;
    const done = await rt.request('POST', `/api/tasks/${task.id}/complete`, {
      token: admin,
      body: { variables: { ...form.data, ...(changes[task.elementId] ?? {}) } },
    });
    if (done.status !== 200) throw new Error(`${task.elementId}: ${JSON.stringify(done.body)}`);
  }
  const knex = rt.deps.db.knex;
  const row = (await knex('instances').where({ id }).first()) as InstanceRow;
  if (row.status !== 'completed') throw new Error(`the template case is ${row.status}`);
  const tasks = (await knex('task_history').where({ instance_id: id }).orderBy('created_at')) as Array<
    Record<string, unknown>
  >;
  const search = (await knex('case_search').where({ instance_id: id }).first()) as Record<string, unknown>;
  return { row, tasks, search };
}

async function load(rt: TestRuntime): Promise<void> {
  const knex = rt.deps.db.knex;
  const { row, tasks, search } = await templateCase(rt);
  const state = parseState(row);
  const root = Object.values(state.scopes).find((s) => s.parent === null)!;
  // The variables that differ between cases, combined into states serialized once each.
  const variants = new Map<string, string>();
  const stateOf = (category: string, channel: string, dept: number, satisfaction: string) => {
    const key = `${category}|${channel}|${dept}|${satisfaction}`;
    let s = variants.get(key);
    if (!s) {
      const [department, departmentName] = DEPARTMENTS[dept]!;
      root.vars = { ...root.vars, category, channel, department, departmentName, satisfaction };
      s = serializeState(state);
      variants.set(key, s);
    }
    return s;
  };
  const end = Date.now();
  const start = end - DAYS * DAY;
  const began = performance.now();
  const CHUNK = 2000;
  for (let from = 0; from < CASES; from += CHUNK) {
    const instances: Array<Record<string, unknown>> = [];
    const history: Array<Record<string, unknown>> = [];
    const searchRows: Array<Record<string, unknown>> = [];
    for (let i = from; i < Math.min(CASES, from + CHUNK); i++) {
      const id = `bd${String(i).padStart(14, '0')}`;
      const createdMs = start + Math.floor((i / CASES) * (end - start - 5 * DAY));
      const created = new Date(createdMs).toISOString();
      const tenant = tenantOf(i);
      const category = CATEGORIES[i % CATEGORIES.length]!;
      const channel = CHANNELS[(i >> 3) % CHANNELS.length]!;
      const dept = (i >> 5) % DEPARTMENTS.length;
      const satisfaction = SATISFACTION[(i >> 2) % SATISFACTION.length]!;
      const late = i % 13 === 0;
      const ended = new Date(createdMs + 3 * DAY + (late ? 5 * DAY : 0)).toISOString();
      instances.push({
        ...row,
        id,
        tenant_id: tenant,
        business_key: `BD${String(i).padStart(10, '0')}`,
        state: stateOf(category, channel, dept, satisfaction),
        created_at: created,
        updated_at: ended,
        ended_at: ended,
      });
      tasks.forEach((t, k) => {
        const at = createdMs + k * 10 * HOUR;
        const handle = t.element_id === 'Task_Handle';
        history.push({
          ...t,
          id: `${id}-${k}`,
          instance_id: id,
          tenant_id: tenant,
          candidate_groups: handle ? JSON.stringify([DEPARTMENTS[dept]![0]]) : t.candidate_groups,
          created_at: new Date(at).toISOString(),
          completed_at: new Date(at + (handle && late ? 8 * DAY : 2 * HOUR)).toISOString(),
          due_at: t.due_at === null ? null : new Date(at + 5 * DAY).toISOString(),
          extension_count: handle && i % 20 === 0 ? 1 : t.extension_count,
          supervised_at: handle && i % 33 === 0 ? new Date(at + 6 * DAY).toISOString() : null,
        });
      });
      searchRows.push({
        ...search,
        instance_id: id,
        tenant_id: tenant,
        business_key: `BD${String(i).padStart(10, '0')}`,
        category,
        channel,
        department: DEPARTMENTS[dept]![0],
        created_at: created,
      });
    }
    await knex.transaction(async (trx) => {
      await trx.batchInsert('instances', instances, 500);
      await trx.batchInsert('task_history', history, 500);
      await trx.batchInsert('case_search', searchRows, 500);
    });
    if ((from / CHUNK) % 50 === 0)
      process.stdout.write(
        `\r  loaded ${from + instances.length} cases, ${Math.round((performance.now() - began) / 1000)} s`,
      );
  }
  await knex.raw('analyze');
  console.log(`\n  loaded ${CASES} cases in ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

/**
 * The same clones as `load`, made by the database itself: one `INSERT … SELECT` per table and chunk
 * over a series of case numbers, every varying column an expression of the number `i` with the same
 * formulas, the rest the template's values; the states (one per combination of the varying
 * variables) are serialized here once, into a temporary table. The triggers fire as for any insert.
 */
async function loadInDatabase(rt: TestRuntime, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const knex = rt.deps.db.knex;
  const { row, tasks, search } = await templateCase(rt);
  const state = parseState(row);
  const root = Object.values(state.scopes).find((s) => s.parent === null)!;
  const pg = dialect === 'postgres';
  await knex.raw('create temporary table bench_states (k integer primary key, state text not null)');
  const states: Array<{ k: number; state: string }> = [];
  for (let sat = 0; sat < SATISFACTION.length; sat++)
    for (let dept = 0; dept < DEPARTMENTS.length; dept++)
      for (let chan = 0; chan < CHANNELS.length; chan++)
        for (let cat = 0; cat < CATEGORIES.length; cat++) {
          const [department, departmentName] = DEPARTMENTS[dept]!;
          root.vars = {
            ...root.vars,
            category: CATEGORIES[cat],
            channel: CHANNELS[chan],
            department,
            departmentName,
            satisfaction: SATISFACTION[sat],
          };
          states.push({ k: cat + 7 * (chan + 5 * (dept + 3 * sat)), state: serializeState(state) });
        }
  await knex.batchInsert('bench_states', states, 200);
  const end = Date.now();
  const start = end - DAYS * DAY;
  const began = performance.now();
  const list = (xs: readonly string[]) => `(case ${xs.map((x, n) => `when %s = ${n} then '${x}'`).join(' ')} end)`;
  const pick = (xs: readonly string[], index: string) => list(xs).replaceAll('%s', index);
  const pad = (prefix: string, width: number) =>
    pg
      ? `'${prefix}' || lpad(i::text, ${width}, '0')`
      : `'${prefix}' || substr('${'0'.repeat(width)}' || i, -${width})`;
  const iso = (ms: string) =>
    pg
      ? `to_char(to_timestamp((${ms})::float8 / 1000) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`;
  const created = `(${start} + ((i * ${end - start - 5 * DAY}) / ${CASES}))`;
  const late = '(i % 13 = 0)';
  let bound = 0;
  const thresholds = TENANTS.map(([t, share]) => [t, (bound += share)] as const);
  const tenant = `(case ${thresholds.map(([t, b]) => `when (i * 7919) % 100 < ${b} then '${t}'`).join(' ')} end)`;
  const dept = '((i >> 5) % 3)';
  const value = (v: unknown) => (v === null || v === undefined ? 'null' : knex.raw('?', [v as string]).toQuery());
  const template = (r: Record<string, unknown>, exprs: Record<string, string>) =>
    Object.keys(r).map((c) => exprs[c] ?? value(r[c]));
  const series = (from: number, to: number) =>
    pg
      ? `generate_series(${from}::bigint, ${to - 1}::bigint) as s(i)`
      : `(with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to - 1}) select i from n) s`;
  // On PostgreSQL the readers' trigger on task_history (migration 023: who may open a case, nothing the
  // dashboard reads) is held off while loading, to shorten a 1M load.
  if (pg) await knex.raw('alter table task_history disable trigger case_readers_task_history');
  const CHUNK = 20_000;
  for (let from = 0; from < CASES; from += CHUNK) {
    const to = Math.min(CASES, from + CHUNK);
    await knex.transaction(async (trx) => {
      const instanceExprs: Record<string, string> = {
        id: pad('bd', 14),
        tenant_id: tenant,
        business_key: pad('BD', 10),
        state:
          '(select b.state from bench_states b where b.k = (i % 7) + 7 * (((i >> 3) % 5) + 5 * (((i >> 5) % 3) + 3 * ((i >> 2) % 5))))',
        created_at: iso(created),
        updated_at: iso(`${created} + ${3 * DAY} + case when ${late} then ${5 * DAY} else 0 end`),
        ended_at: iso(`${created} + ${3 * DAY} + case when ${late} then ${5 * DAY} else 0 end`),
      };
      await trx.raw(
        `insert into instances (${Object.keys(row).join(', ')}) select ${template(row as unknown as Record<string, unknown>, instanceExprs).join(', ')} from ${series(from, to)}`,
      );
      for (const [k, t] of tasks.entries()) {
        const at = `(${created} + ${k * 10 * HOUR})`;
        const handle = t.element_id === 'Task_Handle';
        const exprs: Record<string, string> = {
          id: `${pad('bd', 14)} || '-${k}'`,
          instance_id: pad('bd', 14),
          tenant_id: tenant,
          created_at: iso(at),
          completed_at: iso(
            handle ? `${at} + case when ${late} then ${8 * DAY} else ${2 * HOUR} end` : `${at} + ${2 * HOUR}`,
          ),
          due_at: t.due_at === null ? 'null' : iso(`${at} + ${5 * DAY}`),
          supervised_at: handle ? `case when i % 33 = 0 then ${iso(`${at} + ${6 * DAY}`)} end` : 'null',
        };
        if (handle) {
          exprs.candidate_groups = `'["' || ${pick(
            DEPARTMENTS.map(([d]) => d),
            dept,
          )} || '"]'`;
          exprs.extension_count = `case when i % 20 = 0 then 1 else ${Number(t.extension_count ?? 0)} end`;
        }
        await trx.raw(
          `insert into task_history (${Object.keys(t).join(', ')}) select ${template(t, exprs).join(', ')} from ${series(from, to)}`,
        );
      }
      const searchExprs: Record<string, string> = {
        instance_id: pad('bd', 14),
        tenant_id: tenant,
        business_key: pad('BD', 10),
        category: pick(CATEGORIES, '(i % 7)'),
        channel: pick(CHANNELS, '((i >> 3) % 5)'),
        department: pick(
          DEPARTMENTS.map(([d]) => d),
          dept,
        ),
        created_at: iso(created),
      };
      await trx.raw(
        `insert into case_search (${Object.keys(search).join(', ')}) select ${template(search, searchExprs).join(', ')} from ${series(from, to)}`,
      );
    });
    process.stdout.write(`\r  loaded ${to} cases, ${Math.round((performance.now() - began) / 1000)} s`);
  }
  if (pg) await knex.raw('alter table task_history enable trigger case_readers_task_history');
  await knex.raw('drop table bench_states');
  await knex.raw('analyze');
  console.log(`\n  loaded ${CASES} cases in ${((performance.now() - began) / 1000).toFixed(0)} s (in the database)`);
}

async function bench(dialect: 'sqlite' | 'postgres') {
  const kept = dialect === 'postgres' && KEEP_SCHEMA ? await keptPostgresSchema(KEEP_SCHEMA) : null;
  const rt = await startTestRuntime(
    dialect,
    { loadExamples: true, controlledClock: false, publicIntake: { limitPerMinute: 1_000_000 } },
    kept,
  );
  const figures: Record<string, { p50: number; p95: number; firstMs: number }> = {};
  try {
    const loaded = kept ? await rt.deps.db.knex('instances').where('id', 'like', 'bd%').count({ n: '*' }) : [];
    if (Number(loaded[0]?.n ?? 0) >= CASES) console.log(`  ${KEEP_SCHEMA} already holds the cases`);
    else await (LOADER === 'sql' ? loadInDatabase(rt, dialect) : load(rt));
    const knex = rt.deps.db.knex;
    const tree = await rt.deps.tenants.all();
    const tenants = [...(await rt.deps.tenants.subtree('city'))].sort();
    const now = rt.deps.clock.now();
    const since = new Date(Date.parse(now) - 30 * DAY).toISOString();
    const lastMonth = monthOf(new Date(Date.parse(`${monthOf(now)}-01T00:00:00Z`) - DAY).toISOString());
    const queries: Array<[string, () => Promise<unknown>]> = [
      ['GET /api/dashboard', () => dashboardSummary(knex, tenants, now, since)],
      [
        'figures, 30 days, by level',
        () => figureReport(knex, { tenants, from: since, to: now, by: 'level', now, tenantTree: tree }),
      ],
      [
        'figures, 30 days, by department',
        () => figureReport(knex, { tenants, from: since, to: now, by: 'department', now, tenantTree: tree }),
      ],
      [
        `bulletin ${lastMonth}`,
        () => bulletin(knex, { unit: 'city', tenants, month: lastMonth, now, tenantTree: tree }),
      ],
    ];
    // The load leaves every appeal's `case_figures` row stale, as after an upgrade: a started server
    // computes them in the background (`refreshCaseFigures`), timed here; the first reads after that,
    // and after the mass rewrite is vacuumed (as autovacuum would), are the steady state.
    await rt.figuresCaughtUp;
    const caughtUp = performance.now();
    const computed = await refreshCaseFigures(knex, now);
    const catchUpSeconds = Math.round((performance.now() - caughtUp) / 1000);
    if (computed > 0) console.log(`  computed ${computed} stale rows in ${catchUpSeconds} s`);
    await knex.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze');
    const firsts: number[] = [];
    for (const [, run] of queries) {
      const first = performance.now();
      await run();
      firsts.push(Math.round(performance.now() - first));
    }
    for (const [i, [name, run]] of queries.entries()) {
      const times: number[] = [];
      for (let n = 0; n < RUNS; n++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const firstMs = firsts[i]!;
      figures[name] = { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), firstMs };
      console.log(
        `${dialect.padEnd(9)} ${name.padEnd(34)} p50 ${String(figures[name]!.p50).padStart(6)} ms  p95 ${String(figures[name]!.p95).padStart(6)} ms  (first read ${firstMs} ms)`,
      );
    }
  } finally {
    const file = dialect === 'sqlite' ? rt.database.url.replace(/^sqlite:/, '') : null;
    await rt.stop();
    if (file) rmSync(dirname(file), { recursive: true, force: true });
  }
  return figures;
}

const results: Record<string, unknown> = { cases: CASES, days: DAYS, runs: RUNS, load: loadavg()[0] };
for (const dialect of DBS) {
  if (dialect === 'postgres' && !(await postgresAvailable())) {
    console.log('postgres: not reachable (DATABASE_URL_TEST), skipped');
    continue;
  }
  console.log(`${dialect}: loading ${CASES} closed cases over ${DAYS} days …`);
  results[dialect] = await bench(dialect);
}
console.log(JSON.stringify(results));

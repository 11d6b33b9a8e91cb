// 案件查询 at scale: seeds N cases (default 100,000) into `instances` and `case_search`, then times
// `searchCases` for each kind of query people type (tracking number, phone, last four digits,
// appellant, enterprise, broad ones — a common surname, a phone prefix —, a category, the first and
// a deep page) as an administrator, as a member of staff of a department that handled one case in
// ten, and as one who handled none, and prints p50/p95 per kind and database (on SQLite also the
// p95 of the process's CPU time: the query's own cost on a loaded machine). `--explain` prints
// the plans of the broad query's statements first. A script, not a test.
//
//   npx tsx runtime/bench/case-search.bench.ts [--dbs sqlite,postgres] [--cases 100000] [--runs 50] [--explain] [--vacuum]
//   PostgreSQL: DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pino from 'pino';
import { startRuntime } from '../index.js';
import { searchCases, type CaseQuery } from '../cases/index.js';
import type { Principal } from '../platform/http/principal.js';
import { freshDatabase, postgresAvailable, type TestDatabase } from '../testing/databases.js';
import { openCase } from './command-driver.js';
import { percentile } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const DBS = arg('--dbs', 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const CASES = Number(arg('--cases', '100000'));
const RUNS = Number(arg('--runs', '50'));
/** `--explain`: print the database's plan of each statement of broad queries (a common surname, a category, a deep page), as staff and as an administrator. */
const EXPLAIN = process.argv.includes('--explain');
/**
 * `--vacuum`: PostgreSQL is `VACUUM ANALYZE`d after the load (what autovacuum does to an insert-only
 * table once enough rows came in: the visibility map then lets index-only scans skip the heap);
 * without it only `ANALYZE`, as before.
 */
const VACUUM = process.argv.includes('--vacuum');
const TENANTS = ['city', 'park', 'town-a', 'town-a-east', 'street-b'];
const CATEGORIES = ['劳动纠纷', '物业纠纷', '环境污染', '邻里纠纷', '其他'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const phoneOf = (i: number) => `13${String(100000000 + ((i * 7919) % 900000000)).padStart(9, '0')}`;
const nameOf = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${['伟', '芳', '娜', '敏', '静', '磊', '强', '洋'][Math.floor(i / 20) % 8]}${i % 97}`;
const keyOf = (i: number) => `SQ2026${String(i).padStart(8, '0')}`;

async function bench(dialect: 'sqlite' | 'postgres') {
  let database: TestDatabase;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-search-'));
    database = {
      url: `sqlite:${join(dir, 'bench.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  } else database = await freshDatabase('postgres');
  const rt = await startRuntime(
    {
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      port: 0,
      adminPassword: randomBytes(12).toString('base64url'),
      loadExamples: true,
      examplesDir: join(ROOT, 'examples'),
      controlledClock: false,
    },
    pino({ level: 'silent' }),
  );
  try {
    const knex = rt.deps.db.knex;
    const template = (await openCase(rt.deps, 'city')).row;
    const t0 = performance.now();
    const base = Date.now() - CASES * 60_000;
    for (let from = 0; from < CASES; from += 1000) {
      const instances = [];
      const search = [];
      const history = [];
      const closed = [];
      for (let i = from; i < Math.min(CASES, from + 1000); i++) {
        const id = `b${String(i).padStart(15, '0')}`;
        const created = new Date(base + i * 60_000).toISOString();
        const tenant = TENANTS[i % TENANTS.length]!;
        const phone = phoneOf(i);
        instances.push({
          ...template,
          id,
          tenant_id: tenant,
          business_key: keyOf(i),
          status: i % 3 === 0 ? 'completed' : 'active',
          created_at: created,
          updated_at: created,
        });
        // What staff worked on: the window registered every case; 人社局 (dept-rs, rs2) handled one in ten.
        history.push({ instance_id: id, at: created, actor: 'window1', events: '[]' });
        const step = (n: number, element: string, group: string, by: string) => ({
          id: `${id}-${n}`,
          instance_id: id,
          tenant_id: tenant,
          element_id: element,
          name: element,
          status: 'completed',
          candidate_groups: JSON.stringify([group]),
          candidate_users: '[]',
          priority: 50,
          created_at: created,
          completed_at: created,
          completed_by: by,
        });
        closed.push(step(1, 'Task_Receive', 'window', 'window1'));
        if (i % 10 === 0) closed.push(step(2, 'Task_HandleLabour', 'dept-rs', 'rs2'));
        search.push({
          instance_id: id,
          tenant_id: tenant,
          business_key: keyOf(i),
          applicant_name: nameOf(i),
          phone,
          phone_rev: [...phone].reverse().join(''),
          enterprise_name: i % 10 === 0 ? `企业${i % 5000}有限公司` : null,
          category: CATEGORIES[i % CATEGORIES.length],
          channel: i % 10 === 0 ? '一企一码' : '窗口',
          created_at: created,
        });
      }
      await knex.batchInsert('instances', instances, 200);
      await knex.batchInsert('case_search', search, 200);
      await knex.batchInsert('history', history, 200);
      await knex.batchInsert('task_history', closed, 200);
    }
    await knex.raw(VACUUM && dialect === 'postgres' ? 'vacuum analyze' : 'analyze');
    console.log(
      `${dialect}: seeded ${CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );

    const admin: Principal = {
      username: 'admin',
      displayName: 'admin',
      tenant: 'city',
      roles: ['admin'],
      groups: [],
      subtree: new Set(TENANTS),
    };
    const staff: Principal = {
      username: 'rs1',
      displayName: '人社局 张敏',
      tenant: 'city',
      roles: ['staff'],
      groups: ['dept-rs'],
      subtree: new Set(TENANTS),
    };
    const outsider: Principal = { ...staff, username: 'zj1', displayName: '住建局', groups: ['dept-zj'] };
    const probe = Math.floor(CASES / 2);
    const kinds: Array<[string, (n: number) => CaseQuery]> = [
      ['tracking number', (n) => ({ q: keyOf((probe + n * 37) % CASES) })],
      ['phone', (n) => ({ q: phoneOf((probe + n * 37) % CASES) })],
      ['last four digits', (n) => ({ q: phoneOf((probe + n * 37) % CASES).slice(-4) })],
      ['appellant', (n) => ({ q: nameOf((probe + n * 37) % CASES) })],
      ['enterprise', (n) => ({ q: `企业${(n * 130) % 5000}有限` })],
      ['broad: surname', (n) => ({ q: SURNAMES[n % SURNAMES.length]! })],
      ['broad: phone prefix', (n) => ({ q: `13${n % 10}1` })],
      ['broad: surname, page 5', (n) => ({ q: SURNAMES[n % SURNAMES.length]!, page: 5 })],
      ['category, page 1', (n) => ({ category: CATEGORIES[n % CATEGORIES.length] })],
      ['everything, page 1', () => ({})],
      ['everything, page 40', () => ({ page: 40 })],
    ];
    if (EXPLAIN)
      for (const [who, principal] of [
        ['administrator', admin],
        ['staff', staff],
      ] as const)
        for (const [kind, query] of [
          ['broad: surname', { q: SURNAMES[1]! }],
          ['category', { category: CATEGORIES[1] }],
          ['everything, page 40', { page: 40 }],
        ] as const)
          await explain(rt.deps.db.knex, dialect, `${who}, ${kind}`, () => searchCases(rt.deps, principal, query));
    for (const [who, principal] of [
      ['administrator', admin],
      ['staff', staff],
      ['staff, no case', outsider],
    ] as const) {
      for (const [kind, query] of kinds) {
        const times: number[] = [];
        const cpu: number[] = [];
        let total = 0;
        for (let n = 0; n < RUNS; n++) {
          const s = performance.now();
          const c = process.cpuUsage();
          total = (await searchCases(rt.deps, principal, query(n))).total;
          const used = process.cpuUsage(c);
          times.push(performance.now() - s);
          cpu.push((used.user + used.system) / 1000);
        }
        times.sort((a, b) => a - b);
        cpu.sort((a, b) => a - b);
        // SQLite runs in this process: its CPU time is the query's own cost, whatever else loads the machine.
        const own = dialect === 'sqlite' ? `  cpu p95 ${percentile(cpu, 95).toFixed(1).padStart(6)} ms` : '';
        console.log(
          `${dialect}  ${who.padEnd(15)} ${kind.padEnd(24)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms${own}  (last: ${total} found)`,
        );
      }
    }
    console.log(
      `${dialect}: load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await rt.close();
    await database.drop();
  }
}

/** Runs `work` once, capturing its statements, and prints each one's plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE). */
async function explain(knex: Knex, dialect: 'sqlite' | 'postgres', title: string, work: () => Promise<unknown>) {
  const statements: Array<{ sql: string; bindings: unknown[] }> = [];
  const listen = (q: { sql: string; bindings?: unknown[] }) =>
    statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  knex.on('query', listen);
  await work();
  knex.off('query', listen);
  for (const s of statements.filter((st) => /case_search|case_readers/.test(st.sql))) {
    const sql = s.sql.replace(/\$\d+/g, '?');
    const plan = (await knex.raw(
      `${dialect === 'sqlite' ? 'explain query plan' : 'explain (analyze, costs off, timing on)'} ${sql}`,
      s.bindings as Knex.RawBinding[],
    )) as unknown;
    const lines =
      dialect === 'sqlite'
        ? (plan as Array<{ detail: string }>).map((r) => r.detail)
        : (plan as { rows: Array<{ 'QUERY PLAN': string }> }).rows.map((r) => r['QUERY PLAN']);
    console.log(`\n${dialect} ${title}: ${sql.slice(0, 160)}…\n  ${lines.join('\n  ')}`);
  }
}

for (const dialect of DBS) {
  if (dialect === 'postgres' && !(await postgresAvailable()))
    throw new Error('PostgreSQL is not reachable (set DATABASE_URL_TEST, or pass --dbs sqlite)');
  await bench(dialect);
}

// `npm run bench:runtime`: the appeal loop (start → receive 劳动纠纷 → labour department →
// follow-up) through the runtime's command layer and over HTTP, on SQLite and PostgreSQL,
// side by side with bpmn-engine 25 persisted the way its maintainers recommend (state blob row
// stored after every step, recover + resume before the next) in the same database. Then the
// storage each open case costs, and the inbox query with 100,000 open tasks.
// See runtime/bench/README.md. The last line printed is one JSON object with every figure.
//
// Options (flag or environment variable; defaults keep the run near 5 minutes on 2 cores):
//   --dbs sqlite,postgres      BENCH_DBS            databases to run on
//   --rounds R                 BENCH_ROUNDS         measured rounds per driver, alternating (3; medians reported)
//   --round-seconds S          BENCH_ROUND_SECONDS  length of each measured round (6)
//   --warmup-seconds S         BENCH_WARMUP_SECONDS warm-up per driver before the rounds (2)
//   --pg-concurrency C         BENCH_PG_CONCURRENCY loops in flight on PostgreSQL, both drivers (4)
//   --sqlite-concurrency C     BENCH_SQLITE_CONCURRENCY  ditto on SQLite (1: one connection)
//   --http-seconds S           BENCH_HTTP_SECONDS   measured HTTP load (8; 0 skips)
//   --http-clients C           BENCH_HTTP_CLIENTS   concurrent HTTP clients (4)
//   --open N                   BENCH_OPEN           open cases for the storage figure (1000)
//   --inbox-tasks N            BENCH_INBOX_TASKS    open tasks seeded for the inbox query (100000; 0 skips)
//   --inbox-queries N          BENCH_INBOX_QUERIES  inbox requests measured (200)
//   --growth-sizes A,B,…       BENCH_GROWTH_SIZES   closed cases of existing history for the growth figures (10000,100000; 0 skips;
//                                                   1000000 is the issue's largest size: 10000,100000,1000000)
//   --growth-rounds R          BENCH_GROWTH_ROUNDS  command-layer rounds per size (2), of --growth-round-seconds (4)
//   --growth-open N            BENCH_GROWTH_OPEN    open cases in the growth database's inbox (10000)
//   --scale-out-seconds S      BENCH_SCALE_OUT_SECONDS  measured seconds per process count, 1 and 2 runtime processes on PostgreSQL (6; 0 skips)
//   PostgreSQL URL: DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test); a fresh schema is used and dropped.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { startRuntime, type Runtime } from '../server.js';
import { txCounters } from '../platform/db/tx.js';
import { freshDatabase, postgresAvailable, type TestDatabase } from '../testing/databases.js';
import { appealLoop, checkLoop, COMMAND_NAMES, openCase, type CommandName, type Deps0 } from './command-driver.js';
import type { InboxJob, InboxResult, LoopJob, LoopResult } from './http-clients.js';
import { seedOpenCases } from './inbox-seed.js';
import { CATEGORIES, keyOf, phoneOf, seedClosedCases, SURNAMES } from './history-seed.js';
import type { ScaleOutJob, ScaleOutResult } from './scale-out-worker.js';
import { searchCases, type CaseQuery } from '../cases/index.js';
import type { Principal } from '../platform/http/principal.js';
import {
  createPeerTable,
  PEER_TABLE,
  peerCheckLoop,
  peerLoop,
  peerOpenCase,
  preparePeer,
  type Peer,
} from './peer-driver.js';
import {
  intOption,
  lanes,
  lanesFor,
  latencySummary,
  median,
  ms,
  numberOption,
  percentile,
  ratio,
  round1,
  stringOption,
} from './stats.js';
import { compact, delta, settle, sum, tableSizes } from './storage.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DBS = stringOption('--dbs', 'BENCH_DBS', 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as Array<'sqlite' | 'postgres'>;
const ROUNDS = Math.max(1, intOption('--rounds', 'BENCH_ROUNDS', 3));
const ROUND_SECONDS = numberOption('--round-seconds', 'BENCH_ROUND_SECONDS', 6);
const WARMUP_SECONDS = numberOption('--warmup-seconds', 'BENCH_WARMUP_SECONDS', 2);
const CONCURRENCY = {
  sqlite: Math.max(1, intOption('--sqlite-concurrency', 'BENCH_SQLITE_CONCURRENCY', 1)),
  postgres: Math.max(1, intOption('--pg-concurrency', 'BENCH_PG_CONCURRENCY', 4)),
};
const HTTP_SECONDS = numberOption('--http-seconds', 'BENCH_HTTP_SECONDS', 8);
const HTTP_CLIENTS = Math.max(1, intOption('--http-clients', 'BENCH_HTTP_CLIENTS', 4));
const OPEN = Math.max(1, intOption('--open', 'BENCH_OPEN', 1000));
const INBOX_TASKS = intOption('--inbox-tasks', 'BENCH_INBOX_TASKS', 100_000);
const INBOX_QUERIES = Math.max(1, intOption('--inbox-queries', 'BENCH_INBOX_QUERIES', 200));
const GROWTH_SIZES = stringOption('--growth-sizes', 'BENCH_GROWTH_SIZES', '10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const GROWTH_ROUNDS = Math.max(1, intOption('--growth-rounds', 'BENCH_GROWTH_ROUNDS', 2));
const GROWTH_ROUND_SECONDS = numberOption('--growth-round-seconds', 'BENCH_GROWTH_ROUND_SECONDS', 4);
const GROWTH_OPEN = intOption('--growth-open', 'BENCH_GROWTH_OPEN', 10_000);
/** Searches per query shape and caller at each size. */
const GROWTH_SEARCHES = Math.max(1, intOption('--growth-searches', 'BENCH_GROWTH_SEARCHES', 20));
const SCALE_OUT_SECONDS = numberOption('--scale-out-seconds', 'BENCH_SCALE_OUT_SECONDS', 6);

const TENANT = 'town-a'; // resolves the appeal loop deployed at its parent, city
const TENANTS = ['city', 'town-a', 'town-a-east', 'park', 'street-b'];
/** History tables (what cases did); the rest are runtime tables (what running cases need). */
const HISTORY_TABLES = ['history', 'task_history'];
/** The audit trail: one row per command (and per administrative action). */
const AUDIT_TABLES = ['audit_log', 'audit_heads'];
const TARGETS = {
  ratioVsBpmnEngine: 20,
  sqliteLoopsPerSecond: 1000,
  inboxP95Ms: 20,
  bytesPerOpenCase: 2048,
  httpRatioVsCommandLayer: { sqlite: 0.55, postgres: 0.4 },
  httpP95Ms: 5,
  // Issue 18 §3: the largest history keeps ≥ 80 % of the smallest's throughput and ≤ 1.5× its p95.
  growthThroughputAtLeast: 0.8,
  growthP95AtMost: 1.5,
};

const log = (line = '') => console.log(line);
const kb = (b: number) => `${(b / 1024).toFixed(2)} KB`;

type Series = Record<CommandName, number[]>;
const newSeries = (): Series => Object.fromEntries(COMMAND_NAMES.map((n) => [n, []])) as unknown as Series;

interface Opened {
  rt: Runtime;
  database: TestDatabase;
  deps: Deps0;
  cleanup(): Promise<void>;
}

async function open(dialect: 'sqlite' | 'postgres'): Promise<Opened> {
  let database: TestDatabase;
  let dir: string | undefined;
  if (dialect === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'civicflow-bench-'));
    database = {
      url: `sqlite:${join(dir, 'bench.db')}`,
      drop: async () => rmSync(dir!, { recursive: true, force: true }),
    };
  } else {
    database = await freshDatabase('postgres');
  }
  const rt = await startRuntime(
    {
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      port: 0,
      adminPassword: randomBytes(12).toString('base64url'),
      loadExamples: true,
      demo: true,
      examplesDir: join(ROOT, 'examples'),
      controlledClock: false,
      // The benchmark measures throughput; the per-tenant start quota would cap it at 600 a minute.
      startsPerTenantPerMinute: Number.POSITIVE_INFINITY,
    },
    pino({ level: 'silent' }),
  );
  return { rt, database, deps: rt.deps, cleanup: async () => (await rt.close(), await database.drop()) };
}

function inWorker<T>(job: LoopJob | InboxJob): Promise<T> {
  return new Promise((resolve, reject) => {
    // Node 20 does not apply tsx's loader to a worker's entry file: register it inside the worker first.
    const entry = new URL('./http-clients.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    const w = new Worker(code, { eval: true, workerData: job });
    w.once('message', (m: { ok: boolean; result?: T; error?: string }) => {
      void w.terminate(); // its keep-alive sockets would hold the process open
      if (m.ok) resolve(m.result!);
      else reject(new Error(m.error));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`HTTP client worker exited with ${code} before answering`)));
  });
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-password' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

interface Round {
  loopsPerSecond: number;
  /** Process CPU time (user + system, all threads) per loop: less sensitive to other load than wall time. */
  cpuMsPerLoop: number;
}

async function timedRound(
  seconds: number,
  concurrency: number,
  loop: (record: (n: CommandName, ms: number) => void) => Promise<void>,
  series: Series | null,
): Promise<Round> {
  const record = (n: CommandName, t: number) => series?.[n].push(t);
  const cpu0 = process.cpuUsage();
  const done = await lanesFor(seconds, concurrency, () => loop(record));
  const cpu = process.cpuUsage(cpu0);
  return { loopsPerSecond: done.count / done.seconds, cpuMsPerLoop: (cpu.user + cpu.system) / 1000 / done.count };
}

/**
 * Statements per command (knex's query events plus the command path's raw statements) and, on
 * PostgreSQL, round trips per command (knex queries plus the command path's reads and write
 * batches), over a few loops after the measurements.
 */
async function queriesPerCommand(deps: Deps0, loops: number): Promise<Record<string, number>> {
  let knexQueries = 0;
  const onQuery = () => knexQueries++;
  const count = () => ({
    statements: knexQueries + txCounters.statements,
    roundTrips: knexQueries + txCounters.roundTrips,
  });
  deps.db.knex.on('query', onQuery);
  const perCommand: Record<string, number> = {};
  try {
    for (let i = 0; i < loops; i++) {
      let before = count();
      await appealLoop(deps, TENANT, (name) => {
        const now = count();
        perCommand[name] = (perCommand[name] ?? 0) + (now.statements - before.statements);
        if (deps.db.dialect === 'postgres')
          perCommand[`${name}RoundTrips`] =
            (perCommand[`${name}RoundTrips`] ?? 0) + (now.roundTrips - before.roundTrips);
        before = now;
      });
    }
  } finally {
    deps.db.knex.removeListener('query', onQuery);
  }
  for (const k of Object.keys(perCommand)) perCommand[k] = round1(perCommand[k]! / loops);
  return perCommand;
}

async function benchDatabase(dialect: 'sqlite' | 'postgres', peer: Peer) {
  const c = CONCURRENCY[dialect];
  log(`\n== ${dialect} (${c} loop${c > 1 ? 's' : ''} in flight) ==`);
  const opened = await open(dialect);
  const { rt, deps, database } = opened;
  const knex = deps.db.knex;
  try {
    await createPeerTable(knex);
    await checkLoop(deps, TENANT);
    await peerCheckLoop(knex, peer);
    log('checks: both engines route 劳动纠纷 to the labour department, arm the 72 h timer, and close the case');

    // Storage per open case (start + receive: waiting at Task_HandleLabour), on a compacted database.
    // Every table the runtime has (cases touch instances, tasks, candidates, deadlines, jobs, history…).
    await compact(deps.db, Object.keys(await tableSizes(deps.db, database.schema)), database.schema);
    const before = await tableSizes(deps.db, database.schema);
    const tables = Object.keys(before);
    const civicTables = tables.filter((t) => t !== PEER_TABLE);
    await lanes(OPEN, c, async () => void (await openCase(deps, TENANT)));
    await lanes(OPEN, c, async () => void (await peerOpenCase(knex, peer)));
    const written = await tableSizes(deps.db, database.schema);
    // Steady state: after a vacuum (what autovacuum does in a running system), a second batch of
    // cases reuses the space the first batch's dead rows left (the completed intake task, its
    // inbox row, the instance's first version on PostgreSQL).
    await settle(deps.db, database.schema);
    const vacuumed = await tableSizes(deps.db, database.schema);
    await lanes(OPEN, c, async () => void (await openCase(deps, TENANT)));
    const steady = await tableSizes(deps.db, database.schema);
    await compact(deps.db, tables, database.schema);
    const live = await tableSizes(deps.db, database.schema);
    const perCase = (d: Record<string, number>, cases = OPEN) =>
      Object.fromEntries(
        Object.entries(d)
          .map(([k, v]) => [k, Math.round(v / cases)])
          .filter(([, v]) => v !== 0),
      );
    const civicWritten = perCase(delta(before, written, civicTables));
    const civicSteady = perCase(delta(vacuumed, steady, civicTables));
    const civicLive = perCase(delta(before, live, civicTables), 2 * OPEN);
    const peerWritten = Math.round((delta(before, written, [PEER_TABLE])[PEER_TABLE] ?? 0) / OPEN);
    const peerLive = Math.round((delta(before, live, [PEER_TABLE])[PEER_TABLE] ?? 0) / OPEN);
    const runtimeOf = (d: Record<string, number>) =>
      sum(
        Object.fromEntries(Object.entries(d).filter(([t]) => !HISTORY_TABLES.includes(t) && !AUDIT_TABLES.includes(t))),
      );
    const auditOf = (d: Record<string, number>) =>
      sum(Object.fromEntries(Object.entries(d).filter(([t]) => AUDIT_TABLES.includes(t))));
    const auditRows = Number(((await knex('audit_log').count('* as n').first()) as { n: unknown }).n);
    const storage = {
      openCases: OPEN,
      // The target: the runtime tables a running case needs (Camunda's ACT_RU_*), as written.
      bytesPerOpenCase: runtimeOf(civicWritten),
      steadyBytesPerOpenCase: runtimeOf(civicSteady),
      liveBytesPerOpenCase: runtimeOf(civicLive),
      // What it did so far (events, the completed receive task: Camunda's ACT_HI_*), and everything together.
      historyBytesPerOpenCase: sum(civicWritten) - runtimeOf(civicWritten) - auditOf(civicWritten),
      // Two audited commands per open case (start, receive): one audit row each.
      auditBytesPerOpenCase: auditOf(civicWritten),
      auditBytesPerCommand: Math.round(auditOf(civicWritten) / 2),
      auditLiveBytesPerCommand: Math.round(auditOf(civicLive) / 2),
      auditRows,
      totalBytesPerOpenCase: sum(civicWritten),
      totalLiveBytesPerOpenCase: sum(civicLive),
      perTable: civicWritten,
      perTableSteady: civicSteady,
      perTableLive: civicLive,
      bpmnEngineBytesPerOpenCase: peerWritten,
      bpmnEngineLiveBytesPerOpenCase: peerLive,
      ratioVsBpmnEngine: ratio(runtimeOf(civicWritten) / peerWritten),
    };
    log(
      `storage per open case (${OPEN} cases): civicflow runtime tables ${kb(storage.bytesPerOpenCase)} as written, ${kb(storage.steadyBytesPerOpenCase)} steady (after a vacuum), ${kb(storage.liveBytesPerOpenCase)} compacted; ` +
        `history ${kb(storage.historyBytesPerOpenCase)}; audit trail ${storage.auditBytesPerCommand} B per command (${storage.auditLiveBytesPerCommand} B compacted); all tables ${kb(storage.totalBytesPerOpenCase)} / ${kb(storage.totalLiveBytesPerOpenCase)}; bpmn-engine blob ${kb(peerWritten)} / ${kb(peerLive)}`,
    );
    log(
      `  per table (as written): ${Object.entries(civicWritten)
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    log(
      `  per table (steady):     ${Object.entries(civicSteady)
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );

    // Throughput and latency, alternating drivers per round.
    await timedRound(WARMUP_SECONDS, c, (rec) => appealLoop(deps, TENANT, rec).then(() => {}), null);
    await timedRound(WARMUP_SECONDS, c, (rec) => peerLoop(knex, peer, rec), null);
    const cf: Round[] = [];
    const pe: Round[] = [];
    const cfLat = newSeries();
    const peLat = newSeries();
    for (let r = 0; r < ROUNDS; r++) {
      // Each round starts on a settled database, so neither driver pays for the other's dead rows and dirty pages.
      const civic = async () => (
        await settle(deps.db, database.schema),
        cf.push(await timedRound(ROUND_SECONDS, c, (rec) => appealLoop(deps, TENANT, rec).then(() => {}), cfLat))
      );
      const other = async () => (
        await settle(deps.db, database.schema),
        pe.push(await timedRound(ROUND_SECONDS, c, (rec) => peerLoop(knex, peer, rec), peLat))
      );
      if (r % 2 === 0) await civic(), await other();
      else await other(), await civic();
      const [a, b] = [cf.at(-1)!, pe.at(-1)!];
      log(
        `  round ${r + 1}: civicflow ${a.loopsPerSecond.toFixed(0)} loops/s (${a.cpuMsPerLoop.toFixed(2)} CPU ms/loop), bpmn-engine+persistence ${b.loopsPerSecond.toFixed(1)} loops/s (${b.cpuMsPerLoop.toFixed(1)} CPU ms/loop)`,
      );
    }
    const queries = await queriesPerCommand(deps, 20);

    // Over HTTP: a real server, clients in a worker thread.
    let http: Record<string, unknown> | undefined;
    if (HTTP_SECONDS > 0) {
      const tokens = {
        window: await login(rt.url, 'window1'),
        dept: await login(rt.url, 'rs1'),
        followUp: await login(rt.url, 'followup1'),
      };
      const res = await inWorker<LoopResult>({
        mode: 'loops',
        url: rt.url,
        tenant: TENANT,
        tokens,
        seconds: HTTP_SECONDS,
        warmupSeconds: Math.min(2, HTTP_SECONDS / 4),
        clients: HTTP_CLIENTS,
      });
      const httpLoopsPerSecond = res.loops / res.seconds;
      const commandLayer = median(cf.map((r) => r.loopsPerSecond));
      http = {
        loopsPerSecond: round1(httpLoopsPerSecond),
        // HTTP loops per second ÷ the command layer's in this run (issue 18: ≥ 0.55 on SQLite, ≥ 0.40 on PostgreSQL).
        ratioVsCommandLayer: ratio(httpLoopsPerSecond / commandLayer),
        // Every request of the loop together (issue 18: ≤ 5 ms at 4 clients on SQLite).
        p95Ms: ms(percentile(Object.values(res.latencies).flat(), 95)),
        clients: HTTP_CLIENTS,
        loops: res.loops,
        requestsPerLoop: 7,
        latencyMs: latencySummary(res.latencies),
      };
      log(
        `http: ${http.loopsPerSecond} loops/s with ${HTTP_CLIENTS} clients (7 requests per loop), ${http.ratioVsCommandLayer} of the command layer's ${round1(commandLayer)}; p95 per request ${http.p95Ms} ms`,
      );
    }

    // The inbox with many open tasks.
    let inbox: Record<string, unknown> | undefined;
    if (INBOX_TASKS > 0) {
      const seeded = await seedOpenCases(deps, INBOX_TASKS, TENANTS);
      const openRs = Number(
        (await knex('task_candidates').where({ kind: 'group', value: 'dept-rs' }).count('* as n'))[0]!.n,
      );
      const openAll = Number((await knex('tasks').where({ status: 'open' }).count('* as n'))[0]!.n);
      const token = await login(rt.url, 'rs1');
      const res = await inWorker<InboxResult>({
        mode: 'inbox',
        url: rt.url,
        token,
        path: '/api/tasks?candidateGroup=dept-rs',
        queries: INBOX_QUERIES,
        warmup: 20,
        expectItems: 50,
        candidateGroup: 'dept-rs',
      });
      inbox = {
        openTasks: openAll,
        openDeptRsTasks: openRs,
        seededCases: seeded.cases,
        seedSeconds: round1(seeded.seconds),
        queries: INBOX_QUERIES,
        p50Ms: ms(percentile(res.latencies, 50)),
        p95Ms: ms(percentile(res.latencies, 95)),
        user: 'rs1 (staff, dept-rs)',
      };
      log(
        `inbox GET /api/tasks?candidateGroup=dept-rs as rs1 with ${openAll} open tasks (${openRs} for dept-rs; seeded in ${round1(seeded.seconds)} s): p50 ${inbox.p50Ms} ms, p95 ${inbox.p95Ms} ms`,
      );
    }

    const lps = (rs: Round[]) => median(rs.map((r) => r.loopsPerSecond));
    const cpu = (rs: Round[]) => median(rs.map((r) => r.cpuMsPerLoop));
    return {
      concurrency: c,
      loopsPerSecond: round1(lps(cf)),
      ratioVsBpmnEngine: ratio(lps(cf) / lps(pe)),
      bytesPerOpenCase: storage.bytesPerOpenCase,
      latencyMs: latencySummary(cfLat),
      cpuMsPerLoop: ms(cpu(cf)),
      cpuRatioVsBpmnEngine: ratio(cpu(pe) / cpu(cf)),
      roundsLoopsPerSecond: cf.map((r) => round1(r.loopsPerSecond)),
      queriesPerCommand: queries,
      bpmnEngine: {
        loopsPerSecond: round1(lps(pe)),
        cpuMsPerLoop: ms(cpu(pe)),
        roundsLoopsPerSecond: pe.map((r) => round1(r.loopsPerSecond)),
        latencyMs: latencySummary(peLat),
        bytesPerOpenCase: peerWritten,
      },
      storage,
      ...(http ? { http } : {}),
      ...(inbox ? { inbox } : {}),
    };
  } finally {
    await opened.cleanup();
  }
}

/** The growth and scale-out loops write each case's search row in its commands, as the HTTP handlers do. */
const INDEXED = { index: true };

/** The callers of the growth figures' case searches: an administrator (every case) and 人社局 staff (the cases their department read). */
const GROWTH_ADMIN: Principal = {
  username: 'admin',
  displayName: 'admin',
  tenant: 'city',
  roles: ['admin'],
  groups: [],
  subtree: new Set(TENANTS),
};
const GROWTH_STAFF: Principal = {
  username: 'rs1',
  displayName: '人社局 张敏',
  tenant: 'city',
  roles: ['staff'],
  groups: ['dept-rs'],
  subtree: new Set(TENANTS),
};

/** What people type into 案件查询, over the seeded history (`closed`: cases numbered 0 … closed-1). */
function searchShapes(closed: number): Array<[string, (n: number) => CaseQuery]> {
  const probe = (n: number) => (n * 7_919 + 13) % closed;
  return [
    ['tracking number', (n) => ({ q: keyOf(probe(n)) })],
    ['phone, last four digits', (n) => ({ q: phoneOf(probe(n)).slice(-4) })],
    ['surname (broad)', (n) => ({ q: SURNAMES[n % SURNAMES.length]! })],
    ['category', (n) => ({ category: CATEGORIES[n % CATEGORIES.length] })],
    ['everything, page 1', () => ({})],
  ];
}

interface GrowthPoint {
  closedCases: number;
  seedSeconds: number;
  loopsPerSecond: number;
  cpuMsPerLoop: number;
  roundsLoopsPerSecond: number[];
  inboxP95Ms: number | null;
  searchP95Ms: number;
  /** p95 of this process's CPU time per search: on SQLite (in process) the query's own cost, whatever else loads the machine. */
  searchCpuP95Ms: number;
  searchP95MsByShape: Record<string, number>;
}

/**
 * Issue 18 §3: the command-layer loop, the inbox and the case search as the closed history grows.
 * One fresh database; GROWTH_OPEN open cases for the inbox; then for each size (ascending) the
 * history is topped up to that many closed cases (history-seed.ts), the database settled, and the
 * three measured.
 */
async function growth(dialect: 'sqlite' | 'postgres') {
  const c = CONCURRENCY[dialect];
  log(`\n== growth on ${dialect}: ${GROWTH_SIZES.join(' / ')} closed cases ==`);
  const opened = await open(dialect);
  const { rt, deps, database } = opened;
  try {
    if (GROWTH_OPEN > 0) await seedOpenCases(deps, GROWTH_OPEN, TENANTS);
    const token = GROWTH_OPEN > 0 ? await login(rt.url, 'rs1') : null;
    const points: GrowthPoint[] = [];
    let closed = 0;
    for (const size of GROWTH_SIZES) {
      const seeded = await seedClosedCases(deps, closed, size - closed, TENANTS);
      closed = size;
      await settle(deps.db, database.schema);
      await timedRound(
        Math.min(WARMUP_SECONDS, 1),
        c,
        (rec) => appealLoop(deps, TENANT, rec, INDEXED).then(() => {}),
        null,
      );
      const rounds: Round[] = [];
      for (let r = 0; r < GROWTH_ROUNDS; r++) {
        await settle(deps.db, database.schema);
        rounds.push(
          await timedRound(
            GROWTH_ROUND_SECONDS,
            c,
            (rec) => appealLoop(deps, TENANT, rec, INDEXED).then(() => {}),
            null,
          ),
        );
      }
      let inboxP95Ms: number | null = null;
      if (token) {
        const res = await inWorker<InboxResult>({
          mode: 'inbox',
          url: rt.url,
          token,
          path: '/api/tasks?candidateGroup=dept-rs',
          queries: INBOX_QUERIES,
          warmup: 20,
          expectItems: 50,
          candidateGroup: 'dept-rs',
        });
        inboxP95Ms = ms(percentile(res.latencies, 95));
      }
      const all: number[] = [];
      const cpuAll: number[] = [];
      const byShape: Record<string, number> = {};
      for (const [shape, query] of searchShapes(size)) {
        const times: number[] = [];
        for (const principal of [GROWTH_ADMIN, GROWTH_STAFF]) {
          await searchCases(rt.deps, principal, query(0)); // unmeasured: the first of a shape
          for (let n = 0; n < GROWTH_SEARCHES; n++) {
            const t0 = performance.now();
            const c0 = process.cpuUsage();
            await searchCases(rt.deps, principal, query(n));
            const used = process.cpuUsage(c0);
            times.push(performance.now() - t0);
            cpuAll.push((used.user + used.system) / 1000);
          }
        }
        byShape[shape] = ms(percentile(times, 95));
        all.push(...times);
      }
      const point: GrowthPoint = {
        closedCases: size,
        seedSeconds: round1(seeded.seconds),
        loopsPerSecond: round1(median(rounds.map((r) => r.loopsPerSecond))),
        cpuMsPerLoop: ms(median(rounds.map((r) => r.cpuMsPerLoop))),
        roundsLoopsPerSecond: rounds.map((r) => round1(r.loopsPerSecond)),
        inboxP95Ms,
        searchP95Ms: ms(percentile(all, 95)),
        searchCpuP95Ms: ms(percentile(cpuAll, 95)),
        searchP95MsByShape: byShape,
      };
      points.push(point);
      log(
        `  ${size} closed cases (seeded in ${point.seedSeconds} s): command layer ${point.loopsPerSecond} loops/s (${point.cpuMsPerLoop} CPU ms/loop), inbox p95 ${inboxP95Ms ?? '-'} ms, case search p95 ${point.searchP95Ms} ms (CPU ${point.searchCpuP95Ms} ms; ${Object.entries(
          byShape,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}); load average ${loadavg().map(round1).join(' ')}`,
      );
    }
    const [small, large] = [points[0]!, points.at(-1)!];
    const ratios = {
      // largest ÷ smallest (targets: loops ≥ 0.8, p95 ≤ 1.5)
      loopsPerSecond: ratio(large.loopsPerSecond / small.loopsPerSecond),
      cpuMsPerLoop: ratio(large.cpuMsPerLoop / small.cpuMsPerLoop),
      inboxP95: large.inboxP95Ms && small.inboxP95Ms ? ratio(large.inboxP95Ms / small.inboxP95Ms) : null,
      searchP95: ratio(large.searchP95Ms / small.searchP95Ms),
      searchCpuP95: ratio(large.searchCpuP95Ms / small.searchCpuP95Ms),
    };
    return { concurrency: c, openCases: GROWTH_OPEN, sizes: points, ratioLargestVsSmallest: ratios };
  } finally {
    await opened.cleanup();
  }
}

/** Issue 18 §4: 1 and 2 runtime processes (child processes, each with its own pool) against one PostgreSQL. */
async function scaleOut() {
  const c = CONCURRENCY.postgres;
  log(`\n== scale-out on postgres: 1 and 2 runtime processes, ${c} loops in flight each ==`);
  const opened = await open('postgres');
  const { database } = opened;
  try {
    const runs: Record<string, unknown> = {};
    for (const processes of [1, 2]) {
      await settle(opened.deps.db, database.schema);
      const children = Array.from({ length: processes }, (_, i) => {
        const job: ScaleOutJob = {
          url: database.url,
          schema: database.schema!,
          appName: `civicflow-bench-${process.pid}-${processes}-${i}`,
          tenant: TENANT,
          concurrency: c,
          seconds: SCALE_OUT_SECONDS,
          warmupSeconds: Math.min(WARMUP_SECONDS, 2),
        };
        const child = fork(new URL('./scale-out-worker.ts', import.meta.url), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, BENCH_SCALE_OUT_JOB: JSON.stringify(job) },
        });
        const message = (key: 'ready' | 'result') =>
          new Promise<unknown>((resolve, reject) => {
            const on = (m: Record<string, unknown>) => {
              if (m.error) reject(new Error(String(m.error)));
              else if (key in m) child.off('message', on), resolve(m[key]);
            };
            child.on('message', on);
            child.once('exit', (code) => reject(new Error(`scale-out process exited with ${code}`)));
          });
        return { child, ready: message('ready'), result: message('result') as Promise<ScaleOutResult> };
      });
      await Promise.all(children.map((ch) => ch.ready));
      for (const ch of children) ch.child.send('go');
      const results = await Promise.all(children.map((ch) => ch.result));
      const loops = results.reduce((a, r) => a + r.loops, 0);
      const per = (f: (r: ScaleOutResult) => number) => results.reduce((a, r) => a + f(r), 0) / loops;
      const dbCpu = results.every((r) => r.dbCpuMs !== null) ? ms(per((r) => r.dbCpuMs!)) : null;
      runs[`processes${processes}`] = {
        loopsPerSecond: round1(results.reduce((a, r) => a + r.loops / r.seconds, 0)),
        perProcessLoopsPerSecond: results.map((r) => round1(r.loops / r.seconds)),
        // the runtime processes' own CPU (user + system) per loop
        cpuMsPerLoop: ms(per((r) => r.cpuMs)),
        // the PostgreSQL backends' CPU per loop (their /proc/<pid>/stat), null when not readable
        dbCpuMsPerLoop: dbCpu,
        roundTripsPerLoop: round1(per((r) => r.roundTrips)),
        statementsPerLoop: round1(per((r) => r.statements)),
        backends: results.map((r) => r.backends),
        loadAverage: loadavg().map(round1),
      };
      log(`  ${processes} process${processes > 1 ? 'es' : ''}: ${JSON.stringify(runs[`processes${processes}`])}`);
    }
    const one = runs.processes1 as { loopsPerSecond: number };
    const two = runs.processes2 as { loopsPerSecond: number };
    return { ...runs, ratio2vs1: ratio(two.loopsPerSecond / one.loopsPerSecond), concurrencyPerProcess: c };
  } finally {
    await opened.cleanup();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const load0 = loadavg().map(round1);
  log(
    `runtime benchmark: appeal loop on ${DBS.join(' and ')}; ${ROUNDS} rounds of ${ROUND_SECONDS} s per driver; node ${process.version}; load average ${load0.join(' ')}`,
  );
  if (DBS.includes('postgres') && !(await postgresAvailable()))
    throw new Error('PostgreSQL is not reachable (set DATABASE_URL_TEST, or pass --dbs sqlite)');
  const peer = await preparePeer();
  const results: Record<string, Awaited<ReturnType<typeof benchDatabase>>> = {};
  for (const d of DBS) results[d] = await benchDatabase(d, peer);
  const growthResults: Record<string, Awaited<ReturnType<typeof growth>>> = {};
  if (GROWTH_SIZES.length > 0) for (const d of DBS) growthResults[d] = await growth(d);
  const scaleOutResult = DBS.includes('postgres') && SCALE_OUT_SECONDS > 0 ? await scaleOut() : null;

  log('\n                        loops/s  bpmn-engine   ratio  (CPU ratio)  bytes/open case (bpmn-engine)  inbox p95');
  for (const [d, r] of Object.entries(results)) {
    log(
      `${d.padEnd(9)} command layer ${String(r.loopsPerSecond).padStart(8)} ${String(r.bpmnEngine.loopsPerSecond).padStart(10)} ${String(r.ratioVsBpmnEngine).padStart(7)}×  (${r.cpuRatioVsBpmnEngine}×)  ${String(r.bytesPerOpenCase).padStart(8)} (${r.bpmnEngine.bytesPerOpenCase})   ${r.inbox ? `${r.inbox.p95Ms} ms` : '-'}`,
    );
    if (r.http)
      log(
        `${d.padEnd(9)} http          ${String(r.http.loopsPerSecond).padStart(8)}  (${r.http.clients} clients, 7 requests per loop; ${r.http.ratioVsCommandLayer} of the command layer, p95 ${r.http.p95Ms} ms per request)`,
      );
    log(
      `${d.padEnd(9)} storage per open case: runtime tables ${r.bytesPerOpenCase} B as written (steady ${r.storage.steadyBytesPerOpenCase} B, compacted ${r.storage.liveBytesPerOpenCase} B; bpmn-engine ${r.bpmnEngine.bytesPerOpenCase} B, ratio ${r.storage.ratioVsBpmnEngine}); ` +
        `history ${r.storage.historyBytesPerOpenCase} B; audit ${r.storage.auditBytesPerCommand} B per command; all tables ${r.storage.totalBytesPerOpenCase} B (compacted ${r.storage.totalLiveBytesPerOpenCase} B)`,
    );
    log(
      `${d.padEnd(9)} queries per command: ${Object.entries(r.queriesPerCommand)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    log(
      `${d.padEnd(9)} latency ms p50/p95: ${COMMAND_NAMES.map((n) => `${n} ${r.latencyMs[n]!.p50}/${r.latencyMs[n]!.p95}`).join(', ')}`,
    );
    log(
      `${d.padEnd(9)} bpmn-engine p50/p95: ${COMMAND_NAMES.map((n) => `${n} ${r.bpmnEngine.latencyMs[n]!.p50}/${r.bpmnEngine.latencyMs[n]!.p95}`).join(', ')}`,
    );
  }
  const inboxP95Ms = Object.fromEntries(
    Object.entries(results)
      .filter(([, r]) => r.inbox)
      .map(([d, r]) => [d, r.inbox!.p95Ms as number]),
  );
  const targets = {
    ratioVsBpmnEngineAtLeast20: Object.fromEntries(
      Object.entries(results).map(([d, r]) => [d, r.ratioVsBpmnEngine >= TARGETS.ratioVsBpmnEngine]),
    ),
    sqliteLoopsPerSecondAtLeast1000: results.sqlite
      ? results.sqlite.loopsPerSecond >= TARGETS.sqliteLoopsPerSecond
      : null,
    inboxP95AtMost20Ms: Object.fromEntries(Object.entries(inboxP95Ms).map(([d, v]) => [d, v <= TARGETS.inboxP95Ms])),
    httpRatioVsCommandLayer: Object.fromEntries(
      Object.entries(results)
        .filter(([, r]) => r.http)
        .map(([d, r]) => [
          d,
          (r.http!.ratioVsCommandLayer as number) >= TARGETS.httpRatioVsCommandLayer[d as 'sqlite' | 'postgres'],
        ]),
    ),
    sqliteHttpP95AtMost5Ms: results.sqlite?.http ? (results.sqlite.http.p95Ms as number) <= TARGETS.httpP95Ms : null,
    bytesPerOpenCaseAtMost2KB: Object.fromEntries(
      Object.entries(results).map(([d, r]) => [
        d,
        {
          asWritten: r.bytesPerOpenCase <= TARGETS.bytesPerOpenCase,
          steady: r.storage.steadyBytesPerOpenCase <= TARGETS.bytesPerOpenCase,
        },
      ]),
    ),
  };
  if (GROWTH_SIZES.length > 1)
    Object.assign(targets, {
      growthFlat: Object.fromEntries(
        Object.entries(growthResults).map(([d, g]) => [
          d,
          {
            loopsPerSecond: g.ratioLargestVsSmallest.loopsPerSecond >= TARGETS.growthThroughputAtLeast,
            inboxP95:
              g.ratioLargestVsSmallest.inboxP95 === null ||
              g.ratioLargestVsSmallest.inboxP95 <= TARGETS.growthP95AtMost,
            searchP95: g.ratioLargestVsSmallest.searchP95 <= TARGETS.growthP95AtMost,
          },
        ]),
      ),
    });
  log(`targets: ${JSON.stringify(targets)}`);
  log(
    JSON.stringify({
      ...results,
      inboxP95Ms,
      ...(GROWTH_SIZES.length > 0 ? { growth: growthResults } : {}),
      ...(scaleOutResult ? { scaleOut: scaleOutResult } : {}),
      targets,
      loadAverage: { start: load0, end: loadavg().map(round1) },
      seconds: round1((performance.now() - started) / 1000),
    }),
  );
}

await main();

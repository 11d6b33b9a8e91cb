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
//   PostgreSQL URL: DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test); a fresh schema is used and dropped.
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
  log(`targets: ${JSON.stringify(targets)}`);
  log(
    JSON.stringify({
      ...results,
      inboxP95Ms,
      targets,
      loadAverage: { start: load0, end: loadavg().map(round1) },
      seconds: round1((performance.now() - started) / 1000),
    }),
  );
}

await main();

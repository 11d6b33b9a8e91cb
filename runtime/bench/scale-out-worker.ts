// One runtime process of the scale-out figure (issue 18 §4), forked by appeal-loop.bench.ts with an
// IPC channel: it starts a runtime of its own (its own connection pool, its own job executor and
// HTTP server, as a process behind a load balancer would) on the PostgreSQL schema the parent
// prepared, answers `ready`, waits for `go`, warms up, then runs command-layer appeal loops for
// the given seconds and answers what it did: loops, its own process CPU, its database round trips,
// and the CPU its PostgreSQL backends used meanwhile (read from /proc/<pid>/stat of the backends
// whose application_name is this process's — the database runs on this machine).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { txCounters } from '../platform/db/tx.js';
import { startRuntime } from '../server.js';
import { appealLoop } from './command-driver.js';
import { lanesFor } from './stats.js';

export interface ScaleOutJob {
  url: string;
  schema: string;
  appName: string;
  tenant: string;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}

export interface ScaleOutResult {
  loops: number;
  seconds: number;
  cpuMs: number;
  roundTrips: number;
  statements: number;
  dbCpuMs: number | null;
  backends: number;
}

const job = JSON.parse(process.env.BENCH_SCALE_OUT_JOB ?? '{}') as ScaleOutJob;
const send = (m: unknown) => process.send!(m);

/** CPU ticks (user + system) of each process, from /proc; null when /proc cannot be read. */
function ticksOf(pids: number[]): Map<number, number> | null {
  const out = new Map<number, number>();
  try {
    for (const pid of pids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14 and 15)
    }
  } catch {
    return null;
  }
  return out;
}
const TICK_MS = 10; // USER_HZ = 100 on Linux

async function main() {
  const sep = job.url.includes('?') ? '&' : '?';
  const rt = await startRuntime(
    {
      databaseUrl: `${job.url}${sep}application_name=${encodeURIComponent(job.appName)}`,
      databaseSchema: job.schema,
      port: 0,
      adminPassword: randomBytes(12).toString('base64url'),
      loadExamples: false,
      controlledClock: false,
      startsPerTenantPerMinute: Number.POSITIVE_INFINITY,
    },
    pino({ level: 'silent' }),
  );
  const deps = rt.deps;
  const knex = deps.db.knex;
  let knexQueries = 0;
  knex.on('query', () => knexQueries++);
  send({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  await lanesFor(
    job.warmupSeconds,
    job.concurrency,
    async () => void (await appealLoop(deps, job.tenant, undefined, { index: true })),
  );
  const backends = async () =>
    (
      (await knex.raw('select pid from pg_stat_activity where application_name = ?', [job.appName])) as {
        rows: Array<{ pid: number }>;
      }
    ).rows.map((r) => r.pid);
  const pids0 = await backends();
  const ticks0 = ticksOf(pids0);
  const q0 = knexQueries;
  const rt0 = txCounters.roundTrips;
  const st0 = txCounters.statements;
  const cpu0 = process.cpuUsage();
  const done = await lanesFor(
    job.seconds,
    job.concurrency,
    async () => void (await appealLoop(deps, job.tenant, undefined, { index: true })),
  );
  const cpu = process.cpuUsage(cpu0);
  const queries = knexQueries - q0;
  const pids1 = await backends();
  const ticks1 = ticksOf(pids1);
  let dbCpuMs: number | null = null;
  if (ticks0 && ticks1) {
    dbCpuMs = 0;
    for (const [pid, t] of ticks1) dbCpuMs += (t - (ticks0.get(pid) ?? 0)) * TICK_MS;
  }
  const result: ScaleOutResult = {
    loops: done.count,
    seconds: done.seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    roundTrips: queries + txCounters.roundTrips - rt0,
    statements: queries + txCounters.statements - st0,
    dbCpuMs,
    backends: pids1.length,
  };
  send({ result });
  await rt.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    send({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  },
);

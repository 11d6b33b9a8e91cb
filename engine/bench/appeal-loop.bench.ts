// `npm run bench:engine`: the appeal loop through civicflow's pure engine and through
// bpmn-engine, in one process, alternating rounds. See engine/bench/README.md.
//
// Options (flag or environment variable):
//   --rounds R   BENCH_ROUNDS   measured rounds per engine (default 5; medians are reported)
//   --n N        BENCH_N        bpmn-engine instances per round (default 20)
//   --cf-n N     BENCH_CF_N     civicflow instances per round (default 300 × n)
//   --hold H     BENCH_HOLD     bpmn-engine waiting instances held for the heap figure (default 150)
//   --cf-hold H  BENCH_CF_HOLD  civicflow waiting instances held (default 50 × hold)
// The heap figures need `global.gc`: without --expose-gc the script re-spawns itself as
// `node --expose-gc --import tsx engine/bench/appeal-loop.bench.ts ...`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ExecutableProcess } from '../../definitions/index.js';
import {
  civicflowCheck,
  civicflowFinalStatus,
  civicflowLoop,
  civicflowWaiting,
  compileAppealLoop,
} from './civicflow-driver.js';
import {
  peerCheck,
  peerLoopInMemory,
  peerLoopStored,
  peerWaitingLive,
  preparePeer,
  releaseLive,
  type Peer,
} from './bpmn-engine-driver.js';

const ROOT = join(import.meta.dirname, '..', '..');

if (typeof globalThis.gc !== 'function') {
  if (process.env.CIVICFLOW_BENCH_CHILD)
    throw new Error('global.gc is still missing after re-spawning with --expose-gc');
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CIVICFLOW_BENCH_CHILD: '1' },
    },
  );
  process.exit(child.status ?? 1);
}
const gc = globalThis.gc as () => void;

function option(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} / ${env} must be a positive integer, got ${raw}`);
  return n;
}

const ROUNDS = option('--rounds', 'BENCH_ROUNDS', 5);
const N = option('--n', 'BENCH_N', 20);
const CF_N = option('--cf-n', 'BENCH_CF_N', 300 * N);
const HOLD = option('--hold', 'BENCH_HOLD', 150);
const CF_HOLD = option('--cf-hold', 'BENCH_CF_HOLD', 50 * HOLD);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;
const ratio = (x: number): number => Number(x.toPrecision(4));

/** Instances per second of wall-clock time and per second of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

function timer(): (n: number) => Rate {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return (n) => {
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall: (n * 1000) / wall, cpu: (n * 1e6) / (c.user + c.system) };
  };
}

function civicflowRound(def: ExecutableProcess, n: number): Rate {
  const done = timer();
  for (let i = 0; i < n; i++) {
    const closed = civicflowLoop(def);
    if (i === n - 1 && civicflowFinalStatus(closed) !== 'completed')
      throw new Error('civicflow: loop did not complete');
  }
  return done(n);
}

async function peerRound(peer: Peer, n: number, loop: (p: Peer) => Promise<boolean>): Promise<Rate> {
  const done = timer();
  for (let i = 0; i < n; i++) if (!(await loop(peer))) throw new Error('bpmn-engine: loop did not end');
  return done(n);
}

function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function heapPerWaiting<T>(
  count: number,
  make: () => T | Promise<T>,
  release: (held: T[]) => Promise<void> | void,
): Promise<number> {
  const held: T[] = [];
  const before = settledHeap();
  for (let i = 0; i < count; i++) held.push(await make());
  const after = settledHeap();
  await release(held);
  held.length = 0;
  return Math.round((after - before) / count);
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const loadStart = round1(loadavg()[0]!);
  log(
    `appeal loop benchmark: ${ROUNDS} rounds; per round ${CF_N} civicflow and ${N} bpmn-engine instances; node ${process.version}; load average ${loadStart}`,
  );

  const def = await compileAppealLoop();
  const peer = await preparePeer();

  // Both engines take the same route (劳动纠纷 → labour department, 72h timer armed) and end.
  const cfWaiting = civicflowCheck(def).waitingState;
  const peerWaiting = (await peerCheck(peer)).waitingState;

  // Warm-up (JIT, caches) before any measurement.
  civicflowRound(def, Math.max(5000, CF_N >> 1));
  await peerRound(peer, Math.max(3, N >> 2), peerLoopStored);
  await peerRound(peer, Math.max(3, N >> 2), peerLoopInMemory);

  const cf: Rate[] = [];
  const pe: Rate[] = [];
  const peMem: Rate[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither engine always runs right after the other's garbage.
    if (r % 2 === 0) {
      cf.push(civicflowRound(def, CF_N));
      pe.push(await peerRound(peer, N, peerLoopStored));
      peMem.push(await peerRound(peer, N, peerLoopInMemory));
    } else {
      peMem.push(await peerRound(peer, N, peerLoopInMemory));
      pe.push(await peerRound(peer, N, peerLoopStored));
      cf.push(civicflowRound(def, CF_N));
    }
    log(
      `  round ${r + 1}: civicflow ${cf.at(-1)!.wall.toFixed(0)}/s, bpmn-engine ${pe.at(-1)!.wall.toFixed(1)}/s (in memory ${peMem.at(-1)!.wall.toFixed(1)}/s)`,
    );
  }
  const wall = (rs: Rate[]) => median(rs.map((r) => r.wall));
  const cpu = (rs: Rate[]) => median(rs.map((r) => r.cpu));

  const cfHeap = await heapPerWaiting(
    CF_HOLD,
    () => JSON.parse(civicflowWaiting(def).json) as unknown,
    () => {},
  );
  const peerHeap = await heapPerWaiting(HOLD, () => peerWaitingLive(peer), releaseLive);

  const civicflow = {
    instancesPerSec: round1(wall(cf)),
    roundsInstancesPerSec: cf.map((r) => round1(r.wall)),
    instancesPerCpuSec: round1(cpu(cf)),
    stateBytes: cfWaiting.length,
    stateBytesUtf8: Buffer.byteLength(cfWaiting, 'utf8'),
    heapBytesPerWaitingInstance: cfHeap,
    instancesPerRound: CF_N,
    heldWaitingInstances: CF_HOLD,
  };
  const bpmnEngine = {
    version: peer.version,
    instancesPerSec: round1(wall(pe)),
    roundsInstancesPerSec: pe.map((r) => round1(r.wall)),
    instancesPerCpuSec: round1(cpu(pe)),
    inMemoryInstancesPerSec: round1(wall(peMem)),
    inMemoryRoundsInstancesPerSec: peMem.map((r) => round1(r.wall)),
    inMemoryInstancesPerCpuSec: round1(cpu(peMem)),
    stateBytes: peerWaiting.length,
    stateBytesUtf8: Buffer.byteLength(peerWaiting, 'utf8'),
    heapBytesPerWaitingInstance: peerHeap,
    instancesPerRound: N,
    heldWaitingInstances: HOLD,
  };
  const result = {
    throughputRatio: ratio(wall(cf) / wall(pe)),
    throughputRatioCpu: ratio(cpu(cf) / cpu(pe)),
    throughputRatioVsInMemory: ratio(wall(cf) / wall(peMem)),
    stateBytesRatio: ratio(civicflow.stateBytes / bpmnEngine.stateBytes),
    heapBytesRatio: ratio(civicflow.heapBytesPerWaitingInstance / bpmnEngine.heapBytesPerWaitingInstance),
    targetsMet: {
      throughput100x: wall(cf) / wall(pe) >= 100,
      stateAtMostOneTwentieth: civicflow.stateBytes * 20 <= bpmnEngine.stateBytes,
    },
    civicflow,
    bpmnEngine,
    seconds: round1((performance.now() - started) / 1000),
    loadAverage: [loadStart, round1(loadavg()[0]!)],
    node: process.version,
  };

  log('');
  log(`                          civicflow    bpmn-engine ${peer.version}   ratio`);
  log(
    `instances/s (stored)   ${civicflow.instancesPerSec.toFixed(0).padStart(10)}   ${bpmnEngine.instancesPerSec.toFixed(1).padStart(12)}          ${result.throughputRatio}×`,
  );
  log(
    `instances/CPU-s        ${civicflow.instancesPerCpuSec.toFixed(0).padStart(10)}   ${bpmnEngine.instancesPerCpuSec.toFixed(1).padStart(12)}          ${result.throughputRatioCpu}×`,
  );
  log(
    `instances/s (in memory)${''.padStart(10)}   ${bpmnEngine.inMemoryInstancesPerSec.toFixed(1).padStart(12)}          ${result.throughputRatioVsInMemory}×`,
  );
  log(
    `state bytes, waiting   ${String(civicflow.stateBytes).padStart(10)}   ${String(bpmnEngine.stateBytes).padStart(12)}          ${result.stateBytesRatio}`,
  );
  log(
    `heap bytes, waiting    ${String(civicflow.heapBytesPerWaitingInstance).padStart(10)}   ${String(bpmnEngine.heapBytesPerWaitingInstance).padStart(12)}          ${result.heapBytesRatio}`,
  );
  log(
    `targets: ≥100× throughput ${result.targetsMet.throughput100x ? 'met' : 'MISSED'}; ≤1/20 state ${result.targetsMet.stateAtMostOneTwentieth ? 'met' : 'MISSED'}`,
  );
  log(JSON.stringify(result));
}

await main();

// HTTP clients for the runtime benchmark, run in a worker thread so the server (in the main
// thread) keeps its own event loop and core. Each client is a sequential async loop; `clients`
// of them run at once over keep-alive connections.
import { parentPort, workerData } from 'node:worker_threads';
import { FOLLOW_UP, HANDLE, INTAKE } from '../../engine/bench/workload.js';

export interface LoopJob {
  mode: 'loops';
  url: string;
  tenant: string;
  /** Bearer tokens: the window clerk starts and receives, the labour department handles, follow-up closes. */
  tokens: { window: string; dept: string; followUp: string };
  /** Measured for this long, after `warmupSeconds`. */
  seconds: number;
  warmupSeconds: number;
  clients: number;
}

export interface InboxJob {
  mode: 'inbox';
  url: string;
  token: string;
  path: string;
  queries: number;
  warmup: number;
  /** Items each answer must hold (the page size). */
  expectItems: number;
  candidateGroup: string;
}

export interface LoopResult {
  loops: number;
  seconds: number;
  latencies: Record<string, number[]>;
}

export interface InboxResult {
  latencies: number[];
}

async function call(url: string, method: string, token: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function runLoops(job: LoopJob): Promise<LoopResult> {
  const latencies: Record<string, number[]> = {
    'POST /api/process-instances': [],
    'GET /api/tasks?processInstanceId=': [],
    'POST /api/tasks/:id/complete': [],
  };
  const steps = [
    { token: job.tokens.window, el: 'Task_Receive', variables: INTAKE },
    { token: job.tokens.dept, el: 'Task_HandleLabour', variables: HANDLE },
    { token: job.tokens.followUp, el: 'Task_FollowUp', variables: FOLLOW_UP },
  ];
  let record = false;
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    if (record) latencies[name]!.push(performance.now() - t0);
    return r;
  };
  const loop = async () => {
    const started = await timed('POST /api/process-instances', () =>
      call(`${job.url}/api/process-instances`, 'POST', job.tokens.window, {
        processKey: 'appeal-loop',
        tenant: job.tenant,
      }),
    );
    for (const step of steps) {
      const tasks = (await timed('GET /api/tasks?processInstanceId=', () =>
        call(`${job.url}/api/tasks?processInstanceId=${started.id}`, 'GET', step.token),
      )) as Array<{ id: string; elementId: string; status: string }>;
      const task = tasks.find((t) => t.elementId === step.el && t.status === 'open');
      if (!task) throw new Error(`no open task at ${step.el} in ${JSON.stringify(tasks)}`);
      const done = await timed('POST /api/tasks/:id/complete', () =>
        call(`${job.url}/api/tasks/${task.id}/complete`, 'POST', step.token, { variables: step.variables }),
      );
      if (done.status !== 'completed') throw new Error(`task ${task.id} answered ${JSON.stringify(done)}`);
    }
  };
  let count = 0;
  const run = async (seconds: number) => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: job.clients }, async () => {
        while (performance.now() < end) {
          await loop();
          count++;
        }
      }),
    );
  };
  await run(job.warmupSeconds);
  record = true;
  count = 0;
  const t0 = performance.now();
  await run(job.seconds);
  return { loops: count, seconds: (performance.now() - t0) / 1000, latencies };
}

async function runInbox(job: InboxJob): Promise<InboxResult> {
  const latencies: number[] = [];
  for (let i = 0; i < job.warmup + job.queries; i++) {
    const t0 = performance.now();
    const tasks = (await call(`${job.url}${job.path}`, 'GET', job.token)) as Array<{
      status: string;
      candidateGroups: string[];
    }>;
    const dt = performance.now() - t0;
    if (
      tasks.length !== job.expectItems ||
      tasks.some((t) => t.status !== 'open' || !t.candidateGroups.includes(job.candidateGroup))
    ) {
      throw new Error(
        `inbox answered ${tasks.length} tasks, expected ${job.expectItems} open ${job.candidateGroup} tasks`,
      );
    }
    if (i >= job.warmup) latencies.push(dt);
  }
  return { latencies };
}

if (parentPort) {
  const job = workerData as LoopJob | InboxJob;
  (job.mode === 'loops' ? runLoops(job) : runInbox(job)).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: Error) => parentPort!.postMessage({ ok: false, error: err.stack ?? String(err) }),
  );
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jsonRequest, type JsonRequest } from './json-request.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A runtime server running as its own operating-system process (`node --import tsx runtime/main.ts`), ending with the test process. */
export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Parsed pino log lines (JSON) and any other stdout/stderr lines, in order. */
  logs: Array<Record<string, unknown>>;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  request: JsonRequest;
  login(username: string, password: string): Promise<string>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Every child still running is killed when the test process ends, whatever happened. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export interface SpawnOptions {
  name: string;
  env: Record<string, string>;
  /** How long to wait for "civicflow is listening" (default 30 s). */
  startTimeoutMs?: number;
}

/** Spawns `runtime/main.ts` with the given environment (PORT=0 picks a free port) and waits until it listens. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  installExitHook();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './runtime/testing/exit-with-parent.mjs', 'runtime/main.ts'],
    {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        CIVICFLOW_LOAD_EXAMPLES: 'false',
        CIVICFLOW_STATIC_DIR: '/nonexistent',
        NODE_OPTIONS: '',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  live.add(child);
  const logs: Array<Record<string, unknown>> = [];
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let onListening: ((url: string) => void) | undefined;
  const listening = new Promise<string>((resolve) => (onListening = resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'civicflow is listening' && typeof entry.url === 'string') onListening?.(entry.url);
      } catch {
        // not a log line
      }
    });
  }
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    listening,
    exited.then(({ code, signal }) => {
      throw new Error(
        `${options.name} exited before listening (code ${code}, signal ${signal}):\n${output.slice(-20).join('\n')}`,
      );
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${options.name} did not start within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`)),
        timeoutMs,
      );
    }),
  ])
    .catch((err) => {
      child.kill('SIGKILL');
      throw err;
    })
    .finally(() => clearTimeout(timer));

  const request = jsonRequest(url);
  return {
    name: options.name,
    url,
    child,
    logs,
    output,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    request,
    async login(username, password) {
      const r = await request('POST', '/api/auth/login', { body: { username, password } });
      if (r.status !== 200)
        throw new Error(`login ${username} on ${options.name} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
}

/** Kills every given server that is still running (SIGKILL), waiting for each exit. */
export async function killAll(servers: Array<ServerProcess | undefined>): Promise<void> {
  await Promise.all(servers.map((s) => s?.kill('SIGKILL')));
}

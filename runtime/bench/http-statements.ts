// Statements per HTTP request of the appeal loop (knex queries + the command path's statements;
// on PostgreSQL also round trips), counted in-process over ten loops after two unmeasured ones.
// Deterministic but for the background pollers (a few tenths): the figure to compare when the
// machine is too loaded for throughput ratios. `npx tsx runtime/bench/http-statements.ts [sqlite|postgres]`
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { FOLLOW_UP, HANDLE, INTAKE } from '../../engine/bench/workload.js';
import { txCounters } from '../platform/db/tx.js';
import { startRuntime } from '../server.js';
import { freshDatabase } from '../testing/databases.js';

const LOOPS = 10;
const ROOT = join(import.meta.dirname, '..', '..');
const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';

let database: { url: string; schema?: string; drop: () => Promise<void> };
if (dialect === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'civicflow-statements-'));
  database = {
    url: `sqlite:${join(dir, 'bench.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
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
    startsPerTenantPerMinute: Number.POSITIVE_INFINITY,
  },
  pino({ level: 'silent' }),
);
let knexQueries = 0;
rt.deps.db.knex.on('query', () => knexQueries++);
const count = () => ({
  statements: knexQueries + txCounters.statements,
  roundTrips: knexQueries + txCounters.roundTrips,
});

async function call<T>(path: string, method: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const login = async (username: string) =>
  (await call<{ token: string }>('/api/auth/login', 'POST', null, { username, password: 'demo-password' })).token;

try {
  const tokens = { window: await login('window1'), dept: await login('rs1'), followUp: await login('followup1') };
  const steps = [
    ['receive', tokens.window, 'Task_Receive', INTAKE],
    ['handle', tokens.dept, 'Task_HandleLabour', HANDLE],
    ['followUp', tokens.followUp, 'Task_FollowUp', FOLLOW_UP],
  ] as const;
  const per: Record<string, { statements: number; roundTrips: number }> = {};
  for (let i = 0; i < LOOPS + 2; i++) {
    const counted = async <T>(name: string, request: () => Promise<T>): Promise<T> => {
      const before = count();
      const answer = await request();
      const after = count();
      if (i >= 2) {
        const p = (per[name] ??= { statements: 0, roundTrips: 0 });
        p.statements += after.statements - before.statements;
        p.roundTrips += after.roundTrips - before.roundTrips;
      }
      return answer;
    };
    const started = await counted('POST /api/process-instances', () =>
      call<{ id: string }>('/api/process-instances', 'POST', tokens.window, {
        processKey: 'appeal-loop',
        tenant: 'town-a',
      }),
    );
    for (const [name, token, elementId, variables] of steps) {
      const tasks = await counted(`GET /api/tasks (${name})`, () =>
        call<Array<{ id: string; elementId: string; status: string }>>(
          `/api/tasks?processInstanceId=${started.id}`,
          'GET',
          token,
        ),
      );
      const task = tasks.find((t) => t.elementId === elementId && t.status === 'open');
      if (!task) throw new Error(`no open ${elementId}`);
      await counted(`POST /api/tasks/:id/complete (${name})`, () =>
        call(`/api/tasks/${task.id}/complete`, 'POST', token, { variables }),
      );
    }
  }
  const figures = Object.fromEntries(
    Object.entries(per).map(([k, v]) => [
      k,
      dialect === 'postgres'
        ? { statements: v.statements / LOOPS, roundTrips: v.roundTrips / LOOPS }
        : { statements: v.statements / LOOPS },
    ]),
  );
  console.log(JSON.stringify({ [dialect]: figures }));
} finally {
  await rt.close();
  await database.drop();
}

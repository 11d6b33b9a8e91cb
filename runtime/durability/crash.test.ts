import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../platform/db/connection.js';
import { freshDatabase, testDialects, type TestDatabase } from '../testing/databases.js';
import * as b from '../testing/bpmn.js';
import { inconsistencies } from '../testing/consistency.js';
import { historyEvents, waitFor } from '../testing/durability.js';
import { killAll, spawnServer, type ServerProcess } from '../testing/processes.js';

const dialects = await testDialects();
const PASSWORD = 'crash-test-admin-pw';
const PROCESS = b.chainProcess('crash-loop', [b.start(), b.userTask('Task_A'), b.timerCatch('PT1S'), b.end()]);

interface Ledger {
  startsSent: Set<string>;
  /** businessKey → instance id, for every start the server acknowledged (201). */
  startsAcked: Map<string, string>;
  completesSent: Set<string>;
  /** task id → how many completions of it were acknowledged (200). */
  completesAcked: Map<string, number>;
  errors: string[];
}

/**
 * Drives load until `stop()` is called: starts cases and completes their first task, several
 * requests at a time (some completions twice at once), recording what was sent and acknowledged.
 */
function driveLoad(server: ServerProcess, token: string, width: number) {
  const ledger: Ledger = {
    startsSent: new Set(),
    startsAcked: new Map(),
    completesSent: new Set(),
    completesAcked: new Map(),
    errors: [],
  };
  let stopped = false;
  let n = 0;
  const toComplete: string[] = [];
  const ack = () => ledger.startsAcked.size + [...ledger.completesAcked.values()].reduce((a, c) => a + c, 0);
  const complete = async (taskId: string) => {
    ledger.completesSent.add(taskId);
    const res = await server.request('POST', `/api/tasks/${taskId}/complete`, {
      token,
      body: { variables: { handled: taskId } },
    });
    if (res.status === 200) ledger.completesAcked.set(taskId, (ledger.completesAcked.get(taskId) ?? 0) + 1);
    else if (res.status !== 409) ledger.errors.push(`complete ${taskId}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const loop = async () => {
    while (!stopped) {
      try {
        const id = n++ % 3 === 2 ? toComplete.shift() : undefined;
        if (id) {
          const tasks = await server.request('GET', `/api/tasks?processInstanceId=${id}`, { token });
          const taskId = tasks.body?.[0]?.id as string | undefined;
          if (!taskId) continue;
          // Now and then the same task twice at once: exactly one may win.
          await (n % 5 === 0 ? Promise.all([complete(taskId), complete(taskId)]) : complete(taskId));
        } else {
          const key = `CR-${n}-${Math.random().toString(36).slice(2, 8)}`;
          ledger.startsSent.add(key);
          const res = await server.request('POST', '/api/process-instances', {
            token,
            body: { processKey: 'crash-loop', tenant: 'city', businessKey: key, variables: { key } },
          });
          if (res.status === 201) {
            ledger.startsAcked.set(key, res.body.id);
            toComplete.push(res.body.id);
          } else ledger.errors.push(`start ${key}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      } catch {
        // The server died under us: this request was never acknowledged.
        if (!stopped) await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const loops = Array.from({ length: width }, loop);
  return { ledger, acks: ack, stop: async () => ((stopped = true), await Promise.all(loops)) };
}

// The dialects run side by side: each scenario mostly waits on its own child processes.
describe.concurrent.each(dialects)('crash safety on %s', (dialect) => {
  let database: TestDatabase;
  let db: Database | undefined;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await killAll(servers);
    await db?.close();
    await database?.drop();
  });

  it('a server killed under load loses and duplicates nothing, and carries on after a restart', async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} ${Date.now() - t0}ms`);
    database = await freshDatabase(dialect);
    const env = {
      DATABASE_URL: database.url,
      ...(database.schema ? { CIVICFLOW_DB_SCHEMA: database.schema } : {}),
      CIVICFLOW_ADMIN_PASSWORD: PASSWORD,
      CIVICFLOW_NODE_ID: `crash-${dialect}`,
    };
    const first = await spawnServer({ name: 'first', env });
    servers.push(first);
    const token = await first.login('admin', PASSWORD);
    expect(
      (
        await first.request('POST', '/api/deployments', {
          token,
          body: { tenant: 'city', resources: [{ name: 'crash-loop.bpmn', content: PROCESS }] },
        })
      ).status,
    ).toBe(201);

    mark('up');
    const load = driveLoad(first, token, 8);
    await waitFor(async () => load.acks() >= 150 && load.ledger.completesAcked.size >= 30, {
      timeoutMs: 30_000,
      what: 'load to build up',
    });
    mark('loaded');
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await load.stop();
    const { ledger } = load;
    expect(ledger.errors).toEqual([]);
    if (dialect === 'sqlite') expect(existsSync(`${database.url.slice('sqlite:'.length)}-wal`)).toBe(true);

    // Down for a while: timers of completed first tasks fall due meanwhile.
    db = openDatabase(database.url, database.schema);
    const knex = db.knex;
    await new Promise((r) => setTimeout(r, 1200));

    // Nothing acknowledged is lost, nothing is there twice.
    const rows = (await knex('instances').select('id', 'business_key')) as Array<{ id: string; business_key: string }>;
    const perKey = new Map<string, string[]>();
    for (const r of rows) perKey.set(r.business_key, [...(perKey.get(r.business_key) ?? []), r.id]);
    for (const [key, ids] of perKey) {
      expect(ids, `business key ${key}`).toHaveLength(1);
      expect(ledger.startsSent.has(key), `unsent business key ${key}`).toBe(true);
    }
    for (const [key, id] of ledger.startsAcked) expect(perKey.get(key), `acknowledged start ${key}`).toEqual([id]);
    // Open tasks are in tasks, closed ones in task_history (never both: inconsistencies() checks that).
    const taskRows = (await knex('tasks').select('id', 'status')) as Array<{ id: string; status: string }>;
    const closedRows = (await knex('task_history').select('id', 'status')) as Array<{ id: string; status: string }>;
    const status = new Map([...taskRows, ...closedRows].map((t) => [t.id, t.status]));
    for (const [taskId, acks] of ledger.completesAcked) {
      expect(acks, `completions acknowledged for ${taskId}`).toBe(1);
      expect(status.get(taskId), `acknowledged completion of ${taskId}`).toBe('completed');
    }
    for (const [taskId, s] of status)
      if (s === 'completed') expect(ledger.completesSent.has(taskId), `completed but never sent: ${taskId}`).toBe(true);
    expect(await inconsistencies(knex, { linear: true })).toEqual([]);
    const waitingOnTimer = (await knex('jobs').where({ kind: 'timer' }).select('instance_id')).length;

    // Restart on the same database (same node id: its stale job locks are released at once).
    mark('checked');
    const second = await spawnServer({ name: 'second', env });
    servers.push(second);
    const token2 = await second.login('admin', PASSWORD);
    // Timers that fell due while the server was down fire now.
    await waitFor(async () => (await knex('jobs').where({ kind: 'timer' })).length === 0, {
      timeoutMs: 20_000,
      what: 'overdue timers to fire after the restart',
    });
    mark('restarted, overdue timers fired');
    const firedAfterRestart = (await historyEvents(knex, { types: ['timerFired'] })).length;
    expect(firedAfterRestart).toBeGreaterThanOrEqual(waitingOnTimer);

    // Work continues: every case still at its first task is finished now.
    const open = (await knex('tasks').where({ status: 'open' }).select('id')) as Array<{ id: string }>;
    const finished = await Promise.all(
      open.map((t) =>
        second.request('POST', `/api/tasks/${t.id}/complete`, { token: token2, body: { variables: {} } }),
      ),
    );
    expect(finished.filter((r) => r.status !== 200)).toEqual([]);
    await waitFor(
      async () => {
        const left = await knex('instances').whereNot({ status: 'completed' }).count('* as n');
        return Number(left[0]?.n) === 0;
      },
      { timeoutMs: 20_000, what: 'every case to complete' },
    );
    expect(await inconsistencies(knex, { linear: true })).toEqual([]);
    expect(await historyEvents(knex, { types: ['timerFired'] })).toHaveLength(rows.length);
    mark('all complete');
    console.log(phases.join(', '));
    console.log(
      `${dialect}: ${ledger.startsAcked.size} starts and ${ledger.completesAcked.size} completions acknowledged before SIGKILL; ${rows.length} cases; ${waitingOnTimer} timers waited out the downtime`,
    );

    const stop = await second.kill('SIGTERM');
    expect(stop.code).toBe(0);
  }, 90_000);
});

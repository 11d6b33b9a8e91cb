import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/db/connection.js';
import { freshDatabase, testDialects, type TestDatabase } from '../testing/databases.js';
import * as b from '../testing/bpmn.js';
import { inconsistencies } from '../testing/consistency.js';
import { historyEvents, waitFor } from '../testing/durability.js';
import { killAll, spawnServer, type ServerProcess } from '../testing/processes.js';

const dialects = await testDialects();
const PASSWORD = 'shutdown-admin-pw';
const CASES = 120;

// The dialects run side by side: each scenario mostly waits on its own child process.
describe.concurrent.each(dialects)('graceful shutdown on %s', (dialect) => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await killAll([server]);
    await database?.drop();
  });

  it('SIGTERM stops taking jobs, finishes what is in flight, closes the database and exits 0', async () => {
    database = await freshDatabase(dialect);
    const nodeId = `shutdown-${dialect}`;
    server = await spawnServer({
      name: 'server',
      env: {
        DATABASE_URL: database.url,
        ...(database.schema ? { CIVICFLOW_DB_SCHEMA: database.schema } : {}),
        CIVICFLOW_ADMIN_PASSWORD: PASSWORD,
        CIVICFLOW_NODE_ID: nodeId,
      },
    });
    const token = await server.login('admin', PASSWORD);
    const deployed = await server.request('POST', '/api/deployments', {
      token,
      body: {
        tenant: 'city',
        resources: [
          { name: 'burst.bpmn', content: b.chainProcess('burst', [b.start(), b.timerCatch('PT1S'), b.end()]) },
        ],
      },
    });
    expect(deployed.status).toBe(201);
    const acked = new Set<string>();
    const start = async () => {
      const res = await server!.request('POST', '/api/process-instances', {
        token,
        body: { processKey: 'burst', tenant: 'city' },
      });
      expect(res.status).toBe(201);
      acked.add(res.body.id);
    };
    for (let i = 0; i < CASES; i += 10) await Promise.all(Array.from({ length: 10 }, start));

    // Wait until the executor is busy with the timers, then stop it while requests are in flight.
    let db = openDatabase(database.url, database.schema);
    await waitFor(async () => (await historyEvents(db.knex, { types: ['timerFired'] })).length > 0, {
      timeoutMs: 15_000,
      what: 'the first timer to fire',
    });
    await db.close();
    const inFlight = Array.from({ length: 10 }, () =>
      server!.request('POST', '/api/process-instances', { token, body: { processKey: 'burst', tenant: 'city' } }).then(
        (res) => ({ status: res.status, id: res.body?.id as string | undefined }),
        () => ({ status: 0, id: undefined }), // refused: the server was already closing
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    const exit = await server.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs.some((l) => l.msg === 'stopped')).toBe(true);
    // Each request in flight was either answered in full or refused; none failed half-way.
    for (const a of answers) expect([0, 201]).toContain(a.status);
    for (const a of answers) if (a.id) acked.add(a.id);
    if (dialect === 'sqlite') expect(existsSync(`${database.url.slice('sqlite:'.length)}-wal`)).toBe(false);

    db = openDatabase(database.url, database.schema);
    try {
      const rows = await db.knex('instances').select('id', 'status');
      for (const id of acked)
        expect(
          rows.some((r: { id: string }) => r.id === id),
          `acknowledged case ${id}`,
        ).toBe(true);
      expect(await inconsistencies(db.knex, { linear: true })).toEqual([]);
      // Jobs it had taken but not started were handed back, not left locked.
      expect(await db.knex('jobs').where({ lock_owner: nodeId })).toEqual([]);
      const stats = server.logs.find((l) => l.msg === 'stopped')!.jobs as { timersFired: number };
      expect(await historyEvents(db.knex, { types: ['timerFired'] })).toHaveLength(stats.timersFired);
      const waiting = await db.knex('jobs').where({ kind: 'timer' }).count('* as n');
      expect(Number(waiting[0]?.n) + stats.timersFired).toBe(rows.length);
      console.log(
        `${dialect}: answers ${answers.map((a) => a.status).join(',')}; ${stats.timersFired} timers fired, ${Number(waiting[0]?.n)} left waiting; ${JSON.stringify(stats)}`,
      );
    } finally {
      await db.close();
    }
  }, 60_000);
});

import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresAvailable, type TestDatabase } from '../testing/databases.js';
import * as b from '../testing/bpmn.js';
import { historyEvents, waitFor } from '../testing/durability.js';
import { killAll, spawnServer, type ServerProcess } from '../testing/processes.js';

// With CIVICFLOW_REQUIRE_POSTGRES=1 (CI) an unreachable PostgreSQL throws here: the file fails, it never skips.
const pg = await postgresAvailable();

const INSTANCES = 300;
const PASSWORD = 'multi-node-admin-pw';

async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/** Stops a server gracefully and returns the job counts it logged on the way out. */
async function stopAndCount(
  server: ServerProcess,
): Promise<{ exit: { code: number | null }; jobs: Record<string, number> }> {
  const exit = await Promise.race([
    server.kill('SIGTERM'),
    new Promise<{ code: null }>((r) => setTimeout(() => r({ code: null }), 15_000)),
  ]);
  const stopped = server.logs.find((l) => l.msg === 'stopped');
  return { exit, jobs: (stopped?.jobs ?? {}) as Record<string, number> };
}

describe.skipIf(!pg)('two server processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let knex: Knex;
  let nodes: ServerProcess[] = [];

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    knex = knexFactory({
      client: 'pg',
      connection: database.url,
      searchPath: [database.schema!],
      pool: { min: 0, max: 2 },
    });
  });
  afterAll(async () => {
    await killAll(nodes);
    await knex?.destroy();
    await database?.drop();
  });

  it(`fires each of ${INSTANCES} timers exactly once, with both nodes taking a share`, async () => {
    const env = (nodeId: string) => ({
      DATABASE_URL: database.url,
      CIVICFLOW_DB_SCHEMA: database.schema!,
      CIVICFLOW_ADMIN_PASSWORD: PASSWORD,
      CIVICFLOW_NODE_ID: nodeId,
    });
    // Both start at once against the fresh schema: migrations and seeding must not collide.
    const t0 = Date.now();
    nodes = await Promise.all([
      spawnServer({ name: 'node-a', env: env('node-a') }),
      spawnServer({ name: 'node-b', env: env('node-b') }),
    ]);
    const [a, bNode] = nodes as [ServerProcess, ServerProcess];
    const t1 = Date.now();
    const tokens = [await a.login('admin', PASSWORD), await bNode.login('admin', PASSWORD)];
    const deployed = await a.request('POST', '/api/deployments', {
      token: tokens[0],
      body: {
        tenant: 'city',
        resources: [
          {
            name: 'short-timer.bpmn',
            content: b.chainProcess('short-timer', [b.start(), b.timerCatch('PT2S'), b.end()]),
          },
        ],
      },
    });
    expect(deployed.status).toBe(201);

    const ids: string[] = [];
    await pool(
      Array.from({ length: INSTANCES }, (_, i) => i),
      12,
      async (i) => {
        const node = nodes[i % 2]!;
        const res = await node.request('POST', '/api/process-instances', {
          token: tokens[i % 2],
          body: { processKey: 'short-timer', tenant: 'city', businessKey: `MP-${i}` },
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      },
    );
    expect(new Set(ids).size).toBe(INSTANCES);
    const t2 = Date.now();

    await waitFor(
      async () => {
        const done = await knex('instances').where({ status: 'completed' }).count('* as n');
        return Number(done[0]?.n) === INSTANCES;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'every instance to complete' },
    );

    const t3 = Date.now();
    console.log(`startup ${t1 - t0} ms, ${INSTANCES} starts ${t2 - t1} ms, all fired after ${t3 - t2} ms`);
    const events = await historyEvents(knex, { types: ['timerFired', 'elementActivated', 'instanceCompleted'] });
    const firedPerCase = new Map<string, number>();
    for (const e of events)
      if (e.type === 'timerFired') firedPerCase.set(e.instanceId, (firedPerCase.get(e.instanceId) ?? 0) + 1);
    expect(firedPerCase.size).toBe(INSTANCES);
    expect([...firedPerCase.values()].filter((n) => n !== 1)).toEqual([]);
    expect(events.filter((e) => e.type === 'elementActivated' && e.elementId === 'Timer_Wait')).toHaveLength(INSTANCES);
    expect(events.filter((e) => e.type === 'instanceCompleted')).toHaveLength(INSTANCES);
    expect(await knex('jobs').select('id')).toEqual([]);
    const versions = await knex('instances').distinct('version');
    expect(versions).toEqual([{ version: 2 }]);

    const [statsA, statsB] = await Promise.all([stopAndCount(a), stopAndCount(bNode)]);
    expect(statsA.exit.code).toBe(0);
    expect(statsB.exit.code).toBe(0);
    const firedA = statsA.jobs.timersFired ?? 0;
    const firedB = statsB.jobs.timersFired ?? 0;
    console.log(`timers fired: node-a ${firedA}, node-b ${firedB}`);
    expect(firedA + firedB).toBe(INSTANCES);
    expect(firedA).toBeGreaterThan(0);
    expect(firedB).toBeGreaterThan(0);
  }, 90_000);
});

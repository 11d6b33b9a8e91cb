import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { inconsistencies } from '../testing/consistency.js';
import { deploy, startCase, waitFor } from '../testing/durability.js';
import { postgresAvailable, startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { StaleWrite } from '../platform/db/tx.js';
import { readHistory } from '../store/history.js';

const dialects = await testDialects();
const pg = await postgresAvailable();

describe.each(dialects)('command service on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
  });
  afterAll(async () => rt?.stop());

  it('retries a command that hit a version conflict, and gives up after a bounded number of attempts', async () => {
    let attempts = 0;
    const value = await rt.deps.commands.transact(async () => {
      attempts++;
      if (attempts < 3) throw new StaleWrite('instance some-instance changed concurrently');
      return 'done';
    });
    expect(value).toBe('done');
    expect(attempts).toBe(3);

    attempts = 0;
    await expect(
      rt.deps.commands.transact(async () => {
        attempts++;
        throw new StaleWrite('instance hot-instance changed concurrently');
      }),
    ).rejects.toBeInstanceOf(StaleWrite);
    expect(attempts).toBe(8);
  });

  it('rolls back the writes of a failed attempt before the next one', async () => {
    const admin = await rt.login('admin');
    await deploy(rt, admin, 'city', {
      'retry-me.bpmn': b.chainProcess('retry-me', [b.start(), b.userTask('A'), b.end()]),
    });
    const c = await startCase(rt, admin, 'retry-me');
    let attempts = 0;
    await rt.deps.commands.transact(async (unit) => {
      attempts++;
      await unit.execute(c.id, { type: 'setVariables', variables: { attempt: attempts } }, 'tester');
      if (attempts === 1) throw new StaleWrite(`instance ${c.id} changed concurrently`);
    });
    const row = await rt.deps.db.knex('instances').where({ id: c.id }).first();
    expect(row.version).toBe(2);
    expect((await readHistory(rt.deps.db.knex, c.id)).filter((e) => e.type === 'variablesUpdated')).toHaveLength(1);
  });
});

describe.skipIf(!pg)('command service on postgres: deadlocks', () => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime('postgres', { runJobs: false });
    admin = await rt.login('admin');
    await deploy(rt, admin, 'city', {
      'dl-parent.bpmn': b.chainProcess('dl-parent', [
        b.start(),
        b.callActivity('Call_Child', 'dl-child'),
        b.userTask('After'),
        b.end(),
      ]),
      'dl-child.bpmn': b.chainProcess('dl-child', [b.start(), b.userTask('Child_Task'), b.end()]),
    });
  });
  afterAll(async () => rt?.stop());

  it('a deadlock between a parent and its child is retried, not reported as a failure', async () => {
    const parent = await startCase(rt, admin, 'dl-parent');
    const child = await rt.deps.db.knex('instances').where({ parent_id: parent.id }).first();
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${child.id}`, { token: admin })).body;

    // Cancelling the parent locks the parent first and the child second …
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let cancelPid: number | undefined;
    let cancelAttempts = 0;
    const cancel = rt.deps.commands.transact(async (unit) => {
      cancelAttempts++;
      await unit.execute(parent.id, { type: 'cancelInstance' }, 'admin');
      if (cancelAttempts === 1) {
        cancelPid = (await unit.tx.first<{ pid: number }>('select pg_backend_pid() as pid'))!.pid;
        await gate;
      }
    });
    await waitFor(async () => cancelPid !== undefined, { what: 'the cancel to hold the parent' });
    // … completing the child's last task locks the child first and the parent second.
    const completing = rt.request('POST', `/api/tasks/${task.id}/complete`, { token: admin, body: { variables: {} } });
    await waitFor(
      async () =>
        (
          await rt.deps.db.knex.raw('select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))', [
            cancelPid!,
          ])
        ).rows.length > 0,
      { what: 'the completion to wait for the cancel' },
    );
    release();

    const [completed] = await Promise.all([completing, cancel]);
    // Whichever PostgreSQL chose as the victim ran again from a fresh read: no 500.
    expect([200, 409]).toContain(completed.status);
    const rows = await rt.deps.db.knex('instances').whereIn('id', [parent.id, child.id]).select('id', 'status');
    expect(rows.find((r: { id: string }) => r.id === parent.id).status).toBe('terminated');
    expect(await inconsistencies(rt.deps.db.knex)).toEqual([]);
  });
});

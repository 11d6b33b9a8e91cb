import { pino } from 'pino';
import { PinSets } from './pin-sets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/db/connection.js';
import { migrate } from '../platform/db/migrate.js';
import * as b from '../testing/bpmn.js';
import { createTenants, deploy, failTaskInsertsFor, snapshot, startCase } from '../testing/durability.js';
import { readHistory } from './history.js';
import { parseState } from '../execution/instance-row.js';
import { startRuntime } from '../server.js';
import {
  ADMIN_PASSWORD,
  freshDatabase,
  startTestRuntime,
  testDialects,
  type TestDialect,
  type TestRuntime,
} from '../testing/databases.js';

const dialects = await testDialects();

async function schemaOf(knex: import('knex').Knex, dialect: TestDialect): Promise<unknown> {
  if (dialect === 'sqlite') return knex.raw(`select type, name, tbl_name, sql from sqlite_master order by type, name`);
  const columns = await knex.raw(
    `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = current_schema() order by table_name, column_name`,
  );
  const indexes = await knex.raw(
    `select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by tablename, indexname`,
  );
  return { columns: columns.rows, indexes: indexes.rows };
}

const ALL_TABLES = [
  'tenants',
  'users',
  'groups',
  'memberships',
  'deployments',
  'definitions',
  'start_triggers',
  'instances',
  'tasks',
  'task_history',
  'task_candidates',
  'jobs',
  'subscriptions',
  'incidents',
  'history',
  'notifications',
  'civicflow_migrations',
];
const KEYS: Record<string, string[]> = {
  tenants: ['id'],
  users: ['username'],
  groups: ['id'],
  memberships: ['username', 'group_id'],
  start_triggers: ['definition_id', 'element_id'],
  task_candidates: ['task_id', 'kind', 'value'],
  civicflow_migrations: ['name'],
};

async function everything(knex: import('knex').Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ALL_TABLES)
    out[t] = await knex(t)
      .select('*')
      .orderBy(KEYS[t] ?? ['id']);
  return out;
}

describe.each(dialects)('store contract on %s', (dialect) => {
  describe('migrations and bootstrap', () => {
    it('migrating twice changes nothing, and a second start on the same database changes no row', async () => {
      const database = await freshDatabase(dialect);
      try {
        const db = openDatabase(database.url, database.schema);
        try {
          await migrate(db.knex);
          const schema1 = await schemaOf(db.knex, dialect);
          const migrations1 = await db.knex('civicflow_migrations').select('name');
          await migrate(db.knex);
          expect(await schemaOf(db.knex, dialect)).toEqual(schema1);
          expect(await db.knex('civicflow_migrations').select('name')).toEqual(migrations1);
          expect(migrations1.map((m: { name: string }) => m.name)).toContain('001_core');
        } finally {
          await db.close();
        }

        const config = {
          databaseUrl: database.url,
          ...(database.schema ? { databaseSchema: database.schema } : {}),
          port: 0,
          adminPassword: ADMIN_PASSWORD,
          loadExamples: true,
          demo: true,
          examplesDir: 'examples',
          controlledClock: false,
          runJobs: false,
        };
        const log = pino({ level: 'silent' });
        const first = await startRuntime(config, log);
        const afterFirst = await everything(first.deps.db.knex);
        await first.close();
        expect(afterFirst.definitions!.length).toBeGreaterThan(0);
        expect(afterFirst.users!.length).toBeGreaterThan(1);

        const second = await startRuntime(config, log);
        const afterSecond = await everything(second.deps.db.knex);
        await second.close();
        expect(afterSecond).toEqual(afterFirst);
      } finally {
        await database.drop();
      }
    });
  });

  describe('definitions, tenants and transactions', () => {
    let rt: TestRuntime;
    let admin: string;

    beforeAll(async () => {
      rt = await startTestRuntime(dialect);
      admin = await rt.login('admin');
      await createTenants(rt, admin, [
        ['town-a', 'city'],
        ['town-a-east', 'town-a'],
        ['park', 'city'],
      ]);
    });
    afterAll(async () => rt?.stop());

    it('versions definitions per key and tenant: an unchanged redeploy keeps the version, a change adds one', async () => {
      const v1 = b.chainProcess('versioned', [b.start(), b.userTask('A'), b.end()], { name: 'first' });
      const v2 = b.chainProcess('versioned', [b.start(), b.userTask('A'), b.end()], { name: 'second' });
      const d1 = await deploy(rt, admin, 'city', { 'versioned.bpmn': v1 });
      expect(d1.processes).toEqual([
        { id: expect.any(String), key: 'versioned', version: 1, tenant: 'city', name: 'first' },
      ]);
      const deploymentsBefore = await rt.deps.db.knex('deployments').count('* as n');

      const again = await deploy(rt, admin, 'city', { 'versioned.bpmn': v1 });
      expect(again.processes[0]).toEqual(d1.processes[0]);
      expect(again.id).toBe(d1.id);
      expect(await rt.deps.db.knex('deployments').count('* as n')).toEqual(deploymentsBefore);

      const d2 = await deploy(rt, admin, 'city', { 'versioned.bpmn': v2 });
      expect(d2.processes[0]).toMatchObject({ key: 'versioned', version: 2, tenant: 'city' });
      expect(d2.processes[0].id).not.toBe(d1.processes[0].id);

      // A township's own version is numbered on its own.
      const own = await deploy(rt, admin, 'town-a', { 'versioned.bpmn': v1 });
      expect(own.processes[0]).toMatchObject({ key: 'versioned', version: 1, tenant: 'town-a' });
      const rows = await rt.deps.db
        .knex('definitions')
        .where({ kind: 'process', def_key: 'versioned' })
        .orderBy(['tenant_id', 'version'])
        .select('tenant_id', 'version', 'name');
      expect(rows).toEqual([
        { tenant_id: 'city', version: 1, name: 'first' },
        { tenant_id: 'city', version: 2, name: 'second' },
        { tenant_id: 'town-a', version: 1, name: 'first' },
      ]);
      // The XML is kept verbatim.
      const xml = await rt.request('GET', `/api/process-definitions/${d2.processes[0].id}/xml`, { token: admin });
      expect(xml.body).toBe(v2);
    });

    it('resolves a definition by walking up the tenant tree', async () => {
      const cityXml = b.chainProcess('walk', [b.start(), b.userTask('City_Task'), b.end()]);
      const townXml = b.chainProcess('walk', [b.start(), b.userTask('Town_Task'), b.end()]);
      const city = (await deploy(rt, admin, 'city', { 'walk.bpmn': cityXml })).processes[0];
      const town = (await deploy(rt, admin, 'town-a', { 'walk.bpmn': townXml })).processes[0];
      const resolve = async (tenant: string) =>
        (await rt.deps.definitions.resolve(rt.deps.db.knex, 'process', 'walk', tenant))?.id;
      expect(await resolve('city')).toBe(city.id);
      expect(await resolve('park')).toBe(city.id);
      expect(await resolve('town-a')).toBe(town.id);
      expect(await resolve('town-a-east')).toBe(town.id);

      const east = await startCase(rt, admin, 'walk', 'town-a-east');
      expect(east).toMatchObject({ definitionId: town.id, tenant: 'town-a-east', activeElementIds: ['Town_Task'] });
      const park = await startCase(rt, admin, 'walk', 'park');
      expect(park).toMatchObject({ definitionId: city.id, activeElementIds: ['City_Task'] });
      const missing = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'nowhere', tenant: 'town-a' },
      });
      expect(missing.status).toBe(404);
      // A township's own definition is not visible to its parent.
      await deploy(rt, admin, 'town-a', { 'own.bpmn': b.chainProcess('town-only', [b.start(), b.end()]) });
      expect(
        (
          await rt.request('POST', '/api/process-instances', {
            token: admin,
            body: { processKey: 'town-only', tenant: 'city' },
          })
        ).status,
      ).toBe(404);
    });

    it('pins the process, decision and form versions an instance started with', async () => {
      const proc = (decisionAt: string) =>
        b.chainProcess(
          'pinned',
          [
            b.start(),
            b.userTask('Task_Fill', 'window', { formId: 'pinned-form' }),
            b.businessRuleTask('Rule', 'pinned-rule', 'level'),
            b.userTask('Task_After'),
            b.end(),
          ],
          { name: decisionAt },
        );
      const v1 = await deploy(rt, admin, 'city', {
        'pinned.bpmn': proc('v1'),
        'pinned-rule.dmn': b.decisionTable('pinned-rule', '"one"'),
        'pinned-form.form.json': b.form('pinned-form', 'answer'),
      });
      const first = await startCase(rt, admin, 'pinned');
      const v2 = await deploy(rt, admin, 'city', {
        'pinned.bpmn': proc('v2'),
        'pinned-rule.dmn': b.decisionTable('pinned-rule', '"two"'),
        'pinned-form.form.json': b.form('pinned-form', 'answer2'),
      });
      expect(v2.processes[0].version).toBe(2);
      expect(v2.decisions[0].version).toBe(2);
      expect(v2.forms[0].version).toBe(2);
      const second = await startCase(rt, admin, 'pinned');
      expect(first.definitionId).toBe(v1.processes[0].id);
      expect(second.definitionId).toBe(v2.processes[0].id);

      const taskOf = async (id: string) =>
        (await rt.request('GET', `/api/tasks?processInstanceId=${id}`, { token: admin })).body[0];
      const t1 = await taskOf(first.id);
      expect(
        Object.keys((await rt.request('GET', `/api/tasks/${t1.id}/form`, { token: admin })).body.schema.properties),
      ).toEqual(['answer']);
      // The first case still validates against its own form version, and evaluates its own decision version.
      expect(
        (
          await rt.request('POST', `/api/tasks/${t1.id}/complete`, {
            token: admin,
            body: { variables: { answer2: 'x' } },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await rt.request('POST', `/api/tasks/${t1.id}/complete`, {
            token: admin,
            body: { variables: { answer: 'x' } },
          })
        ).status,
      ).toBe(200);
      const t2 = await taskOf(second.id);
      expect(
        (
          await rt.request('POST', `/api/tasks/${t2.id}/complete`, {
            token: admin,
            body: { variables: { answer: 'x' } },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await rt.request('POST', `/api/tasks/${t2.id}/complete`, {
            token: admin,
            body: { variables: { answer2: 'y' } },
          })
        ).status,
      ).toBe(200);
      const view = async (id: string) =>
        (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;
      expect(await view(first.id)).toMatchObject({
        definitionId: v1.processes[0].id,
        version: 1,
        activeElementIds: ['Task_After'],
        variables: { answer: 'x', level: 'one' },
      });
      expect(await view(second.id)).toMatchObject({
        definitionId: v2.processes[0].id,
        version: 2,
        activeElementIds: ['Task_After'],
        variables: { answer2: 'y', level: 'two' },
      });
      const pinned = await rt.deps.db
        .knex('instances')
        .whereIn('id', [first.id, second.id])
        .orderBy('created_at')
        .select('id', 'pinned');
      const pinSetOf = (id: string) => pinned.find((r: { id: string }) => r.id === id).pinned as string;
      expect(await new PinSets().read(rt.deps.db.knex, pinSetOf(first.id))).toEqual({
        decisions: { 'pinned-rule': v1.decisions[0].id },
        forms: { 'pinned-form': v1.forms[0].id },
      });
      expect(await new PinSets().read(rt.deps.db.knex, pinSetOf(second.id))).toEqual({
        decisions: { 'pinned-rule': v2.decisions[0].id },
        forms: { 'pinned-form': v2.forms[0].id },
      });
    });

    it('runs one command as one transaction: a failure deep inside a called process leaves every row as it was', async () => {
      const parent = b.chainProcess(
        'tx-parent',
        [b.start(), b.userTask('Task_1'), b.callActivity('Call_Child', 'tx-child'), b.end()],
        {
          extra: b.boundaryTimer('Task_1', 'P1D') + b.boundaryMessage('Task_1', 'Msg_Withdraw'),
          root: b.message('Msg_Withdraw', 'tx-withdraw', '=caseId'),
        },
      );
      const child = b.chainProcess('tx-child', [
        b.start(),
        b.scriptTask('Script_Mark', '="child ran"', 'mark'),
        b.userTask('Task_Boom'),
        b.end(),
      ]);
      await deploy(rt, admin, 'city', { 'tx-parent.bpmn': parent, 'tx-child.bpmn': child });
      const started = await startCase(rt, admin, 'tx-parent', 'city', { caseId: 'TX-1' });
      const knex = rt.deps.db.knex;
      expect(await knex('jobs').where({ instance_id: started.id })).toHaveLength(1);
      expect(await knex('subscriptions').where({ instance_id: started.id })).toHaveLength(1);
      const task = (await rt.request('GET', `/api/tasks?processInstanceId=${started.id}`, { token: admin })).body[0];

      const restore = await failTaskInsertsFor(knex, dialect, 'Task_Boom');
      let before: Record<string, unknown[]>;
      try {
        before = await snapshot(knex);
        const failed = await rt.request('POST', `/api/tasks/${task.id}/complete`, {
          token: admin,
          body: { variables: { note: 'should vanish' } },
        });
        expect(failed.status).toBe(500);
        expect(await snapshot(knex)).toEqual(before);
        // Starting a case whose own start fails leaves no instance behind either.
        await deploy(rt, admin, 'city', {
          'tx-direct.bpmn': b.chainProcess('tx-direct', [b.start(), b.userTask('Task_Boom'), b.end()]),
        });
        const direct = await rt.request('POST', '/api/process-instances', {
          token: admin,
          body: { processKey: 'tx-direct', tenant: 'city' },
        });
        expect(direct.status).toBe(500);
        expect(await snapshot(knex)).toEqual(before);
      } finally {
        await restore();
      }
      // The same command succeeds once the fault is gone: the failure was the only difference.
      const ok = await rt.request('POST', `/api/tasks/${task.id}/complete`, {
        token: admin,
        body: { variables: { note: 'kept' } },
      });
      expect(ok.status).toBe(200);
      const childRow = await knex('instances').where({ parent_id: started.id }).first();
      expect(childRow).toBeDefined();
      expect(
        await knex('tasks').where({ instance_id: childRow.id, element_id: 'Task_Boom', status: 'open' }),
      ).toHaveLength(1);
      expect(await knex('jobs').where({ instance_id: started.id })).toHaveLength(0);
      expect(await knex('subscriptions').where({ instance_id: started.id })).toHaveLength(0);
    });

    it('concurrent commands on one instance both take effect, in order (no lost update)', async () => {
      await deploy(rt, admin, 'city', { 'par.bpmn': b.parallelTasks('par', ['A', 'B', 'C']) });
      const cases = await Promise.all(Array.from({ length: 8 }, () => startCase(rt, admin, 'par')));
      await Promise.all(
        cases.map(async (c) => {
          const tasks = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin }))
            .body as Array<{ id: string; elementId: string }>;
          expect(tasks.map((t) => t.elementId).sort()).toEqual(['A', 'B', 'C']);
          const results = await Promise.all(
            tasks.map((t) =>
              rt.request('POST', `/api/tasks/${t.id}/complete`, {
                token: admin,
                body: { variables: { [`by${t.elementId}`]: true } },
              }),
            ),
          );
          expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
        }),
      );
      for (const c of cases) {
        const row = await rt.deps.db.knex('instances').where({ id: c.id }).first();
        expect(row.status).toBe('completed');
        // start + three completions: every command bumped the version exactly once.
        expect(row.version).toBe(4);
        const root = Object.values(parseState(row).scopes).find((s) => s.parent === null)!;
        expect(root.vars).toEqual({ byA: true, byB: true, byC: true });
        const completed = (await readHistory(rt.deps.db.knex, c.id)).filter((e) => e.type === 'taskCompleted');
        expect(completed.map((e) => e.elementId).sort()).toEqual(['A', 'B', 'C']);
      }
    });

    // PostgreSQL only: SQLite has one writer, so two transactions cannot interleave there.
    if (dialect === 'postgres')
      it('a command that lost the race on the version is retried from a fresh read', async () => {
        await deploy(rt, admin, 'city', { 'race.bpmn': b.parallelTasks('race', ['A', 'B']) });
        const c = await startCase(rt, admin, 'race');
        const tasks = await rt.deps.db.knex('tasks').where({ instance_id: c.id }).select('id', 'element_id');
        const local = (el: string) =>
          Number(
            tasks
              .find((t: { element_id: string }) => t.element_id === el)
              .id.split('-')
              .pop(),
          );
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let firstDone!: () => void;
        const firstExecuted = new Promise<void>((r) => (firstDone = r));
        const first = rt.deps.commands.transact(async (unit) => {
          await unit.execute(c.id, { type: 'completeTask', taskId: local('A'), variables: { a: 1 } }, 'first');
          await unit.knex(); // sends the queued writes inside the transaction, so the row lock is taken now
          firstDone();
          await gate; // hold the row lock with the new version uncommitted
        });
        await firstExecuted;
        let attempts = 0;
        let pid: number | undefined;
        const second = rt.deps.commands.transact(async (unit) => {
          attempts++;
          if (attempts === 1) pid = (await unit.tx.first<{ pid: number }>('select pg_backend_pid() as pid'))!.pid;
          await unit.execute(c.id, { type: 'completeTask', taskId: local('B'), variables: { b: 2 } }, 'second');
        });
        // The second command read the old version and now waits on the first one's row lock.
        const probe = rt.deps.db.knex;
        for (let i = 0; ; i++) {
          if (pid !== undefined) {
            const waiting = await probe.raw(`select wait_event_type from pg_stat_activity where pid = ?`, [pid]);
            if (waiting.rows[0]?.wait_event_type === 'Lock') break;
          }
          if (i > 400) throw new Error('the second command never waited for the first');
          await new Promise((r) => setTimeout(r, 10));
        }
        release();
        await Promise.all([first, second]);
        expect(attempts).toBe(2);
        const row = await rt.deps.db.knex('instances').where({ id: c.id }).first();
        expect(row).toMatchObject({ status: 'completed', version: 3 });
        const root = Object.values(parseState(row).scopes).find((s) => s.parent === null)!;
        expect(root.vars).toEqual({ a: 1, b: 2 });
        const completed = (await readHistory(rt.deps.db.knex, c.id)).filter((e) => e.type === 'taskCompleted');
        expect(completed.map((e) => ({ elementId: e.elementId, actor: e.actor }))).toEqual([
          { elementId: 'A', actor: 'first' },
          { elementId: 'B', actor: 'second' },
        ]);
      });
  });
});

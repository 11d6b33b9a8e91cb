// Behaviour the benchmark-driven optimisations must keep (see runtime/bench/README.md):
// the SQLite statement cache, definition rows cached by id with versions always resolved from
// the database, and the inbox ordered by creation through the candidate index.
import { PinSets } from '../store/pin-sets.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/db/connection.js';
import { startRuntime, type Runtime } from '../server.js';
import { DefinitionStore } from '../store/definitions.js';
import { TenantDirectory } from '../store/tenants.js';
import {
  ADMIN_PASSWORD,
  freshDatabase,
  startTestRuntime,
  testDialects,
  type TestDatabase,
  type TestRuntime,
} from '../testing/databases.js';
import { startCase } from './command-driver.js';

const dialects = await testDialects();

describe('SQLite statement cache', () => {
  it('hands the same statement out again, follows schema changes, and never shares a statement that is still iterating', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-stmt-'));
    const db = openDatabase(`sqlite:${join(dir, 't.db')}`);
    try {
      await db.knex.schema.createTable('t', (t) => t.integer('a'));
      await db.knex('t').insert([{ a: 2 }, { a: 1 }]);
      expect(await db.knex('t').select('*').orderBy('a')).toEqual([{ a: 1 }, { a: 2 }]);
      await db.knex.schema.alterTable('t', (t) => t.integer('b').notNullable().defaultTo(7));
      expect(await db.knex('t').select('*').orderBy('a')).toEqual([
        { a: 1, b: 7 },
        { a: 2, b: 7 },
      ]);

      type Statement = { all(): unknown[]; iterate(): Iterator<unknown> & { return(): unknown } };
      const client = db.knex.client as unknown as {
        acquireConnection(): Promise<{ prepare(sql: string): Statement }>;
        releaseConnection(c: unknown): Promise<void>;
      };
      const conn = await client.acquireConnection();
      try {
        const sql = 'select a from t order by a';
        const first = conn.prepare(sql);
        expect(conn.prepare(sql)).toBe(first);
        const rows = first.iterate();
        expect(rows.next().value).toEqual({ a: 1 });
        const second = conn.prepare(sql);
        expect(second).not.toBe(first);
        expect(second.all()).toEqual([{ a: 1 }, { a: 2 }]);
        expect(rows.next().value).toEqual({ a: 2 });
        rows.return();
      } finally {
        await client.releaseConnection(conn);
      }
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite WAL checkpoints in the background', () => {
  it('copies committed pages into the database file without the writer checkpointing, and stops on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-ckpt-'));
    const file = join(dir, 't.db');
    const db = openDatabase(`sqlite:${file}`);
    try {
      expect(await db.knex.raw('pragma wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 10_000 }]);
      await db.knex.schema.createTable('t', (t) => t.text('v'));
      const emptySize = statSync(file).size;
      // ~300 pages, far below the writer's own 10,000-page threshold.
      for (let i = 0; i < 100; i++)
        await db.knex('t').insert(Array.from({ length: 3 }, () => ({ v: 'x'.repeat(4000) })));
      await expect
        .poll(() => statSync(file).size, { timeout: 10_000, interval: 50 })
        .toBeGreaterThan(emptySize + 300 * 4000);
      expect((await db.knex('t').count('* as n'))[0]).toEqual({ n: 300 });
    } finally {
      await db.close();
    }
    // The last connection closed: SQLite folded the WAL in and removed it (the checkpointer had let go).
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = openDatabase(`sqlite:${file}`);
    try {
      expect((await again.knex('t').count('* as n'))[0]).toEqual({ n: 300 });
    } finally {
      await again.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(dialects)('definition rows cached by id on %s', (dialect) => {
  let database: TestDatabase;
  let rt: Runtime;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    rt = await startRuntime(
      {
        databaseUrl: database.url,
        ...(database.schema ? { databaseSchema: database.schema } : {}),
        port: 0,
        adminPassword: ADMIN_PASSWORD,
        loadExamples: true,
        demo: true,
        examplesDir: 'examples',
        controlledClock: false,
        runJobs: false,
      },
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await rt?.close();
    await database?.drop();
  });

  it('resolves several keys at once up the tenant tree, and sees a version another process deployed at once', async () => {
    const { definitions, db } = rt.deps;
    const knex = db.knex;
    const before = await definitions.resolveMany(
      knex,
      'form',
      ['appeal-intake', 'appeal-handle', 'no-such-form'],
      'town-a',
    );
    expect([...before.keys()].sort()).toEqual(['appeal-handle', 'appeal-intake']);
    expect(before.get('appeal-intake')).toMatchObject({
      kind: 'form',
      def_key: 'appeal-intake',
      tenant_id: 'city',
      version: 1,
    });
    const cityIntake = before.get('appeal-intake')!;

    // Another runtime process (its own caches) deploys town-a's own intake form.
    const other = new DefinitionStore(new TenantDirectory(knex));
    const form = JSON.parse(readFileSync(join('examples', 'appeal', 'appeal-intake.form.json'), 'utf8')) as {
      name: string;
    };
    form.name = 'A镇诉求受理登记';
    const deployed = await knex.transaction((trx) =>
      other.deploy(trx, {
        tenant: 'town-a',
        resources: [{ name: 'appeal-intake.form.json', content: form }],
        now: new Date().toISOString(),
      }),
    );
    const townId = deployed.forms[0]!.id;

    const after = await definitions.resolveMany(knex, 'form', ['appeal-intake', 'appeal-handle'], 'town-a');
    expect(after.get('appeal-intake')).toMatchObject({
      id: townId,
      tenant_id: 'town-a',
      version: 1,
      name: 'A镇诉求受理登记',
    });
    expect(after.get('appeal-handle')!.id).toBe(before.get('appeal-handle')!.id);
    expect((await definitions.resolve(knex, 'form', 'appeal-intake', 'town-a-east'))!.id).toBe(townId);
    expect((await definitions.resolve(knex, 'form', 'appeal-intake', 'city'))!.id).toBe(cityIntake.id);
    expect(await definitions.resolve(knex, 'form', 'appeal-intake', 'street-b')).toEqual(cityIntake);

    // A case started at town-a pins town-a's intake form and the city's other forms.
    const started = await startCase(rt.deps, 'town-a');
    // Read back through a fresh store: the pin set is in the database, not only in a cache.
    const pinned = (stored: string) => new PinSets().read(knex, stored);
    expect(await pinned(started.row.pinned)).toEqual({
      decisions: {},
      forms: {
        'appeal-intake': townId,
        'appeal-handle': before.get('appeal-handle')!.id,
        'appeal-followup': expect.any(String),
      },
    });
    const cityCase = await startCase(rt.deps, 'street-b');
    expect((await pinned(cityCase.row.pinned)).forms['appeal-intake']).toBe(cityIntake.id);
  });
});

describe.each(dialects)('inbox order on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('lists a group’s open tasks oldest first, whatever order they were written in, and the limit keeps the oldest', async () => {
    const ids: Record<string, string> = {};
    // Written newest first: the 10:00 case is created last.
    for (const [name, at] of [
      ['late', '2026-03-02T12:00:00.000Z'],
      ['middle', '2026-03-02T11:00:00.000Z'],
      ['early', '2026-03-02T10:00:00.000Z'],
    ] as const) {
      expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: at } })).status).toBe(200);
      const r = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant: 'town-a' },
      });
      expect(r.status).toBe(201);
      ids[name] = r.body.id;
    }
    const window1 = await rt.login('window1');
    const inbox = await rt.request('GET', '/api/tasks?candidateGroup=window', { token: window1 });
    expect(inbox.status).toBe(200);
    expect(inbox.body.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([
      ids.early,
      ids.middle,
      ids.late,
    ]);
    // The controlled clock runs on in real time after each move: compare to the minute.
    expect(inbox.body.map((t: { createdAt: string }) => t.createdAt.slice(0, 16))).toEqual([
      '2026-03-02T10:00',
      '2026-03-02T11:00',
      '2026-03-02T12:00',
    ]);
    const page = await rt.request('GET', '/api/tasks?candidateGroup=window&limit=2', { token: window1 });
    expect(page.body.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([ids.early, ids.middle]);
    const sorted = await rt.request('GET', '/api/tasks?candidateGroup=window&sort=createdAt&limit=2', {
      token: window1,
    });
    expect(sorted.body.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([ids.early, ids.middle]);
    // Completed tasks leave the open inbox.
    const first = inbox.body[0];
    const done = await rt.request('POST', `/api/tasks/${first.id}/complete`, {
      token: window1,
      body: {
        variables: { applicantName: '张三', phone: '13800138000', category: '其他', description: '路灯坏了很久没人修' },
      },
    });
    expect(done.status).toBe(200);
    const rest = await rt.request('GET', '/api/tasks?candidateGroup=window', { token: window1 });
    expect(rest.body.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([ids.middle, ids.late]);
  });

  it('finds closed tasks by their candidates (whole names only) and shows them to their handlers only', async () => {
    const [window1, rs1] = [await rt.login('window1'), await rt.login('rs1')];
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const id = started.body.id as string;
    const ids = async (token: string, query: string) =>
      (await rt.request('GET', `/api/tasks?processInstanceId=${id}&${query}`, { token })).body.map(
        (t: { id: string }) => t.id,
      );
    const [receive] = await ids(admin, 'status=open');
    const intake = {
      applicantName: '张三',
      phone: '13800138000',
      category: '劳动纠纷',
      description: '工地拖欠三个月工资',
    };
    expect(
      (await rt.request('POST', `/api/tasks/${receive}/complete`, { token: window1, body: { variables: intake } }))
        .status,
    ).toBe(200);
    const [handle] = await ids(admin, 'status=open');

    expect(await ids(admin, 'status=completed&candidateGroup=window')).toEqual([receive]);
    for (const near of ['windo', 'wind%25', 'w_ndow', '%25'])
      expect(await ids(admin, `status=completed&candidateGroup=${near}`)).toEqual([]);
    expect(await ids(admin, 'status=completed&candidateGroup=dept-rs')).toEqual([]);
    expect(await ids(admin, 'status=open&candidateGroup=dept-rs')).toEqual([handle]);
    // Staff see the tasks of their groups, open (through the inbox rows) or closed (through the task row).
    expect(await ids(window1, 'status=completed')).toEqual([receive]);
    expect(await ids(window1, 'status=completed&candidateGroup=window')).toEqual([receive]);
    expect(await ids(window1, 'status=open')).toEqual([]);
    expect(await ids(rs1, 'status=completed')).toEqual([]);
    expect(await ids(rs1, 'status=open')).toEqual([handle]);
    expect(await ids(rs1, 'status=open&candidateGroup=dept-rs')).toEqual([handle]);
  });
});

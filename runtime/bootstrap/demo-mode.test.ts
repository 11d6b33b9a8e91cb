import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, DemoRefused, startRuntime, type Runtime, type RuntimeConfig } from '../server.js';
import { ADMIN_PASSWORD, freshDatabase, testDialects, type TestDatabase } from '../testing/databases.js';
import { jsonRequest } from '../testing/json-request.js';

const dialects = await testDialects();
const ROOT = join(import.meta.dirname, '..', '..');

describe.each(dialects)('demo mode on %s', (dialect) => {
  const started: Runtime[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const rt of started.splice(0)) await rt.close();
    for (const db of databases.splice(0)) await db.drop();
  });

  async function start(database: TestDatabase, extra: Partial<RuntimeConfig>) {
    const lines: Array<{ level: number; msg: string; accounts?: string[] }> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const rt = await startRuntime(
      {
        databaseUrl: database.url,
        ...(database.schema ? { databaseSchema: database.schema } : {}),
        port: 0,
        adminPassword: ADMIN_PASSWORD,
        loadExamples: true,
        examplesDir: join(ROOT, 'examples'),
        controlledClock: false,
        runJobs: false,
        ...extra,
      },
      log,
    );
    started.push(rt);
    return { rt, lines, request: jsonRequest(rt.url) };
  }
  const fresh = async () => {
    const db = await freshDatabase(dialect);
    databases.push(db);
    return db;
  };
  const login = (request: ReturnType<typeof jsonRequest>, username: string, password: string) =>
    request('POST', '/api/auth/login', { body: { username, password } });

  it("a plain start loads the examples' tenants, groups and definitions, but no demo account", async () => {
    const { rt, lines, request } = await start(await fresh(), {});
    const knex = rt.deps.db.knex;
    expect((await knex('users').select('username')).map((u: { username: string }) => u.username)).toEqual(['admin']);
    expect((await knex('tenants').count({ n: '*' }))[0]!.n).not.toBe(0);
    expect(Number((await knex('groups').count({ n: '*' }))[0]!.n)).toBeGreaterThanOrEqual(17);
    expect(Number((await knex('definitions').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
    expect((await login(request, 'window1', 'demo-password')).status).toBe(401);
    expect(rt.demoAccounts).toEqual([]);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('demo mode creates the demo accounts (leaders flagged), warns loudly; a later plain start disables them and ends their tokens', async () => {
    const database = await fresh();
    const demo = await start(database, { demo: true });
    expect((await login(demo.request, 'window1', 'demo-password')).status).toBe(200);
    const token = (await login(demo.request, 'rs1', 'demo-password')).body.token as string;
    expect(demo.rt.demoAccounts).toEqual(expect.arrayContaining(['window1', 'dispatcher1', 'rs1', 'towna-admin']));
    const warning = demo.lines.find((l) => l.level === 40 && /DEMO MODE/.test(l.msg));
    expect(warning?.accounts).toEqual(demo.rt.demoAccounts);
    const leaders = await demo.rt.deps.db
      .knex('memberships')
      .where({ leader: true })
      .orderBy('group_id')
      .select('group_id', 'username');
    expect(leaders).toEqual([
      { group_id: 'dept-rs', username: 'rs1' },
      { group_id: 'dept-zj', username: 'zj1' },
      { group_id: 'dept-zz', username: 'zz1' },
      { group_id: 'dispatch', username: 'dispatcher1' },
    ]);
    await demo.rt.close();
    started.splice(0);

    const plain = await start(database, {});
    expect((await login(plain.request, 'window1', 'demo-password')).status).toBe(403);
    expect((await plain.request('GET', '/api/me', { token })).status).toBe(401);
    expect(plain.lines.some((l) => l.level === 40 && /demo accounts .* disabled/.test(l.msg))).toBe(true);
    expect(plain.rt.demoAccounts).toEqual([]);
  });

  it('a demo account whose password was changed is a real account: never disabled, no warning', async () => {
    const database = await fresh();
    const demo = await start(database, { demo: true });
    expect(
      (
        await demo.request('POST', '/api/auth/password', {
          body: { username: 'zz1', password: 'demo-password', newPassword: 'orchard-violet-77' },
        })
      ).status,
    ).toBe(200);
    await demo.rt.close();
    started.splice(0);
    const plain = await start(database, {});
    expect((await login(plain.request, 'zz1', 'orchard-violet-77')).status).toBe(200);
  });
});

describe('demo mode settings', () => {
  it('is off unless asked for: CIVICFLOW_DEMO=true, or --demo which `npm start` passes', () => {
    expect(configFromEnv({}).demo).toBe(false);
    expect(configFromEnv({ CIVICFLOW_DEMO: 'true' }).demo).toBe(true);
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.start).toMatch(/runtime\/main\.ts --demo$/);
  });

  it('is refused with NODE_ENV=production: the server does not start and says why', async () => {
    const database = await freshDatabase('sqlite');
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startRuntime(
          {
            databaseUrl: database.url,
            port: 0,
            loadExamples: true,
            examplesDir: join(ROOT, 'examples'),
            controlledClock: false,
            runJobs: false,
            demo: true,
          },
          pino({ level: 'silent' }),
        ),
      ).rejects.toBeInstanceOf(DemoRefused);
    } finally {
      process.env.NODE_ENV = previous;
    }
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'runtime', 'main.ts'), '--demo'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        DATABASE_URL: database.url,
        CIVICFLOW_LOAD_EXAMPLES: 'false',
        CIVICFLOW_STATIC_DIR: '',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/demo mode .* refused with NODE_ENV=production/);
    expect(run.stdout + run.stderr).not.toMatch(/listening/);
  }, 90_000);
});

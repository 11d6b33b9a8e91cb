import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimit } from './rate-limit.js';
import {
  freshDatabase,
  POSTGRES_URL,
  startTestRuntime,
  testDialects,
  type TestDatabase,
  type TestRuntime,
} from '../../testing/databases.js';
import { APP_CSP } from './security-headers.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '王五',
  phone: '13912345678',
  category: '环境污染',
  description: '化工厂夜间排放刺鼻气体',
};

describe('security headers and source maps', () => {
  let rt: TestRuntime;
  let prod: TestRuntime;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'civicflow-dist-'));
    writeFileSync(join(dist, 'index.html'), readFileSync(new URL('../../../designer/index.html', import.meta.url)));
    writeFileSync(join(dist, 'app.js'), 'console.log(1)\n//# sourceMappingURL=app.js.map');
    writeFileSync(join(dist, 'app.js.map'), '{"version":3,"sources":["src/main.tsx"]}');
    rt = await startTestRuntime('sqlite', { staticDir: dist });
    prod = await startTestRuntime('sqlite', { staticDir: dist, production: true });
  }, 60_000);
  afterAll(async () => Promise.all([rt?.stop(), prod?.stop()]));

  it('sends a CSP without inline script, no framing, nosniff and a referrer policy on the app and the API', async () => {
    for (const path of ['/', '/index.html', '/api/health', '/api/no-such-endpoint']) {
      const res = await fetch(rt.url + path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)![1]!;
      expect(scripts, path).not.toContain("'unsafe-inline'");
    }
    expect(APP_CSP).toMatch(/script-src 'self'/);
  });

  it('ships a page whose scripts and styles are files, which the CSP allows', () => {
    const html = readFileSync(new URL('../../../designer/index.html', import.meta.url), 'utf8');
    expect(
      [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].every(
        (m) => /\bsrc=/.test(m[1]!) && m[2]!.trim() === '',
      ),
    ).toBe(true);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('serves no source maps in production', async () => {
    expect((await fetch(`${rt.url}/app.js.map`)).status).toBe(200);
    expect((await fetch(`${prod.url}/app.js.map`)).status).toBe(404);
    expect((await fetch(`${prod.url}/app.js`)).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('forgets the least recently seen addresses under a flood, never all of them', () => {
    const limit = new RateLimit(2);
    const now = 1_000_000;
    limit.take('flooder', now);
    limit.take('flooder', now);
    expect(() => limit.take('flooder', now)).toThrow(/too many/);
    for (let i = 0; i < 9_000; i++) limit.take(`10.0.${i >> 8}.${i & 255}`, now);
    expect(() => limit.take('flooder', now)).toThrow(/too many/);
    for (let i = 9_000; i < 12_000; i++) limit.take(`10.1.${i >> 8}.${i & 255}`, now);
    expect(() => limit.take('flooder', now)).toThrow(/too many/);
    expect(() => limit.take('10.1.46.223', now)).not.toThrow();
  });

  it.each([
    [1, true],
    [0, false],
  ])(
    'tells clients behind a reverse proxy apart by X-Forwarded-For when trusted (%s proxies)',
    async (trustProxy, apart) => {
      const rt = await startTestRuntime('sqlite', {
        loadExamples: true,
        trustProxy,
        publicIntake: { limitPerMinute: 2 },
      });
      try {
        const from = (xff: string) =>
          rt.request('GET', '/api/public/intake/town-a', { headers: { 'x-forwarded-for': xff } });
        expect((await from('203.0.113.7')).status).toBe(200);
        expect((await from('203.0.113.7')).status).toBe(200);
        expect((await from('203.0.113.7')).status).toBe(429);
        // A client cannot pick its address: only what the trusted proxy appended counts.
        expect((await from('198.51.100.1, 203.0.113.7')).status).toBe(429);
        expect((await from('198.51.100.9')).status).toBe(apart ? 200 : 429);
      } finally {
        await rt.stop();
      }
    },
    60_000,
  );
});

/** A runtime connected as its own PostgreSQL role, which the test can make read-only. */
async function pgRuntimeWithOwnRole(): Promise<{
  rt: TestRuntime;
  setReadOnly(on: boolean): Promise<void>;
  drop(): Promise<void>;
}> {
  const role = `ro_${randomBytes(5).toString('hex')}`;
  const su = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  await su.raw(`create role ${role} login`);
  const url = new URL(POSTGRES_URL);
  url.username = role;
  url.password = '';
  const placeholder: TestDatabase = await freshDatabase('postgres');
  await su.raw(`grant all on schema "${placeholder.schema}" to ${role}`);
  const rt = await startTestRuntime('postgres', { databaseUrl: url.toString(), databaseSchema: placeholder.schema! });
  await rt.database.drop(); // the schema startTestRuntime made for itself; this runtime uses `placeholder`
  // The role's setting applies to new sessions: end the pool's ones, then let the pool find out
  // (a terminated connection fails once and is replaced) before the test goes on.
  const reconnect = async () => {
    await su.raw('select pg_terminate_backend(pid) from pg_stat_activity where usename = ?', [role]);
    for (let round = 0; round < 50; round++) {
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => rt.deps.db.knex.raw('select 1')));
      if (results.every((r) => r.status === 'fulfilled')) return;
    }
    throw new Error('the pool kept terminated connections');
  };
  return {
    rt,
    async setReadOnly(on) {
      await su.raw(`alter role ${role} set default_transaction_read_only = ${on ? 'on' : 'off'}`);
      await reconnect();
    },
    async drop() {
      await rt.close();
      await placeholder.drop();
      await su.raw(`drop role if exists ${role}`);
      await su.destroy();
    },
  };
}

describe.each(dialects)('a database that cannot take writes, on %s', (dialect) => {
  let rt: TestRuntime;
  let setReadOnly: (on: boolean) => Promise<void>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const own = await pgRuntimeWithOwnRole();
      rt = own.rt;
      setReadOnly = own.setReadOnly;
      cleanup = own.drop;
    } else {
      rt = await startTestRuntime('sqlite');
      // SQLite refuses every write on this connection, as it does for a read-only database file.
      setReadOnly = async (on) => void (await rt.deps.db.knex.raw(`pragma query_only = ${on ? 1 : 0}`));
      cleanup = () => rt.stop();
    }
  }, 60_000);
  afterAll(async () => cleanup?.());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of ['instances', 'history', 'tasks', 'groups', 'audit_log'])
      out[t] = Number(((await rt.deps.db.knex(t).count('* as n').first()) as { n: unknown }).n);
    return out;
  };

  it('answers writes with 503 STORAGE_UNAVAILABLE, reports unhealthy, and writes nothing half', async () => {
    const admin = await rt.login('admin');
    const deploy = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'city',
        resources: [
          {
            name: 'p.bpmn',
            content: readFileSync(new URL('../../../examples/appeal/appeal-loop.bpmn', import.meta.url), 'utf8'),
          },
          ...['appeal-intake', 'appeal-handle', 'appeal-followup'].map((f) => ({
            name: `${f}.form.json`,
            content: JSON.parse(
              readFileSync(new URL(`../../../examples/appeal/${f}.form.json`, import.meta.url), 'utf8'),
            ),
          })),
        ],
      },
    });
    expect(deploy.status, JSON.stringify(deploy.body)).toBe(201);
    expect((await rt.request('GET', '/api/health')).status).toBe(200);
    const before = await counts();

    await setReadOnly(true);
    try {
      const health = await rt.request('GET', '/api/health');
      expect(health).toMatchObject({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE' } } });
      const start = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant: 'city', variables: APPEAL },
      });
      expect(start).toMatchObject({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE' } } });
      const group = await rt.request('POST', '/api/groups', {
        token: admin,
        body: { id: 'ro-dept', name: '只读科', tenantId: 'city' },
      });
      expect(group).toMatchObject({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE' } } });
      expect((await rt.request('GET', '/api/process-instances', { token: admin })).status).toBe(200); // reads still work
    } finally {
      await setReadOnly(false);
    }
    expect(await counts()).toEqual(before);
    const again = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'city', variables: APPEAL },
    });
    expect(again.status).toBe(201);
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { pino } from 'pino';
import { startRuntime, type Runtime, type RuntimeConfig } from '../server.js';
import { jsonRequest, type JsonRequest } from './json-request.js';

export const POSTGRES_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDialect = 'sqlite' | 'postgres';

let pgReachable: Promise<boolean> | undefined;

/**
 * Whether PostgreSQL tests run. With CIVICFLOW_REQUIRE_POSTGRES=1 (set by .ci/run) an
 * unreachable server is an error, so PostgreSQL tests can never silently skip in CI.
 */
export async function postgresAvailable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const k = knexFactory({
      client: 'pg',
      connection: POSTGRES_URL,
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 3000,
    });
    try {
      await k.raw('select 1');
      return true;
    } catch (err) {
      if (process.env.CIVICFLOW_REQUIRE_POSTGRES === '1')
        throw new Error(`PostgreSQL is required but unreachable at ${POSTGRES_URL}: ${(err as Error).message}`);
      return false;
    } finally {
      await k.destroy();
    }
  })();
  return pgReachable;
}

/** The dialects to run a contract suite on: SQLite always, PostgreSQL when reachable (always in CI). */
export async function testDialects(): Promise<TestDialect[]> {
  return (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  schema?: string;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL schema kept between runs (created when missing, never dropped): a benchmark's
 * loaded data, reused while its queries are tuned.
 */
export async function keptPostgresSchema(schema: string): Promise<TestDatabase> {
  const k = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  await k.raw(`create schema if not exists "${schema}"`);
  await k.destroy();
  return { url: POSTGRES_URL, schema, drop: async () => {} };
}

/** A fresh, empty database: a temporary SQLite file, or a new PostgreSQL schema. */
export async function freshDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-test-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => {} };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const k = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  await k.raw(`create schema "${schema}"`);
  await k.destroy();
  return {
    url: POSTGRES_URL,
    schema,
    drop: async () => {
      const d = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
      await d.raw(`drop schema if exists "${schema}" cascade`);
      await d.destroy();
    },
  };
}

export interface TestRuntime extends Runtime {
  database: TestDatabase;
  /** Logs in and returns a bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** JSON request helper: returns status and parsed body. */
  request: JsonRequest;
  stop(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-test-password';

/**
 * Starts a server again over a test runtime's database (after `close()`), as a restart or an
 * upgrade would: no examples, jobs off.
 */
export function restartOn(database: TestDatabase): Promise<Runtime> {
  return startRuntime(
    {
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      port: 0,
      adminPassword: ADMIN_PASSWORD,
      loadExamples: false,
      controlledClock: true,
      runJobs: false,
      attachmentsDir: mkdtempSync(join(tmpdir(), 'civicflow-attachments-')),
    },
    pino({ level: 'silent' }),
  );
}

/** Starts a real server on a random port over a fresh database of the given dialect. */
export async function startTestRuntime(
  dialect: TestDialect,
  overrides: Partial<RuntimeConfig> = {},
  kept: TestDatabase | null = null,
): Promise<TestRuntime> {
  const database = kept ?? (await freshDatabase(dialect));
  const runtime = await startRuntime(
    {
      databaseUrl: database.url,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
      port: 0,
      adminPassword: ADMIN_PASSWORD,
      loadExamples: false,
      examplesDir: 'examples',
      // Tests sign in as the examples' demo accounts; a test of production behaviour sets demo: false.
      demo: true,
      controlledClock: true,
      jobPollMs: 50,
      attachmentsDir: mkdtempSync(join(tmpdir(), 'civicflow-attachments-')),
      ...overrides,
    },
    pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  );
  const request = jsonRequest(runtime.url);
  return {
    ...runtime,
    database,
    request,
    async login(username, password = username === 'admin' ? ADMIN_PASSWORD : 'demo-password') {
      const r = await request('POST', '/api/auth/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async stop() {
      await runtime.close();
      await database.drop();
    },
  };
}

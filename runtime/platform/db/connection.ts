import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

// PostgreSQL returns int8 and numeric as strings; every count and version here fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * Opens the database named by a URL: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`.
 * SQLite runs in WAL mode with one connection, so transactions are serialised in-process.
 */
export function openDatabase(url: string, schema?: string): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const knex = knexFactory({
      client: 'pg',
      connection: url,
      pool: { min: 0, max: 10 },
      ...(schema ? { searchPath: [schema] } : {}),
    });
    return { knex, dialect: 'postgres', close: () => knex.destroy() };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
  const filename = url.slice('sqlite:'.length) || ':memory:';
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const checkpointer = filename === ':memory:' ? undefined : startCheckpointer(resolve(filename));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        // Before anything is written (it only applies to a new file): a command dirties ~15 pages
        // (one per table and index it touches) and every commit copies them into the WAL, so
        // smaller pages mean less to write. 2 KB commits faster than the default 4 KB and still
        // holds two case rows a page (1 KB was faster again but stored each ~750-byte case state
        // alone on a page, and pushed WITHOUT ROWID rows into overflow pages).
        conn.pragma(`page_size = ${PAGE_SIZE}`);
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        // Checkpoints run in a background thread (below); this one only steps in if that falls far behind.
        if (checkpointer) conn.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
        // PostgreSQL's sha256() as hex, so a statement can chain hashes itself (the audit trail's head).
        conn.function('civic_sha256', { deterministic: true }, (text: unknown) =>
          createHash('sha256').update(String(text), 'utf8').digest('hex'),
        );
        cacheStatements(conn);
        done(null, conn);
      },
    },
  });
  return {
    knex,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer?.stop();
      await knex.destroy();
    },
  };
}

const PAGE_SIZE = 2048;
const CHECKPOINT_INTERVAL_MS = 100;
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * WAL checkpoints off the request path. With SQLite's default, the commit that crosses 1,000
 * WAL pages copies them into the database file and fsyncs, inside the request that happens to
 * commit it (a command writes ~25 pages, so every ~40th command stalled). A worker thread with
 * its own connection runs a PASSIVE checkpoint every 100 ms instead: it never blocks the
 * writer, copies hot pages once per interval, and the WAL restarts from its beginning as usual.
 * Durability is unchanged (synchronous = NORMAL never fsynced commits; checkpoints still fsync).
 */
function startCheckpointer(filename: string): { stop(): Promise<void> } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(new URL('./checkpointer.worker.cjs', import.meta.url), {
    workerData: { driver, filename, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  worker.on('error', () => {}); // the main connection's fallback autocheckpoint takes over
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        worker.postMessage('stop');
        await exited;
      })()),
  };
}

interface SqliteStatement {
  readonly busy: boolean;
}
interface SqliteConnection {
  pragma(s: string): unknown;
  prepare(sql: string): SqliteStatement;
  function(name: string, options: { deterministic: boolean }, fn: (arg: unknown) => unknown): unknown;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * knex's better-sqlite3 client prepares every query anew; compiling the SQL costs about as much
 * as running it. The connection keeps its prepared statements by SQL text instead (knex only
 * calls `run`/`all` on them, which finish synchronously; a statement still iterating is never
 * handed out twice). SQLite recompiles a cached statement by itself after a schema change.
 */
function cacheStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, SqliteStatement>();
  conn.prepare = (sql: string) => {
    const hit = cache.get(sql);
    if (hit && !hit.busy) return hit;
    const statement = prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
    return statement;
  };
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
    const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 }, ...(schema ? { searchPath: [schema] } : {}) });
    return { knex, dialect: 'postgres', close: () => knex.destroy() };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
  const filename = url.slice('sqlite:'.length) || ':memory:';
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        cacheStatements(conn);
        done(null, conn);
      },
    },
  });
  return { knex, dialect: 'sqlite', close: () => knex.destroy() };
}

interface SqliteStatement {
  readonly busy: boolean;
}
interface SqliteConnection {
  pragma(s: string): unknown;
  prepare(sql: string): SqliteStatement;
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

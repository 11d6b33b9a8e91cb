import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Database, Dialect } from './connection.js';
import { groupCommitFor } from './group-commit.js';

type KnexClient = Knex.Client & {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<void>;
};
type KnexClientClass = new (config: Knex.Config) => KnexClient;

/**
 * A knex whose every query runs on `conn`, a connection this transaction already holds. knex's
 * documented `client` option takes a client class: a subclass of the pool's own dialect that
 * never acquires or releases, built without connection settings, so it makes no pool of its own.
 */
function knexOn(root: Knex, conn: unknown): Knex {
  // One per connection (a pooled connection lives on; building a knex costs more than most queries).
  let bound = boundKnexes.get(conn as object);
  if (!bound) boundKnexes.set(conn as object, (bound = buildKnexOn(root, conn)));
  return bound;
}
const boundKnexes = new WeakMap<object, Knex>();

function buildKnexOn(root: Knex, conn: unknown): Knex {
  const Dialect = root.client.constructor as KnexClientClass;
  class OnConnection extends Dialect {
    override async acquireConnection(): Promise<unknown> {
      return conn;
    }
    override async releaseConnection(): Promise<void> {}
  }
  const { connection: _connection, pool: _pool, ...config } = root.client.config as Knex.Config;
  return knexFactory({ ...config, client: OnConnection as unknown as typeof Knex.Client });
}

/** Statements run and PostgreSQL round trips made by every Tx of this process (read by the benchmark). */
export const txCounters = { statements: 0, roundTrips: 0 };

/** A write touched another number of rows than it had to: another writer got there first. Retryable, like PostgreSQL's 40001. */
export class StaleWrite extends Error {
  readonly code = '40001';
  constructor(what: string) {
    super(`stale write: ${what}`);
  }
}

/** What a guarded write must touch, or the transaction fails with a retryable `StaleWrite`. */
export interface Expect {
  rows: number;
  what: string;
}

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface PgConnection {
  query(
    config: { name?: string; text: string; values?: unknown[] } | string,
  ): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * One transaction on one pooled connection, for the command path. Statements are raw SQL with `?`
 * placeholders (no query builder on the hot path):
 *
 * - SQLite: `BEGIN` at once; every statement runs synchronously on a prepared statement.
 * - PostgreSQL: reads are prepared statements; writes are queued and sent together in one round
 *   trip at commit: one simple-query message of `EXECUTE stmt(literals…)` of statements prepared
 *   once per connection (values escaped by pg), which PostgreSQL runs as one implicit
 *   transaction; or inside an explicit `BEGIN` when something must read them first (a read
 *   through this transaction, or the `knex` handle). So a command is at most a read, the engine
 *   and one write round trip (no read when the instance cache has the case). Write-only
 *   transactions go through the database's `GroupCommit`: those that become ready while earlier
 *   ones are on the wire share the next message.
 *
 * `knex` is a query builder bound to the same connection, created on first use, for code off the
 * hot path.
 */
export class Tx {
  private pending: Array<{ sql: string; params: readonly unknown[] }> = [];
  private begun = false;
  private boundKnex: Knex | undefined;
  private done = false;
  private readonly committed: Array<() => void> = [];
  /**
   * The row lock this transaction's writes end with (the audit chain head of its tenant): group
   * commit orders a group by it, so two messages in flight take such locks in the same order and
   * never deadlock.
   */
  lockOrder = '';

  private constructor(
    readonly dialect: Dialect,
    private readonly root: Knex,
    private readonly conn: unknown,
  ) {}

  static async open(db: Database): Promise<Tx> {
    const conn = (await db.knex.client.acquireConnection()) as unknown;
    const tx = new Tx(db.dialect, db.knex, conn);
    if (db.dialect === 'sqlite') {
      try {
        tx.sqlite('BEGIN').run();
      } catch (err) {
        await db.knex.client.releaseConnection(conn);
        throw err;
      }
      tx.begun = true;
    }
    return tx;
  }

  /**
   * A read outside any command, on a pooled connection, without the query builder (for hot
   * routes): SQLite runs the cached prepared statement, PostgreSQL a named prepared statement.
   */
  static async read<T = Record<string, unknown>>(
    db: Database,
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    const conn = (await db.knex.client.acquireConnection()) as unknown;
    const tx = new Tx(db.dialect, db.knex, conn);
    tx.done = true;
    try {
      return await tx.all<T>(sql, params);
    } finally {
      await tx.release();
    }
  }

  /** The rows of a read. */
  async all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    txCounters.statements++;
    if (this.dialect === 'sqlite') return this.sqlite(sql).all(...params.map(sqliteValue)) as T[];
    await this.flush();
    txCounters.roundTrips++;
    const res = await this.pgConn.query({
      name: statementName(sql, 'r'),
      text: pgPlaceholders(sql),
      values: params as unknown[],
    });
    return res.rows as T[];
  }

  async first<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** A write; with `expect`, the transaction fails (retryably) unless it touches exactly that many rows. */
  write(sql: string, params: readonly unknown[] = [], expect?: Expect): void {
    txCounters.statements++;
    if (this.dialect === 'sqlite') {
      const { changes } = this.sqlite(sql).run(...params.map(sqliteValue));
      if (expect && changes !== expect.rows) throw new StaleWrite(expect.what);
      return;
    }
    if (expect)
      this.pending.push({
        sql: `with w as (${sql} returning 1) select civic_expect((select count(*) from w), ?, ?)`,
        params: [...params, expect.rows, expect.what],
      });
    else this.pending.push({ sql, params });
  }

  /**
   * Several plain writes (INSERT/UPDATE/DELETE without WITH or RETURNING) that belong together;
   * at most one guarded. SQLite runs them in order; PostgreSQL sends them as one statement of
   * data-modifying CTEs (less work per write than one statement each).
   */
  writeTogether(parts: Array<{ sql: string; params: readonly unknown[]; expect?: Expect }>): void {
    if (this.dialect === 'sqlite' || parts.length === 1) {
      for (const p of parts) this.write(p.sql, p.params, p.expect);
      return;
    }
    const guarded = parts.filter((p) => p.expect);
    if (guarded.length > 1) throw new Error('writeTogether: at most one guarded write');
    txCounters.statements += parts.length - 1;
    const ctes = parts.map((p, i) => `w${i} as (${p.sql}${p.expect ? ' returning 1' : ''})`).join(', ');
    const guard = guarded[0];
    const tail = guard ? `select civic_expect((select count(*) from w${parts.indexOf(guard)}), ?, ?)` : 'select 1';
    this.pending.push({
      sql: `with ${ctes} ${tail}`,
      params: [...parts.flatMap((p) => p.params), ...(guard ? [guard.expect!.rows, guard.expect!.what] : [])],
    });
    txCounters.statements++;
  }

  /**
   * A read the transaction depends on: `sql` (one row, one number) must still answer `expected`
   * when the transaction writes, else it fails (retryably, 40001). PostgreSQL checks it in the
   * write batch, without a round trip of its own.
   */
  check(sql: string, params: readonly unknown[], expected: number, what: string): void {
    txCounters.statements++;
    if (this.dialect === 'sqlite') {
      const row = this.sqlite(sql).all(...params.map(sqliteValue))[0] as Record<string, unknown> | undefined;
      if (Number(row ? Object.values(row)[0] : undefined) !== expected) throw new StaleWrite(what);
      return;
    }
    this.pending.push({ sql: `select civic_expect((${sql}), ?, ?)`, params: [...params, expected, what] });
  }

  /** Runs `fn` once this transaction has committed (never when it rolls back). */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** A query builder on this transaction, for code off the hot path. */
  get knex(): Knex {
    if (!this.boundKnex) {
      if (this.dialect === 'postgres' && !this.begun)
        throw new Error('Tx.knex: call `await tx.enterTransaction()` first on PostgreSQL');
      this.boundKnex = knexOn(this.root, this.conn);
    }
    return this.boundKnex;
  }

  /** Makes sure an explicit transaction is open and every queued write was sent (before reading through `knex`). */
  async enterTransaction(): Promise<void> {
    if (this.dialect === 'sqlite') return;
    await this.flush(true);
  }

  async commit(): Promise<void> {
    this.done = true;
    try {
      if (this.dialect === 'sqlite') {
        this.sqlite('COMMIT').run();
      } else {
        if (this.begun) await this.sendBatch([...this.takePending(), 'COMMIT']);
        else if (this.pending.length > 0) await groupCommitFor(this.root).submit(this);
      }
    } catch (err) {
      await this.abandon();
      throw err;
    } finally {
      await this.release();
    }
    for (const fn of this.committed) fn();
  }

  async rollback(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.abandon();
    } finally {
      await this.release();
    }
  }

  private async abandon(): Promise<void> {
    this.pending = [];
    try {
      if (this.dialect === 'sqlite') {
        if ((this.conn as { inTransaction: boolean }).inTransaction) this.sqlite('ROLLBACK').run();
      } else if (this.begun) {
        await this.pgConn.query('ROLLBACK');
      }
    } catch {
      // A failed ROLLBACK means the connection broke: knex marks it disposed and the pool replaces it.
    }
  }

  /**
   * PostgreSQL: sends the queued writes inside an explicit transaction, opening it first. Reads
   * with nothing queued run as they are (outside any transaction until a write needs one: the
   * command path is optimistic, its guarded writes fail when a row changed in between).
   */
  private async flush(openTransaction = false): Promise<void> {
    if (this.pending.length === 0 && (this.begun || !openTransaction)) return;
    const batch = this.takePending();
    const begin = this.begun ? [] : ['BEGIN'];
    this.begun = true;
    await this.sendBatch([...begin, ...batch]);
  }

  private takePending(): string[] {
    const batch = writeTexts(this.conn, this.pending, this.preparing);
    this.pending = [];
    return batch;
  }

  private preparing: string[] = [];

  /** One simple-query message; PostgreSQL runs it as one transaction unless it holds BEGIN/COMMIT itself. */
  private async sendBatch(statements: string[]): Promise<void> {
    const preparing = this.preparing;
    this.preparing = [];
    try {
      txCounters.roundTrips++;
      await this.pgConn.query(statements.join('\n;\n'));
      for (const name of preparing) preparedOn(this.conn).add(name);
    } catch (err) {
      // Which PREPAREs ran before the failure is the server's to say.
      if (preparing.length > 0) await this.relearnPrepared();
      throw err;
    }
  }

  /** Group commit: this transaction's queued writes, for a message holding other transactions' writes too. */
  groupTexts(sender: Tx, preparing: string[]): string[] {
    return writeTexts(sender.conn, this.pending, preparing);
  }

  /** Group commit: sends the writes of `group` (this one's first) as one message on this connection, so as one transaction. */
  async sendGroup(group: Tx[]): Promise<void> {
    const statements = group.flatMap((tx) => tx.groupTexts(this, this.preparing));
    await this.sendBatch(statements);
  }

  /** Group commit: sends this transaction's writes alone (the group it was in failed, or it had none). */
  async sendAlone(): Promise<void> {
    await this.sendBatch(this.takePending());
  }

  private async relearnPrepared(): Promise<void> {
    try {
      if (this.begun) await this.pgConn.query('ROLLBACK');
      this.begun = false;
      const res = await this.pgConn.query('select name from pg_prepared_statements');
      const known = preparedOn(this.conn);
      known.clear();
      for (const r of res.rows as Array<{ name: string }>) known.add(r.name);
    } catch {
      // a broken connection: the pool replaces it
    }
  }

  private async release(): Promise<void> {
    await this.root.client.releaseConnection(this.conn);
  }

  private sqlite(sql: string): SqliteStatement {
    return (this.conn as SqliteConnection).prepare(sql);
  }

  private get pgConn(): PgConnection {
    return this.conn as PgConnection;
  }
}

/** A query target: a transaction of the command path, or knex (a pool, or a knex transaction). */
export type Queryable = Knex | Tx;

/** knex for `db`: itself, or a transaction's bound query builder. */
export async function knexOf(db: Queryable): Promise<Knex> {
  if (db instanceof Tx) {
    await db.enterTransaction();
    return db.knex;
  }
  return db;
}

/** Rows of a raw read (`?` placeholders) on either kind of target. */
export async function select<T = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  if (db instanceof Tx) return db.all<T>(sql, params);
  const res = (await db.raw(sql, params as Knex.RawBinding[])) as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

/**
 * `EXECUTE name(literals…)` of each write, for a message sent on `conn`: statements are prepared
 * once per connection (in the same message, on first use) so the server plans each write once per
 * connection, not once per command. `preparing` collects the names this message prepares.
 */
function writeTexts(
  conn: unknown,
  writes: ReadonlyArray<{ sql: string; params: readonly unknown[] }>,
  preparing: string[],
): string[] {
  const known = preparedOn(conn);
  return writes.map(({ sql, params }) => {
    const name = statementName(sql, 'w');
    const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
    if (known.has(name) || preparing.includes(name)) return `EXECUTE ${name}${args}`;
    preparing.push(name);
    return `PREPARE ${name} AS ${pgPlaceholders(sql)}\n;\nEXECUTE ${name}${args}`;
  });
}

const preparedByConnection = new WeakMap<object, Set<string>>();
function preparedOn(conn: unknown): Set<string> {
  let set = preparedByConnection.get(conn as object);
  if (!set) preparedByConnection.set(conn as object, (set = new Set()));
  return set;
}

const names = new Map<string, string>();
/** A stable name per statement text: `civic_r…` for reads (protocol-level), `civic_w…` for writes (SQL PREPARE). */
function statementName(sql: string, kind: 'r' | 'w'): string {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `civic_${kind}${names.size}`));
  return name;
}

const converted = new Map<string, string>();
/** `?` → `$1, $2, …` (the statements here never hold a `?` inside a literal). */
function pgPlaceholders(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    converted.set(sql, out);
  }
  return out;
}

/** A value as an SQL literal, for the one-message write batch (strings escaped by pg). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to the database`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return pg.escapeLiteral(v);
  throw new Error(`unsupported SQL value of type ${typeof v}`);
}

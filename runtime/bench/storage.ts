// Database bytes per table (its indexes, and PostgreSQL's TOAST, included).
// SQLite: the dbstat virtual table (pages in use per table and index, `pgsize`); PostgreSQL:
// pg_total_relation_size of every table in the schema.
import type { Database } from '../platform/db/connection.js';

export type TableSizes = Record<string, number>;

export async function tableSizes(db: Database, schema?: string): Promise<TableSizes> {
  const out: TableSizes = {};
  if (db.dialect === 'sqlite') {
    const rows = (await db.knex.raw(
      `select coalesce(m.tbl_name, d.name) as name, sum(d.pgsize) as bytes
         from dbstat d left join sqlite_master m on m.name = d.name group by 1`,
    )) as Array<{ name: string; bytes: number }>;
    for (const r of rows) out[r.name] = Number(r.bytes);
    return out;
  }
  const res = await db.knex.raw(
    `select c.relname as name, pg_total_relation_size(c.oid) as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = coalesce(?, current_schema()) and c.relkind = 'r'`,
    [schema ?? null],
  );
  for (const r of res.rows as Array<{ name: string; bytes: number }>) out[r.name] = Number(r.bytes);
  return out;
}

/** Rewrites the tables so only live rows remain: SQLite VACUUM, PostgreSQL VACUUM FULL per table. */
export async function compact(db: Database, tables: string[], schema?: string): Promise<void> {
  if (db.dialect === 'sqlite') {
    await db.knex.raw('pragma wal_checkpoint(truncate)');
    await db.knex.raw('vacuum');
    return;
  }
  for (const t of tables) await db.knex.raw(`vacuum full ${schema ? `"${schema}".` : ''}"${t}"`);
}

export function delta(before: TableSizes, after: TableSizes, tables: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (after[t] ?? 0) - (before[t] ?? 0);
  return out;
}

export const sum = (xs: Record<string, number>): number => Object.values(xs).reduce((a, b) => a + b, 0);

/**
 * Between timed rounds: PostgreSQL vacuums the schema's tables (what autovacuum would do
 * meanwhile, at a moment of its own choosing); SQLite folds its WAL back. (No CHECKPOINT: right
 * after one, every page's first change writes a full page image to the WAL, which would tax
 * whichever driver runs next.)
 */
export async function settle(db: Database, schema?: string): Promise<void> {
  if (db.dialect === 'sqlite') {
    await db.knex.raw('pragma wal_checkpoint(truncate)');
    return;
  }
  const res = await db.knex.raw(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = coalesce(?, current_schema()) and c.relkind = 'r'`,
    [schema ?? null],
  );
  for (const { name } of res.rows as Array<{ name: string }>)
    await db.knex.raw(`vacuum analyze ${schema ? `"${schema}".` : ''}"${name}"`);
}

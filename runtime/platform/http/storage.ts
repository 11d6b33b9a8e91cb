import type { Knex } from 'knex';
import { ApiError } from './errors.js';

/** SQLite result codes (and their extended forms, e.g. SQLITE_READONLY_DBMOVED) of a store that cannot take writes. */
const SQLITE_CODES = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN)/;
/** PostgreSQL: read_only_sql_transaction, disk_full, insufficient_resources, out_of_memory, io_error. */
const PG_CODES = new Set(['25006', '53100', '53000', '53200', '58030']);

/** The database refused a write because of where it stores data (read-only, full, failing disk), not because of the request. */
export function isStorageFailure(err: unknown): boolean {
  // A library may wrap the driver's error (objection's db-errors keeps it as `nativeError`).
  const native = (err as { nativeError?: unknown } | null)?.nativeError;
  if (native !== undefined && native !== err && isStorageFailure(native)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return SQLITE_CODES.test(code) || PG_CODES.has(code) || code === 'ENOSPC' || code === 'EROFS';
}

export const storageUnavailable = () =>
  new ApiError(
    503,
    'STORAGE_UNAVAILABLE',
    'the database cannot store anything right now (read-only or full); nothing was saved — try again later, and tell the operator',
  );

/** When this process last saw a write refused for storage reasons, per database. */
const lastFailure = new WeakMap<Knex, number>();
const FAILURE_MEMORY_MS = 30_000;

export function noteStorageFailure(knex: Knex): void {
  lastFailure.set(knex, Date.now());
}

/**
 * Whether the database takes writes: a write probe rolled back at once (a read-only database or
 * role refuses it), and no write refused for storage reasons in the last 30 seconds (a full
 * disk shows only when pages must be written).
 */
export async function storageWritable(knex: Knex): Promise<boolean> {
  const failedAt = lastFailure.get(knex);
  if (failedAt !== undefined && Date.now() - failedAt < FAILURE_MEMORY_MS) return false;
  const probe = new Error('probe');
  try {
    await knex.transaction(async (trx) => {
      await trx.raw('update civicflow_migrations_lock set is_locked = is_locked');
      throw probe;
    });
  } catch (err) {
    if (err === probe) return true;
    if (isStorageFailure(err)) return false;
    throw err;
  }
  return true;
}

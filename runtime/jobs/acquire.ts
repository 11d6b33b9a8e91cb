import type { Knex } from 'knex';
import type { Dialect } from '../platform/db/connection.js';

export interface JobRow {
  id: string;
  kind: 'timer' | 'service' | 'start-timer';
  instance_id: string | null;
  definition_id: string | null;
  tenant_id: string;
  element_id: string;
  job_type: string | null;
  due_at: string;
  lock_owner: string | null;
  lock_expires_at: string | null;
  retries: number;
  last_error: string | null;
  headers: string | null;
  created_at: string;
}

export interface AcquireOptions {
  owner: string;
  now: string;
  lockUntil: string;
  limit: number;
  /** Service job types this node executes itself (built-in handlers). */
  serviceTypes: string[];
  /** When set, only service jobs of exactly these types (external worker activation). */
  onlyTypes?: string[];
  /** When set, only jobs of these tenants. */
  tenants?: string[];
}

/**
 * Lock owners of external workers (`POST /api/jobs/activate`) start with this. A worker's lock
 * only keeps other workers off that job: it does not hold back the instance's other jobs, or a
 * boundary timer could not interrupt a task whose worker hangs (Zeebe has no such exclusivity).
 */
export const EXTERNAL_WORKER_PREFIX = 'worker:';

/** Advisory-lock namespace of job acquisition (PostgreSQL), "cf". */
const INSTANCE_LOCK_SPACE = 0x6366;

/**
 * Locks due, unlocked (or lock-expired) jobs for one owner in a single statement. PostgreSQL
 * uses FOR UPDATE SKIP LOCKED so several nodes never take the same job; SQLite (one writer)
 * does the same with an atomic UPDATE … RETURNING. A job whose instance already has a job
 * locked by another node waits, so one instance's jobs never run concurrently. On PostgreSQL two
 * acquisitions running at the same moment cannot see each other's uncommitted locks, so each
 * also takes a transaction-scoped advisory lock per instance: the second skips the instance.
 */
export async function acquireJobs(knex: Knex, dialect: Dialect, o: AcquireOptions): Promise<JobRow[]> {
  const kinds = o.onlyTypes ? ['service'] : ['timer', 'start-timer', 'service'];
  const types = o.onlyTypes ?? o.serviceTypes;
  const typeFilter =
    types.length > 0 ? `(kind <> 'service' or job_type in (${types.map(() => '?').join(',')}))` : `kind <> 'service'`;
  const candidates = `
    select id from jobs j
    where kind in (${kinds.map(() => '?').join(',')})
      and ${typeFilter}
      and due_at <= ?
      and (retries > 0 or last_error is null)${o.tenants ? ` and tenant_id in (${o.tenants.map(() => '?').join(',')})` : ''}
      and (lock_expires_at is null or lock_expires_at < ?)
      and (instance_id is null or not exists (
        select 1 from jobs o where o.instance_id = j.instance_id and o.lock_owner is not null and o.id <> j.id and o.lock_expires_at >= ?
          and o.lock_owner not like '${EXTERNAL_WORKER_PREFIX}%'))${
            dialect === 'postgres'
              ? `\n      and pg_try_advisory_xact_lock(${INSTANCE_LOCK_SPACE}, hashtext(coalesce(j.instance_id, j.id)))`
              : ''
          }
    order by due_at
    limit ?`;
  const bindings = [...kinds, ...types, o.now, ...(o.tenants ?? []), o.now, o.now, o.limit];
  const sql = `update jobs set lock_owner = ?, lock_expires_at = ? where id in (${candidates}${dialect === 'postgres' ? ' for update skip locked' : ''}) returning *`;
  const result = await knex.raw(sql, [o.owner, o.lockUntil, ...bindings]);
  const rows = (dialect === 'postgres' ? result.rows : result) as JobRow[];
  return rows.sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : 0));
}

/**
 * Moves a timer that no node holds to `dueAt` with new `headers` (a working-unit deadline that
 * paused, resumed, was extended or follows a calendar correction); false when a node holds it.
 */
export async function rescheduleTimer(
  db: Knex | Knex.Transaction,
  id: string,
  dueAt: string,
  headers: Record<string, unknown>,
  now: string,
): Promise<boolean> {
  const updated = await db('jobs')
    .where({ id })
    .andWhere((w) => w.whereNull('lock_expires_at').orWhere('lock_expires_at', '<', now))
    .update({ due_at: dueAt, headers: JSON.stringify(headers) });
  return updated === 1;
}

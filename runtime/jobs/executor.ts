import type { Knex } from 'knex';
import type { Tx } from '../platform/db/tx.js';
import type { Logger } from 'pino';
import { Poller } from '../platform/poller.js';
import { DateTime } from 'luxon';
import { visibleVariables, nextOccurrence, type InstanceState, type JobResult } from '../../engine/index.js';
import type { CommandService } from '../execution/command-service.js';
import { parseState } from '../execution/instance-row.js';
import type { Database } from '../platform/db/connection.js';
import { ApiError } from '../platform/http/errors.js';
import { parseChildId } from '../platform/ids.js';
import { acquireJobs, type JobRow } from './acquire.js';
import type { JobHandler } from './handlers.js';

export interface ExecutorOptions {
  nodeId: string;
  pollMs?: number;
  lockMs?: number;
  batch?: number;
  /** Jobs of different instances run at the same time (default 4). */
  concurrency?: number;
  handlers: Record<string, JobHandler>;
  log?: Logger;
}

/**
 * Fires due timers and runs built-in service jobs (Camunda 7 / Flowable style job executor).
 * Several nodes may share one PostgreSQL: acquisition locks rows, and the instance's version
 * check makes a timer fire exactly once even if a lock expired mid-flight.
 */
export class JobExecutor {
  private readonly poller: Poller;
  private draining = false;
  /** What this node did (committed work only): how timers, start timers and service jobs ran here. */
  readonly stats = { timersFired: 0, startTimersFired: 0, serviceJobsRun: 0, jobsFailed: 0, locksReleased: 0 };

  constructor(
    private readonly db: Database,
    private readonly commands: CommandService,
    private readonly options: ExecutorOptions,
  ) {
    this.poller = new Poller(() => this.runOnce(), {
      name: 'job executor',
      idleMs: options.pollMs ?? 250,
      log: options.log,
    });
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /**
   * Starts polling. Locks this node id still holds come from an earlier run of the same node
   * (it crashed or was killed): nothing of this process works on them, so they are released now
   * rather than when they expire.
   */
  start(): void {
    if (this.poller.running) return;
    this.draining = false;
    this.poller.start(
      this.releaseLocks()
        .then((n) => {
          if (n > 0)
            this.options.log?.info(
              { jobs: n, nodeId: this.options.nodeId },
              'released job locks left by an earlier run of this node',
            );
        })
        .catch((err) => this.options.log?.warn({ err }, 'could not release stale job locks')),
    );
  }

  /** Stops taking jobs, waits for the job in flight, and gives back the jobs it had acquired but not started. */
  async stop(): Promise<void> {
    this.draining = true;
    await this.poller.stop();
    this.draining = false;
  }

  /** Acquires and executes one batch; returns how many jobs it ran (jobs handed back while stopping do not count). */
  async runOnce(): Promise<number> {
    const now = this.commands.services.clock.now();
    const lockUntil = new Date(Date.parse(now) + (this.options.lockMs ?? 30_000)).toISOString();
    const jobs = await acquireJobs(this.db.knex, this.db.dialect, {
      owner: this.options.nodeId,
      now,
      lockUntil,
      limit: this.options.batch ?? 32,
      serviceTypes: Object.keys(this.options.handlers),
    });
    // One instance's jobs run one after another; different instances' jobs run side by side, so a
    // slow service call does not hold back the timers acquired with it.
    const byInstance = new Map<string, JobRow[]>();
    for (const job of jobs) {
      const key = job.instance_id ?? job.id;
      byInstance.set(key, [...(byInstance.get(key) ?? []), job]);
    }
    const queues = [...byInstance.values()];
    const notStarted: string[] = [];
    let ran = 0;
    const lane = async (): Promise<void> => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const job of queue) {
          if (this.draining) {
            notStarted.push(job.id);
            continue;
          }
          await this.runGuarded(job);
          ran++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, queues.length) }, lane));
    if (notStarted.length > 0) await this.releaseLocks(notStarted);
    return ran;
  }

  private async runGuarded(job: JobRow): Promise<void> {
    try {
      await this.execute(job);
    } catch (err) {
      this.stats.jobsFailed++;
      this.options.log?.warn({ err, jobId: job.id }, 'job failed unexpectedly');
      await recordUnexpectedFailure(
        this.db.knex,
        job,
        this.options.nodeId,
        this.commands.services.clock.now(),
        err,
      ).catch((e) =>
        this.options.log?.error(
          { err: e, jobId: job.id },
          'could not record a job failure; its lock will expire and it will run again',
        ),
      );
    }
  }

  /** Unlocks jobs this node holds (all of them, or the given ones). */
  private async releaseLocks(ids?: string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    let q = this.db.knex('jobs').where({ lock_owner: this.options.nodeId });
    if (ids) q = q.whereIn('id', ids);
    const n = await q.update({ lock_owner: null, lock_expires_at: null });
    this.stats.locksReleased += n;
    return n;
  }

  private async execute(job: JobRow): Promise<void> {
    if (job.kind === 'timer') return this.fireTimer(job);
    if (job.kind === 'start-timer') return this.fireStartTimer(job);
    return this.runServiceJob(job);
  }

  private async fireTimer(job: JobRow): Promise<void> {
    const local = parseChildId(job.id)!.localId;
    const fired = await this.commands.transact(async (unit) => {
      if (!(await ownsJob(unit.tx, job, this.options.nodeId))) return false;
      unit.tx.write('delete from jobs where id = ?', [job.id]);
      return ignoreStale(() => unit.execute(job.instance_id!, { type: 'fireTimer', timerId: local }, 'system:timer'));
    });
    if (fired) this.stats.timersFired++;
  }

  private async fireStartTimer(job: JobRow): Promise<void> {
    const fired = await this.commands.transact(async (unit) => {
      if (!(await ownsJob(unit.tx, job, this.options.nodeId))) return false;
      const repeat = job.headers
        ? (JSON.parse(job.headers) as { repeat?: { left: number | null; every: string } }).repeat
        : undefined;
      const next = repeat ? nextOccurrence(job.due_at, repeat) : undefined;
      if (next) {
        unit.tx.write(
          'update jobs set due_at = ?, lock_owner = null, lock_expires_at = null, headers = ? where id = ?',
          [next.dueAt, JSON.stringify({ repeat: next.repeat }), job.id],
        );
      } else {
        unit.tx.write('delete from jobs where id = ?', [job.id]);
      }
      await unit.start({
        definitionId: job.definition_id!,
        tenant: job.tenant_id,
        startEventId: job.element_id,
        actor: 'system:timer',
      });
      return true;
    });
    if (fired) this.stats.startTimersFired++;
  }

  private async runServiceJob(job: JobRow): Promise<void> {
    const handler = this.options.handlers[job.job_type ?? ''];
    if (!handler) return;
    const instance = await this.db.knex('instances').where({ id: job.instance_id }).first();
    if (!instance) return;
    const state = parseState(instance);
    const variables = jobVariables(state, parseChildId(job.id)!.localId);
    const headers = job.headers ? (JSON.parse(job.headers) as Record<string, string>) : {};
    const now = this.commands.services.clock.now();
    if (handler.transactional) {
      // The handler only writes rows: it runs in the transaction that completes the job, so its
      // writes happen exactly once (a crash or a failed completion leaves none behind).
      try {
        await completeJobWith(this.commands, job, this.options.nodeId, (trx) =>
          handler({ job, headers, variables, now, knex: trx }),
        );
        this.stats.serviceJobsRun++;
        return;
      } catch (err) {
        if (!(err instanceof HandlerFailure)) throw err;
        await completeOrFailJob(this.commands, job, this.options.nodeId, undefined, err.message);
        this.stats.serviceJobsRun++;
        return;
      }
    }
    let result: Record<string, unknown> | undefined;
    let failure: string | undefined;
    try {
      result = await handler({ job, headers, variables, now, knex: this.db.knex });
    } catch (err) {
      failure = (err as Error).message;
    }
    await completeOrFailJob(this.commands, job, this.options.nodeId, result, failure);
    this.stats.serviceJobsRun++;
  }
}

/** The incident id of a job that failed with no retries left (engine incidents use `instance-n`). */
export const jobIncidentId = (jobId: string): string => `${jobId}.job`;
export const isJobIncident = (incidentId: string): boolean => incidentId.endsWith('.job');

/**
 * A job failed outside the engine's own failure handling (a database error, a bug in a handler
 * path): like Camunda's failed jobs, it loses a retry and waits with backoff; with none left it
 * stops being acquired and an incident (JOB_FAILED) says why, until an operator retries it.
 */
export async function recordUnexpectedFailure(
  knex: Knex,
  job: JobRow,
  owner: string,
  now: string,
  err: unknown,
): Promise<void> {
  const message = ((err as Error)?.message ?? String(err)).slice(0, 2000);
  await knex.transaction(async (trx) => {
    const row = (await trx('jobs').where({ id: job.id, lock_owner: owner }).first()) as JobRow | undefined;
    if (!row) return;
    const retries = Math.max(0, row.retries - 1);
    const dueAt = DateTime.fromISO(now)
      .plus({ milliseconds: Math.min(10_000 * 2 ** Math.max(0, 3 - retries), 3_600_000) })
      .toUTC()
      .toISO()!;
    await trx('jobs')
      .where({ id: job.id })
      .update({ retries, last_error: message, due_at: dueAt, lock_owner: null, lock_expires_at: null });
    if (retries > 0 || !row.instance_id) return;
    await trx('incidents')
      .insert({
        id: jobIncidentId(job.id),
        instance_id: row.instance_id,
        tenant_id: row.tenant_id,
        element_id: row.element_id,
        code: 'JOB_FAILED',
        message,
        status: 'open',
        created_at: now,
      })
      .onConflict('id')
      .merge({ message, status: 'open', created_at: now, resolved_at: null });
  });
}

/**
 * An operator retries a job that ran out of retries (JOB_FAILED): in the caller's command
 * transaction it gets `retries` again and is due now, and its incident is resolved.
 */
export function requeueFailedJob(tx: Tx, incidentId: string, retries: number, now: string): void {
  const jobId = incidentId.slice(0, -'.job'.length);
  tx.write(
    'update jobs set retries = ?, due_at = ?, lock_owner = null, lock_expires_at = null where id = ?',
    [retries, now, jobId],
    { rows: 1, what: `job ${jobId} is gone` },
  );
  tx.write(
    "update incidents set status = 'resolved', resolved_at = ? where id = ? and status = 'open'",
    [now, incidentId],
    { rows: 1, what: `incident ${incidentId} changed` },
  );
}

/** A transactional handler threw: the job fails (retry or incident), in a fresh transaction. */
class HandlerFailure extends Error {}

async function completeJobWith(
  commands: CommandService,
  job: JobRow,
  owner: string,
  handle: (trx: Knex) => Promise<Record<string, unknown>>,
): Promise<void> {
  const local = parseChildId(job.id)!.localId;
  await commands.transact(async (unit) => {
    if (!(await ownsJob(unit.tx, job, owner)))
      throw new ApiError(409, 'JOB_NOT_LOCKED', `job ${job.id} is not locked by ${owner}`);
    let result: Record<string, unknown>;
    try {
      result = await handle(await unit.knex());
    } catch (err) {
      throw new HandlerFailure((err as Error).message);
    }
    unit.tx.write('delete from jobs where id = ?', [job.id]);
    await unit.execute(job.instance_id!, { type: 'completeJob', jobId: local, variables: result }, owner);
  });
}

/** The variables a job sees: everything visible from the scope of its token. */
export function jobVariables(state: InstanceState, localId: number): Record<string, unknown> {
  const wait = state.waits[localId];
  return wait ? { ...visibleVariables(state, wait.scope) } : {};
}

/** Completes a job with `result`, or records a failure: retry with backoff, or an incident when none are left. */
export async function completeOrFailJob(
  commands: CommandService,
  job: JobRow,
  owner: string,
  result: Record<string, unknown> | undefined,
  failure: string | undefined,
  retriesLeft?: number,
  backoffMs?: number,
  jobResult?: JobResult,
): Promise<void> {
  const local = parseChildId(job.id)!.localId;
  await commands.transact(async (unit) => {
    if (!(await ownsJob(unit.tx, job, owner)))
      throw new ApiError(409, 'JOB_NOT_LOCKED', `job ${job.id} is not locked by ${owner}`);
    if (failure === undefined) {
      unit.tx.write('delete from jobs where id = ?', [job.id]);
      await unit.execute(
        job.instance_id!,
        { type: 'completeJob', jobId: local, variables: result ?? {}, ...(jobResult ? { result: jobResult } : {}) },
        owner,
      );
      return;
    }
    const retries = retriesLeft ?? job.retries - 1;
    if (retries > 0) {
      const delay = backoffMs ?? Math.min(60_000 * 2 ** Math.max(0, 3 - retries), 3_600_000);
      const dueAt = DateTime.fromISO(unit.now).plus({ milliseconds: delay }).toUTC().toISO()!;
      unit.tx.write(
        'update jobs set retries = ?, last_error = ?, due_at = ?, lock_owner = null, lock_expires_at = null where id = ?',
        [retries, failure, dueAt, job.id],
      );
      await unit.execute(job.instance_id!, { type: 'failJob', jobId: local, retries, errorMessage: failure }, owner);
    } else {
      unit.tx.write('delete from jobs where id = ?', [job.id]);
      await unit.execute(job.instance_id!, { type: 'failJob', jobId: local, retries: 0, errorMessage: failure }, owner);
    }
  });
}

/**
 * An external worker throws a BPMN error from a job it holds (`owner`, named `holder` in the 409):
 * the job row goes and the engine throws the error, in one transaction.
 */
export async function throwJobError(
  commands: CommandService,
  job: JobRow,
  owner: string,
  holder: string,
  error: { errorCode: string; errorMessage?: string; variables: Record<string, unknown> },
  actor: string,
): Promise<void> {
  await commands.transact(async (unit) => {
    if (!(await ownsJob(unit.tx, job, owner)))
      throw new ApiError(409, 'JOB_NOT_LOCKED', `job ${job.id} is not locked by ${holder}`);
    unit.tx.write('delete from jobs where id = ?', [job.id]);
    await unit.execute(
      job.instance_id!,
      { type: 'throwError', waitId: parseChildId(job.id)!.localId, ...error },
      actor,
    );
  });
}

async function ownsJob(tx: Tx, job: JobRow, owner: string): Promise<boolean> {
  return (await tx.first('select id from jobs where id = ? and lock_owner = ?', [job.id, owner])) !== undefined;
}

/** A timer whose wait is already gone (fired elsewhere, activity finished) is simply dropped. Returns whether it fired. */
async function ignoreStale(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (
      err instanceof ApiError &&
      (err.code === 'WAIT_NOT_FOUND' || err.code === 'INSTANCE_NOT_ACTIVE' || err.code === 'INSTANCE_NOT_FOUND')
    )
      return false;
    throw err;
  }
}

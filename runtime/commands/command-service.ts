import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { VersionConflict } from '../errors.js';
import { handleFollowUp } from './follow-ups.js';
import { UnitOfWork, type Services } from './unit-of-work.js';

const MAX_ATTEMPTS = 8;

/** PostgreSQL gave up one transaction to let another through (deadlock, serialization failure): run it again. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

function retryable(err: unknown): boolean {
  if (err instanceof VersionConflict) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * The command pipeline (log → retry on conflict → transaction → kernel): `work` runs inside
 * one transaction with a fresh UnitOfWork; when another writer changed an instance in
 * between, everything is rolled back and `work` runs again from a fresh read. The same goes
 * for a transaction PostgreSQL chose as a deadlock victim (e.g. a parent and its called child
 * changed from both ends at once).
 */
export class CommandService {
  constructor(
    private readonly knex: Knex,
    readonly services: Services,
    private readonly log?: Logger,
  ) {}

  async transact<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.knex.transaction(async (trx) => {
          const unit = new UnitOfWork(trx, this.services);
          const result = await work(unit);
          await unit.flush(handleFollowUp);
          return result;
        });
      } catch (err) {
        if (!retryable(err) || attempt >= MAX_ATTEMPTS) throw err;
        this.log?.debug({ ...(err instanceof VersionConflict ? { instanceId: err.instanceId } : { sqlState: (err as { code: string }).code }), attempt }, 'transaction conflict, retrying');
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }
}

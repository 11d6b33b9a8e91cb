import type { Logger } from 'pino';
import { auditCommand } from '../audit/index.js';
import type { Database } from '../platform/db/connection.js';
import { Tx } from '../platform/db/tx.js';
import { handleFollowUp } from './follow-ups.js';
import { InstanceCache } from './instance-cache.js';
import { UnitOfWork, type Services } from './unit-of-work.js';

const MAX_ATTEMPTS = 8;

/**
 * Another writer got there first: a stale instance version (`StaleWrite` / PostgreSQL's
 * serialization_failure 40001 from a guarded write), or a deadlock victim (40P01).
 */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

function retryable(err: unknown): boolean {
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
  /** The rows of cases this process worked on last, shared by its transactions. */
  private readonly instances = new InstanceCache();

  constructor(
    private readonly db: Database,
    readonly services: Services,
    private readonly log?: Logger,
  ) {}

  async transact<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const tx = await Tx.open(this.db);
      const unit = new UnitOfWork(tx, this.services, this.instances);
      try {
        const result = await work(unit);
        await unit.flush(handleFollowUp);
        await unit.runBeforeCommit();
        await auditCommand(unit);
        await tx.commit();
        return result;
      } catch (err) {
        await tx.rollback();
        unit.forgetCached();
        if (!retryable(err) || attempt >= MAX_ATTEMPTS) throw err;
        this.log?.debug(
          { sqlState: (err as { code: string }).code, message: (err as Error).message, attempt },
          'transaction conflict, retrying',
        );
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }
}

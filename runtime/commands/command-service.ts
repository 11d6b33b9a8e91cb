import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { VersionConflict } from '../errors.js';
import { handleFollowUp } from './follow-ups.js';
import { UnitOfWork, type Services } from './unit-of-work.js';

const MAX_ATTEMPTS = 8;

/**
 * The command pipeline (log → retry on conflict → transaction → kernel): `work` runs inside
 * one transaction with a fresh UnitOfWork; when another writer changed an instance in
 * between, everything is rolled back and `work` runs again from a fresh read.
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
        if (!(err instanceof VersionConflict) || attempt >= MAX_ATTEMPTS) throw err;
        this.log?.debug({ instanceId: err.instanceId, attempt }, 'version conflict, retrying');
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }
}

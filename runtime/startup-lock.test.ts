// On PostgreSQL a node migrates and seeds under an advisory lock of its schema: a civicflow starting
// in one schema never waits for one starting (or stuck starting) in another.
import knexFactory from 'knex';
import { describe, it } from 'vitest';
import { STARTUP_LOCK } from './server.js';
import { POSTGRES_URL, startTestRuntime, testDialects } from './testing/databases.js';

const dialects = await testDialects();

describe.runIf(dialects.includes('postgres'))('the startup lock on postgres', () => {
  it('is the schema’s own: a start in another schema does not wait for it', async () => {
    const holder = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 1, max: 1 } });
    try {
      await holder.raw('create schema if not exists startup_lock_holder');
      await holder.transaction(async (trx) => {
        // What a node starting in another schema holds while it migrates and seeds.
        await trx.raw('set local search_path = startup_lock_holder');
        await trx.raw(STARTUP_LOCK);
        const rt = await startTestRuntime('postgres');
        await rt.stop();
      });
    } finally {
      await holder.raw('drop schema if exists startup_lock_holder');
      await holder.destroy();
    }
  }, 60_000);
});

// `npm run audit:verify`: re-computes the audit chains of the database in DATABASE_URL (and
// CIVICFLOW_DB_SCHEMA); prints the result and exits 1 when a chain is broken.
import { openDatabase } from '../platform/db/connection.js';
import { verify } from './service.js';

const db = openDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/civicflow.db', process.env.CIVICFLOW_DB_SCHEMA);
try {
  const result = await verify(db.knex);
  for (const b of result.broken) console.error(`chain ${b.tenant}: row ${b.seq} is broken: ${b.problem}`);
  console.log(
    result.ok
      ? `audit trail intact: ${result.rows} rows in ${result.chains} chains`
      : `audit trail BROKEN in ${result.broken.length} of ${result.chains} chains`,
  );
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await db.close();
}

import { pino } from 'pino';
import { configFromEnv, startRuntime } from './server.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const runtime = await startRuntime(configFromEnv(), log);
log.info({ url: runtime.url }, 'civicflow is listening');
if (runtime.generatedAdminPassword) {
  // Printed once, on the first start; store it somewhere safe.
  console.log(`\n  administrator: admin\n  password:      ${runtime.generatedAdminPassword}\n  (set CIVICFLOW_ADMIN_PASSWORD to choose it yourself)\n`);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down: no new jobs, finishing requests in flight');
    runtime.close().then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  });
}

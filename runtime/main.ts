import { pino } from 'pino';
import { configFromEnv, DemoRefused, startRuntime, type Runtime } from './server.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
// `npm start` passes --demo: a newcomer sees the examples with their demo accounts; a production start does not.
const config = { ...configFromEnv(), ...(process.argv.includes('--demo') ? { demo: true } : {}) };
let runtime: Runtime;
try {
  runtime = await startRuntime(config, log);
} catch (err) {
  if (!(err instanceof DemoRefused)) throw err;
  log.fatal(err.message);
  process.exit(1);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down: no new jobs, finishing requests in flight');
    runtime.close().then(() => {
      log.info({ jobs: runtime.executor.stats, nodeId: runtime.executor.nodeId }, 'stopped');
      process.exit(0);
    }, (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  });
}
// Announced only once the signal handlers are in place: whoever waits for this line may stop us at once.
log.info({ url: runtime.url, nodeId: runtime.executor.nodeId }, 'civicflow is listening');
if (runtime.generatedAdminPassword) {
  // Printed once, on the first start; store it somewhere safe.
  console.log(`\n  administrator: admin\n  password:      ${runtime.generatedAdminPassword}\n  (set CIVICFLOW_ADMIN_PASSWORD to choose it yourself)\n`);
}

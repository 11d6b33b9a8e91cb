import { pino } from 'pino';
import { runDemoFirstStart } from './bootstrap/demo-first-start.js';
import { configFromEnv, DemoRefused, startRuntime, type Runtime } from './server.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
// `npm start` passes --demo: a newcomer sees the examples with their demo accounts; a production start does not.
// A demo server is never exposed (it says so), and on its first start it submits a month of public
// appeals from one address in a minute or two, so the public page's per-address limit is lifted there.
const demo = process.argv.includes('--demo') || configFromEnv().demo === true;
const config = { ...configFromEnv(), ...(demo ? { demo: true, publicIntake: { limitPerMinute: 100_000 } } : {}) };
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
    runtime.close().then(
      () => {
        log.info({ jobs: runtime.executor.stats, nodeId: runtime.executor.nodeId }, 'stopped');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
// Announced only once the signal handlers are in place: whoever waits for this line may stop us at once.
log.info({ url: runtime.url, nodeId: runtime.executor.nodeId }, 'civicflow is listening');
if (demo && config.loadExamples !== false && config.examplesDir)
  void runDemoFirstStart(config.examplesDir, runtime, log);
if (runtime.generatedAdminPassword) {
  // Printed once, on the first start; store it somewhere safe.
  console.log(
    `\n  administrator: admin\n  password:      ${runtime.generatedAdminPassword}\n  (set CIVICFLOW_ADMIN_PASSWORD to choose it yourself)\n`,
  );
}

// `npm run demo`: a month of appeals through the API (see month.ts) into the database the server
// uses (DATABASE_URL, default ./data/civicflow.db). Run again, it changes nothing. It signs in as
// the examples' demo accounts, so it starts the runtime in demo mode; a month's appeals arrive
// faster than a real centre's, so the per-tenant start quota is lifted.
import { pino } from 'pino';
import { type ControlledClock, configFromEnv, startRuntime } from '../../../runtime/index.js';
import { DEMO_MONTH } from './first-start.js';
import { runMonth } from './month.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const runtime = await startRuntime(
  {
    ...configFromEnv(),
    port: 0,
    host: '127.0.0.1',
    loadExamples: true,
    controlledClock: true,
    demo: true,
    startsPerTenantPerMinute: Number.POSITIVE_INFINITY,
    publicIntake: { limitPerMinute: 1_000_000 },
  },
  log,
);
try {
  const knex = runtime.deps.db.knex;
  const existing = Number(((await knex('instances').count('* as n').first()) as { n: unknown }).n);
  if (existing > 0) {
    console.log(`演示数据已存在（${existing} 个案件），未再生成。`);
  } else {
    const began = Date.now();
    const result = await runMonth({
      url: runtime.url,
      clock: runtime.deps.clock as ControlledClock,
      ...DEMO_MONTH,
      appeals: Number(process.env.DEMO_APPEALS ?? DEMO_MONTH.appeals),
      concurrency: 6,
      knex,
    });
    console.log(
      `演示月已生成：${result.cases} 件诉求，${result.requests} 次请求，用时 ${Math.round((Date.now() - began) / 1000)} 秒。`,
    );
  }
} finally {
  await runtime.close();
}

import type { Logger } from 'pino';
import type { Runtime, ShiftedClock } from '../../../runtime/index.js';
import { runMonth } from './month.js';

/** The demo month's shape: 30 days ending now, about 1,000 appeals, always the same month (seeded). */
export const DEMO_MONTH = { days: 30, appeals: 1000, seed: 2025 } as const;

/** A database with no case yet: a new one. */
export async function hasNoCases(runtime: Runtime): Promise<boolean> {
  return !(await runtime.deps.db.knex('instances').first('id'));
}

/**
 * On the first start of a new demo database (`npm start`), the demo month is generated in the
 * background once the server listens: the server is usable at once, its business clock runs through
 * the month's days meanwhile (GET /api/health says so), and is back on real time when it is done.
 * Not in production starts (no demo accounts to drive it) and not when the database has a case.
 */
export async function demoMonthOnFirstStart(
  runtime: Runtime,
  log: Logger,
  appeals: number = DEMO_MONTH.appeals,
): Promise<{ cases: number } | undefined> {
  if (runtime.demoAccounts.length === 0 || runtime.deps.clock.controlled || !(await hasNoCases(runtime)))
    return undefined;
  const notice = `正在生成演示月数据（约 ${appeals} 件诉求），完成前业务时钟会在过去一个月内移动，数据陆续出现。`;
  runtime.deps.notices.add(notice);
  log.info(
    { appeals },
    'new demo database: generating the demo month in the background (the business clock moves through the month meanwhile)',
  );
  const began = Date.now();
  try {
    const result = await runMonth({
      url: runtime.url,
      clock: runtime.deps.clock as ShiftedClock,
      ...DEMO_MONTH,
      appeals,
      concurrency: 4,
      knex: runtime.deps.db.knex,
    });
    log.info(
      { cases: result.cases, requests: result.requests, seconds: Math.round((Date.now() - began) / 1000) },
      'demo month generated',
    );
    return { cases: result.cases };
  } finally {
    (runtime.deps.clock as ShiftedClock).set(new Date().toISOString());
    runtime.deps.notices.delete(notice);
  }
}

/** The manifest's `demoFirstStart` entry: the demo month, `DEMO_APPEALS` appeals (1,000 by default). */
export function onFirstStart(runtime: Runtime, log: Logger): Promise<unknown> {
  return demoMonthOnFirstStart(runtime, log, Number(process.env.DEMO_APPEALS ?? DEMO_MONTH.appeals));
}

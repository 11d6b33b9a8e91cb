import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { pino, type Logger } from 'pino';
import { configureThrottle, type ThrottleSettings } from './auth/index.js';
import { ensureAdmin, loadExamples, settleDemoAccounts } from './bootstrap/seed.js';
import { backfillCaseSearch } from './cases/index.js';
import { insertMissingCaseFigures, refreshCaseFigures } from './dashboard/index.js';
import { ControlledClock, ShiftedClock, systemClock, type Clock } from './platform/clock.js';
import type { EvaluationLimits } from '../engine/index.js';
import { CommandService } from './execution/command-service.js';
import { StartQuota } from './execution/start-quota.js';
import { limitPolicyFromEnv, TenantLimits, type LimitPolicy } from './execution/tenant-limits.js';
import { openDatabase, type Database } from './platform/db/connection.js';
import { migrate } from './platform/db/migrate.js';
import { createDeadlineKit, LadderScanner, type ChannelRegistry } from './deadlines/index.js';
import { createApp } from './app.js';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from './attachments/index.js';
import { IntakeUploadSweeper, type PublicIntakeConfig } from './public-intake/index.js';
import type { Deps } from './platform/http/deps.js';
import { trustProxyFromEnv } from './platform/http/proxy.js';
import { JobExecutor } from './jobs/executor.js';
import { LeaveHandoverScanner } from './leave-proxy/index.js';
import { BUILT_IN_HANDLERS } from './jobs/handlers.js';
import { DefinitionStore } from './store/definitions.js';
import { LeaveProxyDirectory } from './store/leave-proxies.js';
import { TenantDirectory } from './store/tenants.js';

export interface RuntimeConfig {
  databaseUrl: string;
  /** PostgreSQL schema to use (tests isolate themselves this way). */
  databaseSchema?: string;
  port: number;
  host?: string;
  adminPassword?: string;
  loadExamples: boolean;
  /** Demo mode: the examples' staff accounts with the published password `demo-password`. Refused with NODE_ENV=production. */
  demo?: boolean;
  /** Sign-in throttling per account and per client address (defaults in `DEFAULT_THROTTLE`). */
  loginThrottle?: Partial<ThrottleSettings>;
  examplesDir?: string;
  controlledClock: boolean;
  staticDir?: string;
  nodeId?: string;
  jobPollMs?: number;
  runJobs?: boolean;
  logLevel?: string;
  /** How often the deadline ladder looks for due transitions (default: jobPollMs, else 1000). */
  ladderPollMs?: number;
  /** How often unsubmitted public intake photos older than a day are looked for (default: ten minutes). */
  intakeSweepPollMs?: number;
  /** The address citizens reach the server at, printed in QR codes (default: each request's origin). */
  publicUrl?: string;
  /** CIVICFLOW_PDF_FONT: the Chinese font of PDF sheets, `path` or `path,PostScriptName` for a .ttc (default: WenQuanYi Micro Hei). */
  pdfFont?: string;
  /** The process and form of the public intake page, and its rate limit per address and minute. */
  publicIntake?: PublicIntakeConfig;
  /** Notification channel adapters by name (`sms`, `wechat` …); the defaults only record what would be sent. */
  notificationChannels?: ChannelRegistry;
  /** Instance starts each tenant may make per minute (default 600; `limits` may set it per tenant). */
  startsPerTenantPerMinute?: number;
  /** Limits on the work expressions may do in one command (default: 1,000 items a collection, 20,000 steps). */
  evaluationLimits?: Partial<EvaluationLimits>;
  /** Per-tenant limits (CIVICFLOW_LIMITS): collection items, steps, shortest timer cycle, starts per minute. */
  limits?: LimitPolicy;
  /** Reverse proxies in front (CIVICFLOW_TRUST_PROXY): client addresses come from X-Forwarded-For. */
  trustProxy?: number;
  /** NODE_ENV=production: no source maps served. */
  production?: boolean;
  /** Where case attachments are kept (CIVICFLOW_ATTACHMENTS_DIR; default: `attachments` beside the SQLite file, else `data/attachments`). */
  attachmentsDir?: string;
  /** Bounds on attachments per file, case and tenant (defaults in `DEFAULT_ATTACHMENT_LIMITS`). */
  attachmentLimits?: Partial<AttachmentLimits>;
}

export interface Runtime {
  deps: Deps;
  server: Server;
  executor: JobExecutor;
  /** The deadline warning ladder (yellow → red → supervised), started and stopped with the executor. */
  ladder: LadderScanner;
  /** Removes public intake photos never submitted within a day (rows and files), started and stopped with the executor. */
  intakeSweeper: IntakeUploadSweeper;
  /** 离岗代理: hands over the open tasks of people whose period began on a later day than it was set. */
  leaveHandover: LeaveHandoverScanner;
  url: string;
  generatedAdminPassword?: string;
  /** Demo accounts that can sign in with the published password (demo mode only). */
  demoAccounts: string[];
  /** The background computation of stale dashboard rows: how many it computed once finished (or stopped). */
  figuresCaughtUp: Promise<number>;
  close(): Promise<void>;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const config: RuntimeConfig = {
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/civicflow.db',
    port: Number(env.PORT ?? 3000),
    loadExamples: (env.CIVICFLOW_LOAD_EXAMPLES ?? 'true') !== 'false',
    demo: env.CIVICFLOW_DEMO === 'true',
    controlledClock: env.CIVICFLOW_CONTROLLED_CLOCK === 'true',
    examplesDir: env.CIVICFLOW_EXAMPLES_DIR ?? 'examples',
    staticDir: env.CIVICFLOW_STATIC_DIR ?? join(import.meta.dirname, '..', 'designer', 'dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
  if (env.CIVICFLOW_ADMIN_PASSWORD) config.adminPassword = env.CIVICFLOW_ADMIN_PASSWORD;
  if (env.CIVICFLOW_DB_SCHEMA) config.databaseSchema = env.CIVICFLOW_DB_SCHEMA;
  if (env.CIVICFLOW_NODE_ID) config.nodeId = env.CIVICFLOW_NODE_ID;
  if (env.HOST) config.host = env.HOST;
  if (env.CIVICFLOW_STARTS_PER_MINUTE) config.startsPerTenantPerMinute = Number(env.CIVICFLOW_STARTS_PER_MINUTE);
  const limits = limitPolicyFromEnv(env.CIVICFLOW_LIMITS);
  if (limits) config.limits = limits;
  config.trustProxy = trustProxyFromEnv(env.CIVICFLOW_TRUST_PROXY);
  if (env.NODE_ENV === 'production') config.production = true;
  if (env.CIVICFLOW_ATTACHMENTS_DIR) config.attachmentsDir = env.CIVICFLOW_ATTACHMENTS_DIR;
  if (env.CIVICFLOW_PUBLIC_URL) config.publicUrl = env.CIVICFLOW_PUBLIC_URL.replace(/\/+$/, '');
  if (env.CIVICFLOW_PDF_FONT) config.pdfFont = env.CIVICFLOW_PDF_FONT;
  return config;
}

/**
 * Several nodes may start at once against one PostgreSQL: migrations and seeding run under an
 * advisory lock of the schema held by one connection, so they happen one node after the other
 * (the second finds everything done). SQLite has one process by construction.
 */
async function duringStartup<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return work();
  return db.knex.transaction(async (trx) => {
    await trx.raw(STARTUP_LOCK);
    return work();
  });
}

/** "cg" (0x6367): startup (jobs use "cf"); one lock per schema: civicflows in other schemas start freely. */
export const STARTUP_LOCK = 'select pg_advisory_xact_lock(25447, hashtext(current_schema()))';

export class DemoRefused extends Error {}

const DEMO_WARNING =
  'DEMO MODE: accounts with the published password "demo-password" can sign in. Never expose this server; start without --demo / CIVICFLOW_DEMO for real use.';
const DEMO_REMINDER_MS = 60 * 60_000;

/** Opens the database, migrates, seeds, and starts the HTTP server and the job executor. */
export async function startRuntime(
  config: RuntimeConfig,
  log: Logger = pino({ level: config.logLevel ?? 'info' }),
): Promise<Runtime> {
  if (config.demo && process.env.NODE_ENV === 'production') {
    throw new DemoRefused(
      'demo mode (npm start, --demo or CIVICFLOW_DEMO=true) is refused with NODE_ENV=production: its accounts use a published password. Start with `node --import tsx runtime/main.ts` (or `npx tsx runtime/main.ts`) without --demo.',
    );
  }
  const db: Database = openDatabase(config.databaseUrl, config.databaseSchema);
  configureThrottle(db.knex, config.loginThrottle);
  // A demo server runs on a clock it can shift itself, so it can generate its demo month (examples/appeal/demo).
  const clock: Clock = config.controlledClock ? new ControlledClock() : config.demo ? new ShiftedClock() : systemClock;
  const tenants = new TenantDirectory(db.knex);
  const limits = new TenantLimits(tenants, {
    ...config.limits,
    default: {
      ...config.evaluationLimits,
      ...(config.startsPerTenantPerMinute !== undefined ? { startsPerMinute: config.startsPerTenantPerMinute } : {}),
      ...config.limits?.default,
    },
  });
  const definitions = new DefinitionStore(tenants, async (tenant, db) => (await limits.of(tenant, db)).minTimerCycleMs);
  const deadlines = createDeadlineKit(tenants, config.notificationChannels);
  const commands = new CommandService(
    db,
    {
      clock,
      definitions,
      deadlines,
      startQuota: new StartQuota(config.startsPerTenantPerMinute),
      limits,
      leaveProxies: new LeaveProxyDirectory(),
    },
    log,
  );
  const deps: Deps = { db, tenants, definitions, commands, clock, log, notices: new Set() };

  const { generatedPassword, demoAccounts } = await duringStartup(db, async () => {
    await migrate(db.knex);
    const indexed = await backfillCaseSearch(db.knex);
    if (indexed > 0) log.info({ cases: indexed }, 'case search rows written for cases that had none');
    const missing = await insertMissingCaseFigures(db.knex);
    if (missing > 0) log.info({ cases: missing }, 'case figures rows added for cases that had none');
    const admin = await ensureAdmin(db.knex, tenants, config.adminPassword, clock.now());
    if (config.loadExamples && config.examplesDir) {
      const loaded = await loadExamples(config.examplesDir, {
        knex: db.knex,
        tenants,
        definitions,
        commands,
        now: clock.now(),
        demo: config.demo === true,
      });
      if (loaded.length > 0) log.info({ examples: loaded }, 'examples loaded');
    }
    const demo = await settleDemoAccounts(db.knex, config.demo === true);
    if (demo.disabled.length > 0)
      log.warn(
        { accounts: demo.disabled },
        'demo accounts with the published password were disabled (not in demo mode)',
      );
    return { ...admin, demoAccounts: demo.active };
  });
  let demoReminder: NodeJS.Timeout | undefined;
  if (demoAccounts.length > 0) {
    log.warn({ accounts: demoAccounts }, DEMO_WARNING);
    demoReminder = setInterval(() => log.warn({ accounts: demoAccounts }, DEMO_WARNING), DEMO_REMINDER_MS).unref();
  }

  const executor = new JobExecutor(db, commands, {
    nodeId: config.nodeId ?? `${hostname()}:${process.pid}`,
    pollMs: config.jobPollMs ?? 250,
    handlers: BUILT_IN_HANDLERS,
    log,
  });
  const ladder = new LadderScanner(db, deadlines, clock, {
    pollMs: config.ladderPollMs ?? config.jobPollMs ?? 1000,
    log,
  });
  const intakeSweeper = new IntakeUploadSweeper(db, attachmentsDirOf(config), clock, {
    ...(config.intakeSweepPollMs ? { pollMs: config.intakeSweepPollMs } : {}),
    log,
  });
  const leaveHandover = new LeaveHandoverScanner(deps, { log });
  if (config.runJobs !== false) {
    executor.start();
    ladder.start();
    intakeSweeper.start();
    leaveHandover.start();
  }

  const app = createApp(deps, {
    ...(config.staticDir ? { staticDir: config.staticDir } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.pdfFont ? { pdfFont: config.pdfFont } : {}),
    ...(config.publicIntake ? { publicIntake: config.publicIntake } : {}),
    trustProxy: config.trustProxy ?? 0,
    sourceMaps: !config.production,
    attachments: {
      dir: attachmentsDirOf(config),
      limits: { ...DEFAULT_ATTACHMENT_LIMITS, ...config.attachmentLimits },
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host ?? '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host ?? '127.0.0.1'}:${port}`;

  let closing: Promise<void> | undefined;
  // The dashboard's rows left stale (by an upgrade, by a bulk load) computed in the background, chunk
  // by chunk: a large catch-up does not hold the start back, and a read computes its period's rows itself.
  const catchUp = refreshCaseFigures(db.knex, clock.now(), undefined, () => closing !== undefined).then(
    (n) => {
      if (n > 0) log.info({ cases: n }, 'stale case figures computed');
      return n;
    },
    (err: unknown) => {
      if (closing === undefined) log.error({ err }, 'computing stale case figures failed');
      return 0;
    },
  );
  const close = () =>
    (closing ??= (async () => {
      clearInterval(demoReminder);
      await catchUp;
      await executor.stop();
      await ladder.stop();
      await intakeSweeper.stop();
      await leaveHandover.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    })());
  return {
    deps,
    server,
    executor,
    ladder,
    intakeSweeper,
    leaveHandover,
    url,
    figuresCaughtUp: catchUp,
    close,
    demoAccounts,
    ...(generatedPassword ? { generatedAdminPassword: generatedPassword } : {}),
  };
}

/** The attachment directory: configured, else beside the SQLite database file, else `data/attachments`. */
function attachmentsDirOf(config: RuntimeConfig): string {
  if (config.attachmentsDir) return config.attachmentsDir;
  const file = /^sqlite:(?!:memory:)(.+)$/.exec(config.databaseUrl)?.[1];
  return file ? join(dirname(file), 'attachments') : join('data', 'attachments');
}

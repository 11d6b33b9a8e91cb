import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Which top-level part may import which. Anything not listed is forbidden.
const ALLOWED: Record<string, string[]> = {
  definitions: [],
  engine: ['definitions'],
  runtime: ['engine', 'definitions'],
  designer: ['definitions', 'engine'],
  examples: ['runtime', 'engine', 'definitions'],
};
const PARTS = Object.keys(ALLOWED);
const projectRoot = resolve(import.meta.dirname, '..');

// Inside runtime/: the shared layers any feature may use, and everything else that is not a feature.
const RUNTIME_LAYERS = ['platform', 'store', 'execution', 'jobs'];
const RUNTIME_NOT_FEATURES = [...RUNTIME_LAYERS, 'bootstrap', 'testing', 'durability', 'bench'];

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importSpecs(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specs.map((m) => m[1] ?? m[2]!);
}

const relativeImports = (file: string): string[] => importSpecs(file).filter((s) => s.startsWith('.'));

interface Violation {
  file: string;
  spec: string;
  why: string;
}

function findViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const part of PARTS) {
    for (const file of sourceFiles(join(root, part))) {
      for (const spec of relativeImports(file)) {
        const target = relative(root, resolve(dirname(file), spec));
        const [targetPart, ...rest] = target.split(sep);
        if (!targetPart || targetPart === part || !PARTS.includes(targetPart)) continue;
        // Benchmark harnesses may share workloads and peer drivers: they are tooling, not product code.
        const benchToBench = relative(root, file).split(sep)[1] === 'bench' && rest[0] === 'bench';
        if (!ALLOWED[part]!.includes(targetPart)) {
          violations.push({ file: relative(root, file), spec, why: `${part} must not depend on ${targetPart}` });
        } else if (!benchToBench && rest.join('/') !== 'index.js' && rest.join('/') !== 'index.ts') {
          violations.push({ file: relative(root, file), spec, why: `reach ${targetPart} through its index.ts only` });
        }
      }
    }
  }
  return violations;
}

/**
 * Inside runtime/, one folder per feature: anything outside a feature reaches it only through its
 * index.ts (never its routes or services directly), and the platform knows no feature.
 */
function findRuntimeViolations(root: string): Violation[] {
  const runtime = join(root, 'runtime');
  const violations: Violation[] = [];
  for (const file of sourceFiles(runtime)) {
    const [fromFolder] = relative(runtime, file).split(sep);
    for (const spec of relativeImports(file)) {
      const target = relative(runtime, resolve(dirname(file), spec)).split(sep);
      const [folder, ...rest] = target;
      if (
        !folder ||
        folder === '..' ||
        rest.length === 0 ||
        RUNTIME_NOT_FEATURES.includes(folder) ||
        folder === fromFolder
      )
        continue;
      const why =
        fromFolder === 'platform'
          ? `platform must not depend on the ${folder} feature`
          : rest.join('/') === 'index.js'
            ? undefined
            : `reach the ${folder} feature through its index.ts only`;
      if (why) violations.push({ file: relative(root, file), spec, why });
    }
  }
  return violations;
}

/**
 * The command path calls the deadlines feature through its hooks only (the deadlines of a run's
 * effects, the calendar of a run), besides the task row's deadline columns it writes: deadline
 * rules live in deadlines/, not spread through execution/.
 */
const DEADLINE_HOOKS = new Set([
  'onTaskEffects',
  'deadlineEnv',
  'DeadlineKit',
  'DEADLINE_STATE_COLUMNS',
  'DEADLINE_STATE_FIELDS',
  'DeadlineState',
]);

function findDeadlineCallsOutsideHooks(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(join(root, 'runtime', 'execution'))) {
    if (file.endsWith('.test.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]\.\.\/deadlines\/index\.js['"]/g)) {
      for (const name of m[1]!.split(',').map((n) =>
        n
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]!
          .trim(),
      )) {
        if (name && !DEADLINE_HOOKS.has(name))
          violations.push({
            file: relative(root, file),
            spec: name,
            why: 'the command path calls the deadlines feature through onTaskEffects/deadlineEnv only',
          });
      }
    }
  }
  return violations;
}

const NODE_BUILT_INS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The engine is pure: time and randomness come in through `env`, and it does no I/O. */
function findImpureEngineCode(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(join(root, 'engine'))) {
    const inside = relative(join(root, 'engine'), file).split(sep);
    // Tests, benchmarks and test fixtures read files and time themselves; the engine they drive does not.
    if (file.endsWith('.test.ts') || inside[0] === 'bench' || inside[0] === 'testing') continue;
    for (const spec of importSpecs(file)) {
      if (spec.startsWith('node:') || NODE_BUILT_INS.has(spec.split('/')[0]!))
        violations.push({ file: relative(root, file), spec, why: 'the engine imports no Node built-in' });
    }
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of [
      [/\bDate\.now\b/, 'Date.now'],
      [/\bMath\.random\b/, 'Math.random'],
      [/\bnew Date\(\s*\)/, 'new Date()'],
    ] as const) {
      if (pattern.test(text))
        violations.push({
          file: relative(root, file),
          spec: what,
          why: 'the engine takes time and randomness from env',
        });
    }
  }
  return violations;
}

/**
 * Each table has one writing owner: the runtime folder whose service writes it (others call that
 * service through its index.ts). The command path — `execution/` with the rows it shares in
 * `store/` and the job executor in `jobs/` — owns the tables a command writes, through its prepared
 * statements. Test-only code (tests, `testing/`, benchmarks, durability drivers) writes rows freely.
 */
const COMMAND_PATH = ['execution', 'store', 'jobs'];
const TABLE_OWNERS: Record<string, string[]> = {
  account_events: ['auth'],
  auth_tokens: ['auth'],
  login_throttles: ['auth'],
  audit_heads: ['audit'],
  audit_log: ['audit'],
  case_attachments: ['attachments'],
  attachment_policies: ['attachments'],
  intake_uploads: ['attachments'],
  // Kept by database triggers on tasks, task_history, history and case_cc (migration 023): no code writes it.
  case_readers: [],
  case_opinions: ['cases'],
  case_search: ['cases'],
  // Rows added and marked stale by database triggers on instances and tasks (migration 029); computed by the dashboard.
  case_figures: ['dashboard'],
  // Kept by database triggers (migration 031): cases per status, cases and tasks completed per hour,
  // and the settled rows of case_figures summed per day. No code writes them.
  dashboard_case_counts: [],
  dashboard_hourly: [],
  case_figures_daily: [],
  tenant_channels: ['channels'],
  calendar_overrides: ['deadlines'],
  calendar_years: ['deadlines'],
  deadline_policies: ['deadlines'],
  extension_requests: ['deadlines'],
  notification_deliveries: ['deadlines'],
  notifications: ['deadlines'],
  supervision_orders: ['deadlines'],
  supervision_replies: ['deadlines'],
  task_urges: ['deadlines'],
  tenants: ['directory'],
  groups: ['directory'],
  users: ['directory'],
  memberships: ['directory'],
  enterprises: ['enterprises'],
  enterprise_retired_codes: ['enterprises'],
  case_cc: ['tasks'],
  task_drafts: ['tasks'],
  leave_proxies: ['leave-proxy'],
  ...Object.fromEntries(
    [
      'instances',
      'history',
      'incidents',
      'jobs',
      'subscriptions',
      'signal_subscriptions',
      'buffered_messages',
      'tasks',
      'task_candidates',
      'task_history',
      'definitions',
      'deployments',
      'start_triggers',
      'signal_start_triggers',
      'pin_sets',
    ].map((t) => [t, COMMAND_PATH]),
  ),
};
/** Tables a migration creates only for a while (rebuilt or dropped later). */
const RETIRED_TABLES = new Set(['jobs_rebuilt', 'task_deadlines', 'case_readers_rebuilt']);

/**
 * Writes outside the owner that are known and described in docs/architecture.md ("Who writes which
 * table"), by "file table". None is left: a feature changes another owner's rows through the owner's
 * named functions (e.g. `store/task-row.ts` `setTaskDeadlineColumns`); anything else outside the owner fails.
 */
const SHARED_WRITES: Record<string, string> = {};

function migrationTables(root: string): string[] {
  const tables = new Set<string>();
  for (const file of sourceFiles(join(root, 'runtime', 'platform', 'db', 'migrations')))
    for (const m of readFileSync(file, 'utf8').matchAll(/createTable(?:IfNotExists)?\(\s*'(\w+)'|create table (\w+)/g))
      tables.add((m[1] ?? m[2])!);
  return [...tables].sort();
}

/** The tables a source file writes: knex builders, raw SQL and objection models (by their tableName). */
function tablesWritten(text: string, tables: ReadonlySet<string>): Set<string> {
  const written = new Set<string>();
  for (const m of text.matchAll(/(?:\w\(|\.into\(|\.table\()\s*'(\w+)'(?:\s+as\s+\w+)?\s*\)/g)) {
    const end = text.indexOf(';', m.index);
    const statement = text.slice(m.index, end === -1 ? undefined : end);
    if (tables.has(m[1]!) && /\.(?:insert|update|del|delete|increment|decrement)\(/.test(statement)) written.add(m[1]!);
  }
  for (const m of text.matchAll(/\b(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?(\w+)"?/gi))
    if (tables.has(m[1]!)) written.add(m[1]!);
  for (const m of text.matchAll(/\btableName\s*=\s*'(\w+)'/g)) if (tables.has(m[1]!)) written.add(m[1]!);
  return written;
}

function findForeignWrites(root: string, owners: Record<string, string[]>, shared: Record<string, string>) {
  const runtime = join(root, 'runtime');
  const tables = new Set(migrationTables(root).filter((t) => !RETIRED_TABLES.has(t)));
  const violations: Violation[] = [...tables]
    .filter((t) => !owners[t])
    .map((t) => ({ file: 'test/architecture.test.ts', spec: t, why: 'a table without a recorded owner' }));
  const unused = new Set(Object.keys(shared));
  for (const file of sourceFiles(runtime)) {
    const path = relative(runtime, file).split(sep);
    if (
      file.endsWith('.test.ts') ||
      ['testing', 'bench', 'durability'].includes(path[0]!) ||
      path.join('/').startsWith('platform/db/migrations/')
    )
      continue;
    for (const table of tablesWritten(readFileSync(file, 'utf8'), tables)) {
      const key = `${path.join('/')} ${table}`;
      unused.delete(key);
      if (owners[table]?.includes(path[0]!) || shared[key]) continue;
      violations.push({
        file: relative(root, file),
        spec: table,
        why: owners[table]?.length
          ? `${table} is written by ${owners[table].join('/')}; call its service`
          : `${table} is written by database triggers only`,
      });
    }
  }
  for (const key of unused)
    violations.push({ file: 'test/architecture.test.ts', spec: key, why: 'a shared write that is gone: drop it' });
  return violations;
}

describe('architecture', () => {
  it('keeps the dependency direction and imports other parts only through index.ts', () => {
    expect(findViolations(projectRoot)).toEqual([]);
  });

  it('reaches a runtime feature only through its index.ts, and the platform knows no feature', () => {
    expect(findRuntimeViolations(projectRoot)).toEqual([]);
  });

  it('lets the command path call the deadlines feature through its hooks only', () => {
    expect(findDeadlineCallsOutsideHooks(projectRoot)).toEqual([]);
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    mkdirSync(join(root, 'runtime', 'execution'), { recursive: true });
    writeFileSync(
      join(root, 'runtime', 'execution', 'apply-effects.ts'),
      "import { onTaskEffects, type resolveTaskDeadline as r, timerHeaders } from '../deadlines/index.js';\n",
    );
    expect(findDeadlineCallsOutsideHooks(root).map((v) => v.spec)).toEqual(['resolveTaskDeadline', 'timerHeaders']);
  });

  it('keeps the engine free of Node built-ins, the wall clock and randomness', () => {
    expect(findImpureEngineCode(projectRoot)).toEqual([]);
  });

  it('the checker catches a backwards import and a reach into internals', () => {
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    for (const part of ['definitions', 'engine', 'runtime', 'runtime/bench']) mkdirSync(join(root, part));
    writeFileSync(join(root, 'runtime', 'bench', 'ok.ts'), "import { w } from '../../engine/bench/workload.js';\n");
    writeFileSync(join(root, 'runtime', 'd.ts'), "import { w } from '../engine/bench/workload.js';\n");
    writeFileSync(join(root, 'definitions', 'a.ts'), "import { run } from '../engine/index.js';\n");
    writeFileSync(join(root, 'engine', 'b.ts'), "import { x } from '../definitions/model/types.js';\n");
    writeFileSync(join(root, 'engine', 'c.ts'), "import { compile } from '../definitions/index.js';\n");
    expect(findViolations(root).map((v) => v.why)).toEqual([
      'definitions must not depend on engine',
      'reach definitions through its index.ts only',
      'reach engine through its index.ts only',
    ]);
  });

  it('the runtime checker catches a reach into another feature and a platform that knows a feature', () => {
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    for (const dir of ['tasks', 'deadlines', 'platform/http', 'execution'])
      mkdirSync(join(root, 'runtime', dir), { recursive: true });
    writeFileSync(
      join(root, 'runtime', 'tasks', 'routes.ts'),
      [
        "import { onTaskClaimed } from '../deadlines/routes.js';", // another feature's routes
        "import { lightOf } from '../deadlines/index.js';", // fine: its public face
        "import { newId } from '../platform/ids.js';", // fine: a shared layer
        "import { taskView } from './views.js';", // fine: its own folder
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'runtime', 'execution', 'unit-of-work.ts'),
      "import { businessCalendar } from '../deadlines/resolution.js';\n",
    );
    writeFileSync(
      join(root, 'runtime', 'platform', 'http', 'app.ts'),
      "import { taskRoutes } from '../../tasks/index.js';\n",
    );
    writeFileSync(join(root, 'runtime', 'app.ts'), "import { taskRoutes } from './tasks/index.js';\n");
    expect(
      findRuntimeViolations(root)
        .map((v) => `${v.file}: ${v.why}`)
        .sort(),
    ).toEqual([
      `${join('runtime', 'execution', 'unit-of-work.ts')}: reach the deadlines feature through its index.ts only`,
      `${join('runtime', 'platform', 'http', 'app.ts')}: platform must not depend on the tasks feature`,
      `${join('runtime', 'tasks', 'routes.ts')}: reach the deadlines feature through its index.ts only`,
    ]);
  });

  it('the engine checker catches a Node built-in, the wall clock and randomness, but not in tests', () => {
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    mkdirSync(join(root, 'engine', 'kernel'), { recursive: true });
    writeFileSync(
      join(root, 'engine', 'kernel', 'a.ts'),
      "import { readFileSync } from 'node:fs';\nexport const at = Date.now();\n",
    );
    writeFileSync(
      join(root, 'engine', 'kernel', 'b.ts'),
      "import { join } from 'path';\nexport const id = Math.random();\nexport const t = new Date();\n",
    );
    writeFileSync(
      join(root, 'engine', 'kernel', 'c.test.ts'),
      "import { readFileSync } from 'node:fs';\nconst t0 = Date.now();\n",
    );
    expect(
      findImpureEngineCode(root)
        .map((v) => `${v.file.split(sep).pop()} ${v.spec}`)
        .sort(),
    ).toEqual(['a.ts Date.now', 'a.ts node:fs', 'b.ts Math.random', 'b.ts new Date()', 'b.ts path']);
  });
  it('gives each table one writing owner; others call its service', () => {
    expect(findForeignWrites(projectRoot, TABLE_OWNERS, SHARED_WRITES)).toEqual([]);
  });

  it("the table checker catches a write to another feature's table, in any form, but not in tests", () => {
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    for (const dir of ['platform/db/migrations', 'directory', 'auth', 'worklists', 'testing'])
      mkdirSync(join(root, 'runtime', dir), { recursive: true });
    writeFileSync(
      join(root, 'runtime', 'platform', 'db', 'migrations', '001_core.ts'),
      "createTable('users', t); createTable('memberships', t); createTable('case_cc', t); createTable('audit_log', t);\n",
    );
    const owners = { users: ['directory'], memberships: ['directory'], case_cc: ['tasks'] };
    writeFileSync(
      join(root, 'runtime', 'directory', 'service.ts'),
      "await trx('users').where({ username }).update({ disabled });\n",
    );
    writeFileSync(
      join(root, 'runtime', 'auth', 'account-service.ts'),
      [
        "await trx('users')\n  .where({ username })\n  .update({ disabled });",
        "const rows = await trx('memberships').where({ username });", // a read is fine
        "await knex.raw('delete from memberships where username = ?', [username]);",
        "class Member extends Model { static tableName = 'memberships'; }",
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'runtime', 'worklists', 'queries.ts'),
      "await deps.db.knex('case_cc').where({ id }).update({ read_at: now });\n",
    );
    writeFileSync(join(root, 'runtime', 'auth', 'a.test.ts'), "await knex('users').insert(row);\n");
    writeFileSync(join(root, 'runtime', 'testing', 'http.ts'), "await knex('memberships').insert(rows);\n");
    expect(
      findForeignWrites(root, owners, { 'worklists/queries.ts case_cc': 'known', 'auth/gone.ts users': 'moved' })
        .map((v) => `${v.file.split(sep).slice(1).join('/')} ${v.spec}`)
        .sort(),
    ).toEqual([
      'architecture.test.ts audit_log',
      'architecture.test.ts auth/gone.ts users',
      'auth/account-service.ts memberships',
      'auth/account-service.ts users',
    ]);
  });
});

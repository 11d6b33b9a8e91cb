// Seeds many open cases fast for the inbox query: one real case is opened through the command
// layer (start + receive, so it waits at Task_HandleLabour for dept-rs with its 72 h timer),
// then the rows the runtime wrote for it — the instance, the open task (Task_HandleLabour, with its
// deadline state in its own row) with its candidate rows, the completed one (Task_Receive, in task_history; a closed task has no candidate
// rows) and the timer job — are copied N times by one INSERT … SELECT per table over a generated number series, with
// fresh ids, creation times one second apart (a candidate row gets its task's) and the tenant
// rotating over the tenant tree. History rows are not copied (the inbox never reads them).
import type { Knex } from 'knex';
import type { Database } from '../platform/db/connection.js';
import { openCase, type Deps0 } from './command-driver.js';

export interface SeedResult {
  cases: number;
  openTasks: number;
  rows: Record<string, number>;
  seconds: number;
}

type Row = Record<string, unknown>;

export async function seedOpenCases(deps: Deps0, count: number, tenants: string[]): Promise<SeedResult> {
  const t0 = performance.now();
  const db = deps.db;
  const template = await openCase(deps, tenants[0]!);
  const id = template.row.id;
  const knex = db.knex;
  const instance = (await knex('instances').where({ id }).first()) as Row;
  const tasks = (await knex('tasks').where({ instance_id: id })) as Row[];
  const closedTasks = (await knex('task_history').where({ instance_id: id })) as Row[];
  const candidates = (await knex('task_candidates').whereIn(
    'task_id',
    tasks.map((t) => t.id as string),
  )) as Row[];
  const jobs = (await knex('jobs').where({ instance_id: id })) as Row[];
  if (!tasks.some((t) => t.status === 'open' && t.element_id === 'Task_HandleLabour') || jobs.length !== 1)
    throw new Error('the template case is not waiting at Task_HandleLabour');
  if (!closedTasks.some((t) => t.status === 'completed' && t.element_id === 'Task_Receive'))
    throw new Error('the template case has no completed Task_Receive');

  // 36-character ids shaped like the runtime's UUIDs: a random prefix per run + the row number.
  const prefix = `${Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}-bbbb-4bbb-8bbb-`;
  const base = new Date(Date.now() - (count + 60) * 1000);
  const sq = new SeriesSql(db, knex, count, prefix, base, tenants);

  const rows: Record<string, number> = {};
  const copy = async (table: string, template: Row, special: Record<string, string>) => {
    rows[table] = (rows[table] ?? 0) + count;
    await sq.insert(table, template, special);
  };
  const childOf = (childId: string) => childId.slice(id.length); // "-<local id>"
  await knex.transaction(async (trx) => {
    sq.use(trx);
    await copy('instances', instance, {
      id: sq.instanceId(),
      tenant_id: sq.tenant(),
      created_at: sq.createdAt(),
      updated_at: sq.createdAt(),
    });
    for (const t of tasks)
      await copy('tasks', t, {
        id: sq.childId(childOf(t.id as string)),
        instance_id: sq.instanceId(),
        tenant_id: sq.tenant(),
        created_at: sq.createdAt(),
      });
    for (const t of closedTasks)
      await copy('task_history', t, {
        id: sq.childId(childOf(t.id as string)),
        instance_id: sq.instanceId(),
        tenant_id: sq.tenant(),
        created_at: sq.createdAt(),
        completed_at: sq.createdAt(),
      });
    for (const c of candidates)
      await copy('task_candidates', c, {
        task_id: sq.childId(childOf(c.task_id as string)),
        created_at: sq.createdAt(),
      });
    for (const j of jobs)
      await copy('jobs', j, {
        id: sq.childId(childOf(j.id as string)),
        instance_id: sq.instanceId(),
        tenant_id: sq.tenant(),
        created_at: sq.createdAt(),
      });
  });
  if (db.dialect === 'postgres') await knex.raw('analyze instances, tasks, task_history, task_candidates, jobs');
  return { cases: count, openTasks: count, rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * SQL expressions over a number series `n` = from … from+count-1, for SQLite and PostgreSQL; row n
 * is created `n × stepSeconds` after `base` (a negative step: older as n grows).
 */
export class SeriesSql {
  private trx!: Knex.Transaction;
  constructor(
    private readonly db: Database,
    private readonly knex: Knex,
    private readonly count: number,
    private readonly prefix: string,
    private readonly base: Date,
    private readonly tenants: string[],
    private readonly from = 0,
    private readonly stepSeconds = 1,
  ) {}

  use(trx: Knex.Transaction): void {
    this.trx = trx;
  }

  get pg(): boolean {
    return this.db.dialect === 'postgres';
  }

  instanceId(): string {
    return this.pg ? `'${this.prefix}' || lpad(to_hex(n), 12, '0')` : `'${this.prefix}' || printf('%012x', n)`;
  }

  childId(suffix: string): string {
    if (!/^-\d+$/.test(suffix)) throw new Error(`unexpected child id suffix ${suffix}`);
    return `${this.instanceId()} || '${suffix}'`;
  }

  createdAt(): string {
    const iso = this.base.toISOString();
    const step = this.stepSeconds;
    return this.pg
      ? `to_char(('${iso}'::timestamptz + n * interval '${step} second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', '${iso.slice(0, 19).replace('T', ' ')}', printf('%+d seconds', n * ${step}))`;
  }

  tenant(): string {
    const cases = this.tenants.map((t, i) => `when ${i} then '${t.replace(/'/g, "''")}'`).join(' ');
    return `(case (n % ${this.tenants.length}) ${cases} end)`;
  }

  /** Inserts one row per n: `template`'s values, the columns of `special` computed by their SQL (`omit`: left to the table's default). */
  async insert(table: string, template: Row, special: Record<string, string>, omit: string[] = []): Promise<void> {
    const cols = Object.keys(template).filter((c) => !omit.includes(c));
    const bindings: unknown[] = [];
    const exprs = cols.map((c) => {
      if (special[c]) return special[c];
      const v = template[c];
      if (v === null || v === undefined) return 'null';
      bindings.push(v);
      return this.pg ? `?::${typeof v !== 'number' ? 'text' : Number.isInteger(v) ? 'integer' : 'float8'}` : '?';
    });
    const colList = cols.map((c) => `"${c}"`).join(', ');
    const sql = this.pg
      ? `insert into "${table}" (${colList}) select ${exprs.join(', ')} from generate_series(${this.from}::bigint, ${this.from + this.count - 1}) as s(n)`
      : `insert into "${table}" (${colList}) with recursive s(n) as (select ${this.from} union all select n + 1 from s where n < ${this.from + this.count - 1}) select ${exprs.join(', ')} from s`;
    await this.trx.raw(sql, bindings as Knex.RawBinding[]);
  }
}

import type { Knex } from 'knex';

/**
 * Pre-aggregates for the dashboard, so that no dashboard answer reads the whole history or every
 * case of a period (issue 14 §5: ≤ 200 ms p95 at 1,000,000 closed cases). All three are kept exact
 * by database triggers, in the transaction of whatever writes the source row, so no writer can
 * forget them and they are always equal to the rows they sum:
 *
 * - `dashboard_case_counts`: instances per tenant and status (the overview's 案件 counts and active
 *   cases per unit), from `instances` inserts, status changes and deletes.
 * - `dashboard_hourly`: per tenant and UTC hour (`YYYY-MM-DDTHH`), the cases completed (by `ended_at`)
 *   and the tasks completed with a due time, and of those on time (by `completed_at`, from
 *   `task_history`): the overview's loop figures are these hours summed, plus the rows of the
 *   partial first hour of the period read from their indexes.
 * - `case_figures_daily`: the settled rows of `case_figures` (computed — not stale —, not active,
 *   no open task with a due time: what they count can no longer change with time) summed per
 *   tenant, Beijing day, category, channel, department and refusing departments. The figures and
 *   the 通报 read whole days from it and only the unsettled rows (open cases, stale rows) and the
 *   period's partial first and last days from `case_figures` (`dashboard/rollup.ts`).
 *
 * On PostgreSQL, concurrent writers would wait on each other's counter row until they commit: the
 * counter rows carry a `slot` (the writer's backend pid modulo 8) and readers sum the slots. SQLite
 * has one writer at a time: slot 0. A stale mark (the writer's hot path, migration 029) changes the
 * daily sums only when the row was settled, which a completed case's later write rarely does.
 */
const SLOTS = 8;
const DAILY_KEY = ['tenant_id', 'day', 'category', 'channel', 'department', 'department_name', 'refused_by'];
const COUNTS = [
  'answered_on_spot',
  'not_accepted',
  'referred',
  'in_progress',
  'closed',
  'late',
  'supervised',
  'extended',
  'refused',
  'returned',
  'reworked',
  'followed_up',
  'satisfied',
];
/** What a row of `case_figures` adds to its day, besides the counts themselves. */
const DERIVED: Record<string, (r: string) => string> = {
  received: () => '1',
  closed_on_time: (r) => `case when ${r}.closed = 1 and ${r}.late = 0 then 1 else 0 end`,
};
const settled = (r: string) => `${r}.stale = 0 and ${r}.status <> 'active' and ${r}.open_due_at is null`;
const VALUE_COLUMNS = [...Object.keys(DERIVED), ...COUNTS];
const contributionOf = (column: string, r: string) => DERIVED[column]?.(r) ?? `${r}.${column}`;
const keyMatch = (r: string) => DAILY_KEY.map((k) => `${k} = ${r}.${k}`).join(' and ');
const hourOf = (column: string) => `substr(${column}, 1, 13)`;
const caseDone = (r: string) => `${r}.status = 'completed' and ${r}.ended_at is not null`;
const taskDone = (r: string) => `${r}.status = 'completed' and ${r}.due_at is not null`;
const onTime = (r: string) => `case when ${r}.completed_at <= ${r}.due_at then 1 else 0 end`;

/** The upserts the triggers run (SQLite and PostgreSQL alike), `slot` being the counter slot's expression. */
function upserts(slot: string) {
  const count = (r: string, sign: string) =>
    `insert into dashboard_case_counts (tenant_id, status, slot, n) values (${r}.tenant_id, ${r}.status, ${slot}, ${sign}1)
     on conflict (tenant_id, status, slot) do update set n = dashboard_case_counts.n + excluded.n;`;
  const hourly = (r: string, column: string, values: Record<string, string>) =>
    `insert into dashboard_hourly (tenant_id, hour, slot, ${Object.keys(values).join(', ')})
     values (${r}.tenant_id, ${hourOf(`${r}.${column}`)}, ${slot}, ${Object.values(values).join(', ')})
     on conflict (tenant_id, hour, slot) do update set ${Object.keys(values)
       .map((c) => `${c} = dashboard_hourly.${c} + excluded.${c}`)
       .join(', ')};`;
  const caseHour = (r: string, sign: string) => hourly(r, 'ended_at', { cases_completed: `${sign}1` });
  const taskHour = (r: string, sign: string) =>
    hourly(r, 'completed_at', { tasks_completed: `${sign}1`, tasks_on_time: `${sign}(${onTime(r)})` });
  const dailyAdd = (r: string) =>
    `insert into case_figures_daily (${[...DAILY_KEY, ...VALUE_COLUMNS].join(', ')})
     values (${[...DAILY_KEY.map((k) => `${r}.${k}`), ...VALUE_COLUMNS.map((c) => contributionOf(c, r))].join(', ')})
     on conflict (${DAILY_KEY.join(', ')}) do update set ${VALUE_COLUMNS.map(
       (c) => `${c} = case_figures_daily.${c} + excluded.${c}`,
     ).join(', ')};`;
  const dailySub = (r: string) =>
    `update case_figures_daily set ${VALUE_COLUMNS.map((c) => `${c} = ${c} - (${contributionOf(c, r)})`).join(', ')} where ${keyMatch(r)};`;
  return { count, caseHour, taskHour, dailyAdd, dailySub };
}

export function sqliteTriggers(): string[] {
  const { count, caseHour, taskHour, dailyAdd, dailySub } = upserts('0');
  const changed = 'old.status is not new.status or old.ended_at is not new.ended_at';
  const taskChanged =
    'old.status is not new.status or old.due_at is not new.due_at or old.completed_at is not new.completed_at or old.tenant_id is not new.tenant_id';
  return [
    `create trigger dashboard_counts_insert after insert on instances begin ${count('new', '+')} end`,
    `create trigger dashboard_counts_update after update of status on instances when old.status is not new.status begin ${count('old', '-')} ${count('new', '+')} end`,
    `create trigger dashboard_counts_delete after delete on instances begin ${count('old', '-')} end`,
    `create trigger dashboard_cases_done_insert after insert on instances when ${caseDone('new')} begin ${caseHour('new', '+')} end`,
    `create trigger dashboard_cases_done_update_old after update of status, ended_at on instances when (${changed}) and ${caseDone('old')} begin ${caseHour('old', '-')} end`,
    `create trigger dashboard_cases_done_update_new after update of status, ended_at on instances when (${changed}) and ${caseDone('new')} begin ${caseHour('new', '+')} end`,
    `create trigger dashboard_cases_done_delete after delete on instances when ${caseDone('old')} begin ${caseHour('old', '-')} end`,
    `create trigger dashboard_tasks_done_insert after insert on task_history when ${taskDone('new')} begin ${taskHour('new', '+')} end`,
    `create trigger dashboard_tasks_done_update_old after update on task_history when (${taskChanged}) and ${taskDone('old')} begin ${taskHour('old', '-')} end`,
    `create trigger dashboard_tasks_done_update_new after update on task_history when (${taskChanged}) and ${taskDone('new')} begin ${taskHour('new', '+')} end`,
    `create trigger dashboard_tasks_done_delete after delete on task_history when ${taskDone('old')} begin ${taskHour('old', '-')} end`,
    `create trigger case_figures_daily_insert after insert on case_figures when ${settled('new')} begin ${dailyAdd('new')} end`,
    `create trigger case_figures_daily_update_old after update on case_figures when ${settled('old')} begin ${dailySub('old')} end`,
    `create trigger case_figures_daily_update_new after update on case_figures when ${settled('new')} begin ${dailyAdd('new')} end`,
    `create trigger case_figures_daily_delete after delete on case_figures when ${settled('old')} begin ${dailySub('old')} end`,
  ];
}

const SQLITE_TRIGGER_NAMES = sqliteTriggers().map((sql) => /create trigger (\w+)/.exec(sql)![1]!);

export function postgresStatements(): string[] {
  const { count, caseHour, taskHour, dailyAdd, dailySub } = upserts(`pg_backend_pid() % ${SLOTS}`);
  const fn = (name: string, body: string) =>
    `create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`;
  return [
    fn(
      'dashboard_counts',
      `if tg_op <> 'INSERT' then ${count('old', '-')} if ${caseDone('old')} then ${caseHour('old', '-')} end if; end if;
       if tg_op <> 'DELETE' then ${count('new', '+')} if ${caseDone('new')} then ${caseHour('new', '+')} end if; end if;`,
    ),
    fn(
      'dashboard_tasks_done',
      `if tg_op <> 'INSERT' and ${taskDone('old')} then ${taskHour('old', '-')} end if;
       if tg_op <> 'DELETE' and ${taskDone('new')} then ${taskHour('new', '+')} end if;`,
    ),
    fn(
      'case_figures_daily',
      `if tg_op <> 'INSERT' and ${settled('old')} then ${dailySub('old')} end if;
       if tg_op <> 'DELETE' and ${settled('new')} then ${dailyAdd('new')} end if;`,
    ),
    'create trigger dashboard_counts_insert after insert on instances for each row execute function dashboard_counts()',
    `create trigger dashboard_counts_update after update of status, ended_at on instances for each row
     when (old.status is distinct from new.status or old.ended_at is distinct from new.ended_at) execute function dashboard_counts()`,
    'create trigger dashboard_counts_delete after delete on instances for each row execute function dashboard_counts()',
    `create trigger dashboard_tasks_done_insert after insert on task_history for each row when (${taskDone('new')}) execute function dashboard_tasks_done()`,
    `create trigger dashboard_tasks_done_update after update on task_history for each row
     when (${taskDone('old')} or ${taskDone('new')}) execute function dashboard_tasks_done()`,
    `create trigger dashboard_tasks_done_delete after delete on task_history for each row when (${taskDone('old')}) execute function dashboard_tasks_done()`,
    `create trigger case_figures_daily_insert after insert on case_figures for each row when (${settled('new')}) execute function case_figures_daily()`,
    `create trigger case_figures_daily_update after update on case_figures for each row
     when ((${settled('old')}) or (${settled('new')})) execute function case_figures_daily()`,
    `create trigger case_figures_daily_delete after delete on case_figures for each row when (${settled('old')}) execute function case_figures_daily()`,
  ];
}

const POSTGRES_TRIGGERS: Array<[string, string]> = [
  ['dashboard_counts_insert', 'instances'],
  ['dashboard_counts_update', 'instances'],
  ['dashboard_counts_delete', 'instances'],
  ['dashboard_tasks_done_insert', 'task_history'],
  ['dashboard_tasks_done_update', 'task_history'],
  ['dashboard_tasks_done_delete', 'task_history'],
  ['case_figures_daily_insert', 'case_figures'],
  ['case_figures_daily_update', 'case_figures'],
  ['case_figures_daily_delete', 'case_figures'],
];
const POSTGRES_FUNCTIONS = ['dashboard_counts', 'dashboard_tasks_done', 'case_figures_daily'];

/** The unsettled rows of `case_figures`: the same text in the index and in the query that uses it. */
export const UNSETTLED = "(stale > 0 or status = 'active' or open_due_at is not null)";
/** The rows that may be overdue (late for good, or an open task with a due time). */
export const MAYBE_OVERDUE = '(late = 1 or open_due_at is not null)';

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('dashboard_case_counts', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('status', 16).notNullable();
    t.integer('slot').notNullable();
    t.integer('n').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'status', 'slot']);
  });
  await knex.schema.createTable('dashboard_hourly', (t) => {
    t.string('tenant_id', 64).notNullable();
    /** The UTC hour, `YYYY-MM-DDTHH` (the first 13 characters of the ISO times it counts). */
    t.string('hour', 13).notNullable();
    t.integer('slot').notNullable();
    t.integer('cases_completed').notNullable().defaultTo(0);
    t.integer('tasks_completed').notNullable().defaultTo(0);
    t.integer('tasks_on_time').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'hour', 'slot']);
  });
  // SQLite: without rowid, the rows of a tenant's days lie together in the key's order (a period is one
  // range of the table, not a lookup per row).
  await knex.raw(`create table case_figures_daily (
    tenant_id varchar(64) not null,
    day varchar(10) not null,
    category varchar(100) not null,
    channel varchar(40) not null,
    department varchar(64) not null,
    department_name varchar(200) not null,
    refused_by text not null,
    ${VALUE_COLUMNS.map((c) => `${c} integer not null default 0`).join(',\n    ')},
    primary key (${DAILY_KEY.join(', ')})
  )${pg ? '' : ' without rowid'}`);
  await knex.raw(`create index case_figures_unsettled on case_figures (tenant_id, created_at) where ${UNSETTLED}`);
  await knex.raw(
    `create index case_figures_overdue on case_figures (tenant_id, created_at, instance_id) where ${MAYBE_OVERDUE}`,
  );
  // The overview's sample of recently completed cases, from the index alone (SQLite would otherwise
  // read each case's row, `state` and all, for its `created_at`).
  await knex.raw('drop index instances_ended');
  await knex.raw('create index instances_ended on instances (status, ended_at, tenant_id, created_at)');

  await knex.raw(
    `insert into dashboard_case_counts (tenant_id, status, slot, n)
     select tenant_id, status, 0, count(*) from instances group by tenant_id, status`,
  );
  await knex.raw(
    `insert into dashboard_hourly (tenant_id, hour, slot, cases_completed, tasks_completed, tasks_on_time)
     select tenant_id, hour, 0, sum(c), sum(t), sum(o) from (
       select tenant_id, ${hourOf('ended_at')} as hour, 1 as c, 0 as t, 0 as o from instances i where ${caseDone('i')}
       union all
       select tenant_id, ${hourOf('completed_at')}, 0, 1, ${onTime('h')} from task_history h where ${taskDone('h')}
     ) x group by tenant_id, hour`,
  );
  await knex.raw(
    `insert into case_figures_daily (${[...DAILY_KEY, ...VALUE_COLUMNS].join(', ')})
     select ${[...DAILY_KEY, ...VALUE_COLUMNS.map((c) => `sum(${contributionOf(c, 'f')})`)].join(', ')}
     from case_figures f where ${settled('f')} group by ${DAILY_KEY.join(', ')}`,
  );
  for (const sql of pg ? postgresStatements() : sqliteTriggers()) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const [trigger, table] of POSTGRES_TRIGGERS) await knex.raw(`drop trigger ${trigger} on ${table}`);
    for (const fn of POSTGRES_FUNCTIONS) await knex.raw(`drop function ${fn}()`);
  } else for (const trigger of SQLITE_TRIGGER_NAMES) await knex.raw(`drop trigger ${trigger}`);
  await knex.raw('drop index instances_ended');
  await knex.raw('create index instances_ended on instances (status, ended_at)');
  await knex.raw('drop index case_figures_unsettled');
  await knex.raw('drop index case_figures_overdue');
  await knex.schema.dropTable('case_figures_daily');
  await knex.schema.dropTable('dashboard_hourly');
  await knex.schema.dropTable('dashboard_case_counts');
}

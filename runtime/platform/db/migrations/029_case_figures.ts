import type { Knex } from 'knex';

/**
 * `case_figures`: one row per appeal (a root case), what the dashboard's figures (统计表) and the
 * monthly 通报 count for it — the per-case facts `dashboard/figures.ts` derives from the case's
 * variables and tasks, stored as small integers so a period's figures are one `GROUP BY` over
 * `(tenant_id, created_at)` instead of reading and parsing every case of the period.
 *
 * The one fact that changes without a write, "overdue" of an open task, is stored as the earliest
 * due time of the open tasks (`open_due_at`), compared with now by the query; `late` holds what is
 * late for good (a red mark, a task completed after its due time). Refusals (退单) keep the refusing
 * departments (`refused_by`, a JSON array, once per refusal) for the by-department figures.
 * `stale` counts writes to the case since the row was computed (0: current).
 *
 * Kept current by triggers, in the transaction of whatever writes the case, so no writer can forget
 * it: a new appeal gets a placeholder row (stale); a write to a case's instance row (every command:
 * start, task completion, variables, calls, messages, timers) or to a task's deadline facts (the
 * ladder's red mark and supervision, an extension, a new due time — written outside the command
 * path) marks its appeal's row stale: one indexed update, no reads by the writer. The dashboard
 * recomputes the stale rows of the period it shows (`dashboard/rollup.ts`), then groups.
 * Cases called up to two levels deep count for their appeal.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_figures', (t) => {
    t.string('instance_id', 36).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('created_at', 30).notNullable();
    /** The Beijing day of `created_at`, `YYYY-MM-DD`. */
    t.string('day', 10).notNullable();
    t.string('business_key', 200).nullable();
    t.string('status', 16).notNullable();
    t.string('category', 100).notNullable().defaultTo('');
    t.string('channel', 40).notNullable().defaultTo('');
    t.string('department', 64).notNullable().defaultTo('');
    t.string('department_name', 200).notNullable().defaultTo('');
    for (const c of [
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
    ])
      t.smallint(c).notNullable().defaultTo(0);
    t.string('open_due_at', 30).nullable();
    t.text('refused_by').notNullable().defaultTo('[]');
    t.integer('stale').notNullable().defaultTo(0);
    t.index(['tenant_id', 'created_at'], 'case_figures_tenant_created');
  });
  await knex.raw('create index case_figures_stale on case_figures (tenant_id, created_at) where stale > 0');
  for (const sql of knex.client.config.client === 'pg' ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await knex.raw(sql);
}

/** The appeal a case belongs to: itself, its caller, or its caller's caller. */
const appealOf = (id: string) =>
  `instance_id in (${id}, (select parent_id from instances where id = ${id}), ` +
  `(select p.parent_id from instances p where p.id = (select parent_id from instances where id = ${id})))`;
/** A new appeal's row until it is computed: received, in progress (or closed), on its Beijing day. */
const placeholder = (day: string) =>
  'insert into case_figures (instance_id, tenant_id, created_at, day, business_key, status, in_progress, closed, stale) ' +
  `values (new.id, new.tenant_id, new.created_at, ${day}, new.business_key, new.status, ` +
  "case when new.status = 'active' then 1 else 0 end, case when new.status = 'completed' then 1 else 0 end, 1)";
const SQLITE_DAY = "date(new.created_at, '+8 hours')";
const POSTGRES_DAY = "to_char(new.created_at::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM-DD')";
const DEADLINE_COLUMNS = 'red_at, supervised_at, extension_count, due_at';

export const SQLITE_TRIGGERS = [
  `create trigger case_figures_start after insert on instances when new.parent_id is null begin ${placeholder(SQLITE_DAY)}; end`,
  `create trigger case_figures_case after update on instances begin update case_figures set stale = stale + 1 where ${appealOf('new.id')}; end`,
  `create trigger case_figures_deadline after update of ${DEADLINE_COLUMNS} on tasks begin update case_figures set stale = stale + 1 where ${appealOf('new.instance_id')}; end`,
];

export const POSTGRES_TRIGGERS = [
  `create function case_figures_start() returns trigger language plpgsql as $$ begin ${placeholder(POSTGRES_DAY)}; return null; end $$`,
  `create function case_figures_case() returns trigger language plpgsql as $$ begin update case_figures set stale = stale + 1 where ${appealOf('new.id')}; return null; end $$`,
  `create function case_figures_deadline() returns trigger language plpgsql as $$ begin update case_figures set stale = stale + 1 where ${appealOf('new.instance_id')}; return null; end $$`,
  'create trigger case_figures_start after insert on instances for each row when (new.parent_id is null) execute function case_figures_start()',
  'create trigger case_figures_case after update on instances for each row execute function case_figures_case()',
  `create trigger case_figures_deadline after update of ${DEADLINE_COLUMNS} on tasks for each row execute function case_figures_deadline()`,
];

export async function down(knex: Knex): Promise<void> {
  for (const [trigger, table] of [
    ['case_figures_start', 'instances'],
    ['case_figures_case', 'instances'],
    ['case_figures_deadline', 'tasks'],
  ]) {
    if (knex.client.config.client === 'pg') {
      await knex.raw(`drop trigger ${trigger} on ${table}`);
      await knex.raw(`drop function ${trigger}()`);
    } else await knex.raw(`drop trigger ${trigger}`);
  }
  await knex.schema.dropTable('case_figures');
}

import type { Knex } from 'knex';
import { postgresStatements, sqliteTriggers } from './031_dashboard_counters.js';

/**
 * The overview's case counters (031) count appeals, not instances: a case called from another (A镇's
 * labour dispute going on to the city, as `city-appeal` under the township's case) is part of its
 * appeal, as the figures and the case search count it. 031's triggers on `instances` counted it as a
 * second active — then completed — case: the units' 在办案件 added up to more than the cases behind
 * them, and 近30天办结 to more than the cases it opens. Now the triggers skip a row with a parent
 * (`parent_id` never changes), and `dashboard_case_counts` and `dashboard_hourly.cases_completed`
 * are counted again from the appeals. The tasks' hourly counts are unchanged.
 */
const INSTANCE_TRIGGERS = [
  'dashboard_counts_insert',
  'dashboard_counts_update',
  'dashboard_counts_delete',
  'dashboard_cases_done_insert',
  'dashboard_cases_done_update_old',
  'dashboard_cases_done_update_new',
  'dashboard_cases_done_delete',
];
const POSTGRES_INSTANCE_TRIGGERS = INSTANCE_TRIGGERS.slice(0, 3);

const definitionOf = (statements: string[], trigger: string) => {
  const sql = statements.find((s) => new RegExp(`^\\s*create trigger ${trigger}\\b`).test(s));
  if (!sql) throw new Error(`trigger ${trigger} not found`);
  return sql;
};

/** 031's definition of an instance trigger, firing for appeals only (`appealsOnly`) or for every instance. */
function sqliteTrigger(trigger: string, appealsOnly: boolean): string {
  const sql = definitionOf(sqliteTriggers(), trigger);
  if (!appealsOnly) return sql;
  const row = trigger.endsWith('_delete') ? 'old' : 'new';
  const [head, ...body] = sql.split(' begin ');
  return `${head} ${/ when /.test(head!) ? 'and' : 'when'} ${row}.parent_id is null begin ${body.join(' begin ')}`;
}

function postgresTrigger(trigger: string, appealsOnly: boolean): string {
  const sql = definitionOf(postgresStatements(), trigger);
  if (!appealsOnly) return sql;
  const row = trigger.endsWith('_delete') ? 'old' : 'new';
  if (/ when \(/.test(sql))
    return sql.replace(' when (', ` when (${row}.parent_id is null and (`).replace(' execute ', ') execute ');
  return sql.replace(' for each row ', ` for each row when (${row}.parent_id is null) `);
}

async function recount(knex: Knex, appealsOnly: boolean): Promise<void> {
  const which = appealsOnly ? 'where parent_id is null' : '';
  await knex.raw('delete from dashboard_case_counts');
  await knex.raw(
    `insert into dashboard_case_counts (tenant_id, status, slot, n)
     select tenant_id, status, 0, count(*) from instances ${which} group by tenant_id, status`,
  );
  await knex.raw('update dashboard_hourly set cases_completed = 0 where cases_completed <> 0');
  await knex.raw(
    `insert into dashboard_hourly (tenant_id, hour, slot, cases_completed, tasks_completed, tasks_on_time)
     select tenant_id, substr(ended_at, 1, 13), 0, count(*), 0, 0 from instances
     where status = 'completed' and ended_at is not null ${appealsOnly ? 'and parent_id is null' : ''}
     group by tenant_id, substr(ended_at, 1, 13)
     on conflict (tenant_id, hour, slot) do update set cases_completed = dashboard_hourly.cases_completed + excluded.cases_completed`,
  );
}

async function retrigger(knex: Knex, appealsOnly: boolean): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const t of POSTGRES_INSTANCE_TRIGGERS) {
      await knex.raw(`drop trigger if exists ${t} on instances`);
      await knex.raw(postgresTrigger(t, appealsOnly));
    }
  } else
    for (const t of INSTANCE_TRIGGERS) {
      await knex.raw(`drop trigger if exists ${t}`);
      await knex.raw(sqliteTrigger(t, appealsOnly));
    }
  await recount(knex, appealsOnly);
}

export async function up(knex: Knex): Promise<void> {
  await retrigger(knex, true);
}

export async function down(knex: Knex): Promise<void> {
  await retrigger(knex, false);
}

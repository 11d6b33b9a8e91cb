import type { Knex } from 'knex';
import {
  ccReader,
  type Dialect,
  dropFormer,
  PG_UP as PG_023,
  SQLITE_UP as SQLITE_023,
  taskReaders,
} from './023_case_file_rest.js';
import { PG_UP as PG_030, SQLITE_UP as SQLITE_030 } from './030_case_readers_filters.js';
import { POSTGRES_TRIGGERS as PG_029, SQLITE_TRIGGERS as SQLITE_029 } from './029_case_figures.js';

/**
 * The triggers every command fires, doing less for the same rows (a loop of the appeal ran 28
 * trigger statements on SQLite, now 15; see runtime/bench/README.md, "Triggers of the read models"):
 *
 * - `case_readers` rows are written whole: the triggers of 023 inserted a reader with its instance
 *   only, and the trigger of 028/030 on `case_readers` then updated the new row with the case's
 *   `created_at`, `tenant_id` and `category` — a second write of the row and of both indexes holding
 *   them. Now the insert carries them (the same values: the instance's creation time and tenant, the
 *   search row's category, '' for none, null without a search row) and that trigger goes, on both
 *   databases: on SQLite a trigger on the target table also made every INSERT … SELECT into it copy
 *   its rows into a temporary table first. Whatever inserts reader rows writes them whole (the
 *   benchmarks' seeding copies whole rows).
 * - a reader the case already has is not looked up again: the history row's actor and whoever
 *   completed a task are checked first (SQLite: in the trigger's WHEN), and a closed task's other
 *   readers are those of the open task it was archived from in the same command (`endTask`: archive,
 *   then delete), which the case has.
 * - a task that ends that way keeps all its readers (its archived row reads the case as it did):
 *   the delete's drop runs only when no archived row with the same readers is there (a task deleted
 *   any other way — a cancelled call — is still checked reader by reader).
 * - a task update that does not change its assignee or candidates does not touch the readers.
 * - an appeal's figures row is marked stale by its own id (every update looked its parent and
 *   grandparent up, in a list SQLite built a temporary index for, to find none); a called case's
 *   caller and caller's caller one statement each.
 *
 * Only triggers change: the rows of both read models are the ones 023–031 wrote.
 */

/**
 * A task row's readers (`row`: new or old) as 023's `taskReaders`, but as UNION ALL: a reader
 * listed twice is skipped by the insert itself, and SQLite then needs no temporary table to remove
 * duplicates each time the trigger fires.
 */
const taskReadersAll = (d: Dialect, row: string, closed: boolean) =>
  taskReaders(d, row, closed).replaceAll('union select', 'union all select');

/**
 * Reader rows whole, from `readers` (a query of `reader, instance_id`): the case's creation time
 * and tenant from `instances`, its category from `case_search` (null without a search row).
 * PostgreSQL skips the readers the case has first (each row would fire 028's BEFORE trigger);
 * SQLite lets the insert skip them (a condition on `case_readers` itself would make it copy the
 * rows into a temporary table first).
 */
const insertWhole = (d: Dialect, readers: string) =>
  `insert ${d === 'sqlite' ? 'or ignore ' : ''}into case_readers (reader, instance_id, created_at, tenant_id, category)
    select r.reader, r.instance_id,
      (select i.created_at from instances i where i.id = r.instance_id),
      (select i.tenant_id from instances i where i.id = r.instance_id),
      (select coalesce(cs.category, '') from case_search cs where cs.instance_id = r.instance_id)
    from (${readers}) r${
      d === 'pg'
        ? `
    where not exists (select 1 from case_readers c where c.instance_id = r.instance_id and c.reader = r.reader)
    on conflict do nothing`
        : ''
    }`;

const one = (reader: string, instance: string) => `select ${reader} as reader, ${instance} as instance_id`;
/**
 * SQLite: one reader row whole, as VALUES (an INSERT … SELECT in a trigger whose WHEN read
 * `case_readers` would go through a temporary table).
 */
const insertOne = (reader: string) =>
  `insert or ignore into case_readers (reader, instance_id, created_at, tenant_id, category) values (${reader}, new.instance_id,
      (select i.created_at from instances i where i.id = new.instance_id),
      (select i.tenant_id from instances i where i.id = new.instance_id),
      (select coalesce(cs.category, '') from case_search cs where cs.instance_id = new.instance_id))`;

/** The task moved to `task_history` with the same readers (so none of them is to be dropped). */
const archived = (d: Dialect) => {
  const same = d === 'sqlite' ? 'is' : 'is not distinct from';
  return `exists (select 1 from task_history h where h.id = old.id and h.instance_id = old.instance_id
    and h.assignee ${same} old.assignee and h.candidate_users = old.candidate_users and h.candidate_groups = old.candidate_groups)`;
};
const readersChanged = (d: Dialect) => {
  const differs = d === 'sqlite' ? 'is not' : 'is distinct from';
  return `old.assignee ${differs} new.assignee or old.candidate_users ${differs} new.candidate_users or old.candidate_groups ${differs} new.candidate_groups`;
};

/** The open task `new` (a row of task_history) was archived from is still there with the same readers. */
const stillOpen = `exists (select 1 from tasks t where t.id = new.id and t.instance_id = new.instance_id
    and t.assignee is new.assignee and t.candidate_users = new.candidate_users and t.candidate_groups = new.candidate_groups)`;
/** The case has reader `reader` already. */
const hasReader = (reader: string) =>
  `exists (select 1 from case_readers c where c.instance_id = new.instance_id and c.reader = ${reader})`;

const STALE = 'update case_figures set stale = stale + 1 where instance_id =';

const SQLITE_TRIGGERS = [
  'case_readers_task_insert',
  'case_readers_task_update',
  'case_readers_task_update_drop',
  'case_readers_task_delete',
  'case_readers_task_history',
  'case_readers_history',
  'case_readers_cc',
  'case_figures_case',
];

/**
 * SQLite. A closed task's readers are those of the open task it was archived from (in the same
 * command, just before that row is deleted: `endTask`), which the case has: only who completed it
 * is new. The figures of a called case: its own row (none), its caller's and its caller's caller's,
 * one statement each (a list of three built a temporary index each time).
 */
export const SQLITE_UP = [
  ...SQLITE_TRIGGERS.map((t) => `drop trigger if exists ${t}`),
  'drop trigger if exists case_figures_called',
  'drop trigger if exists case_readers_task_completed',
  'drop trigger if exists case_readers_created',
  `create trigger case_readers_task_insert after insert on tasks begin
    ${insertWhole('sqlite', taskReadersAll('sqlite', 'new', false))}; end`,
  `create trigger case_readers_task_update after update of assignee, candidate_users, candidate_groups on tasks
    when ${readersChanged('sqlite')} begin
    ${insertWhole('sqlite', taskReadersAll('sqlite', 'new', false))}; end`,
  `create trigger case_readers_task_update_drop after update of assignee, candidate_users, candidate_groups on tasks
    when ${readersChanged('sqlite')} begin
    ${dropFormer('sqlite')}; end`,
  `create trigger case_readers_task_delete after delete on tasks when not ${archived('sqlite')} begin
    ${dropFormer('sqlite')}; end`,
  `create trigger case_readers_task_history after insert on task_history when not ${stillOpen} begin
    ${insertWhole('sqlite', taskReadersAll('sqlite', 'new', false))}; end`,
  `create trigger case_readers_task_completed after insert on task_history
    when new.completed_by is not null and not ${hasReader("'u:' || new.completed_by")} begin
    ${insertOne("'u:' || new.completed_by")}; end`,
  `create trigger case_readers_history after insert on history
    when new.actor is not null and not ${hasReader("'u:' || new.actor")} begin
    ${insertOne("'u:' || new.actor")}; end`,
  `create trigger case_readers_cc after insert on case_cc begin
    ${insertOne(ccReader('new'))}; end`,
  `create trigger case_figures_case after update on instances when new.parent_id is null begin ${STALE} new.id; end`,
  `create trigger case_figures_called after update on instances when new.parent_id is not null begin
    ${STALE} new.id; ${STALE} new.parent_id;
    ${STALE} (select parent_id from instances where id = new.parent_id); end`,
];

const pgFunction = (name: string, body: string) =>
  `create or replace function ${name}() returns trigger language plpgsql as $$ begin
    ${body}
    return null; end $$`;

export const PG_UP = [
  pgFunction('civic_case_readers_task', `${insertWhole('pg', taskReadersAll('pg', 'new', false))};`),
  pgFunction('civic_case_readers_closed', `${insertWhole('pg', taskReadersAll('pg', 'new', true))};`),
  pgFunction(
    'civic_case_readers_drop',
    `if tg_op = 'DELETE' and ${archived('pg')} then return null; end if;
    ${dropFormer('pg')};`,
  ),
  pgFunction('civic_case_readers_history', `${insertWhole('pg', one("'u:' || new.actor", 'new.instance_id'))};`),
  pgFunction('civic_case_readers_cc', `${insertWhole('pg', one(ccReader('new'), 'new.instance_id'))};`),
  pgFunction(
    'case_figures_case',
    `${STALE} new.id;
    if new.parent_id is not null then
      ${STALE} new.parent_id;
      ${STALE} (select parent_id from instances where id = new.parent_id);
    end if;`,
  ),
  'drop trigger if exists case_readers_created on case_readers',
  'drop function if exists civic_case_readers_created()',
  'drop trigger if exists case_readers_task_update on tasks',
  'drop trigger if exists case_readers_task_update_drop on tasks',
  `create trigger case_readers_task_update after update of assignee, candidate_users, candidate_groups on tasks
    for each row when (${readersChanged('pg')}) execute function civic_case_readers_task()`,
  `create trigger case_readers_task_update_drop after update of assignee, candidate_users, candidate_groups on tasks
    for each row when (${readersChanged('pg')}) execute function civic_case_readers_drop()`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of knex.client.config.client === 'pg' ? PG_UP : SQLITE_UP) await knex.raw(sql);
}

/** A trigger of migration 023 or 029 as it was created there. */
const createdThere = (statements: string[], name: string) => {
  const sql = statements.find((s) => new RegExp(`^\\s*create (or replace )?(trigger|function) ${name}\\b`).test(s));
  if (!sql) throw new Error(`no ${name} in its migration`);
  return sql.replace(/^\s*create function/, 'create or replace function');
};

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    const functions = [
      'civic_case_readers_task',
      'civic_case_readers_closed',
      'civic_case_readers_drop',
      'civic_case_readers_history',
      'civic_case_readers_cc',
    ];
    for (const f of functions) await knex.raw(createdThere(PG_023, f));
    await knex.raw(createdThere(PG_029, 'case_figures_case'));
    for (const t of ['case_readers_task_update', 'case_readers_task_update_drop']) {
      await knex.raw(`drop trigger ${t} on tasks`);
      await knex.raw(createdThere(PG_023, t));
    }
    await knex.raw(createdThere(PG_030, 'civic_case_readers_created'));
    await knex.raw(PG_028_CREATED);
    return;
  }
  for (const t of [...SQLITE_TRIGGERS, 'case_figures_called', 'case_readers_task_completed'])
    await knex.raw(`drop trigger if exists ${t}`);
  for (const t of SQLITE_TRIGGERS)
    await knex.raw(t === 'case_figures_case' ? createdThere(SQLITE_029, t) : createdThere(SQLITE_023, t));
  await knex.raw(createdThere(SQLITE_030, 'case_readers_created'));
}

/** Migration 028's trigger (its function as 030 left it). */
const PG_028_CREATED =
  'create trigger case_readers_created before insert on case_readers for each row execute function civic_case_readers_created()';

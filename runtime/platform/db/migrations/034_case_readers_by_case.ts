import type { Knex } from 'knex';
import { SQLITE_UP as SQLITE_030 } from './030_case_readers_filters.js';
import { SQLITE_UP as SQLITE_033 } from './033_lean_command_triggers.js';

/**
 * `case_readers` keyed by case: primary key `(instance_id, reader)` instead of `(reader,
 * instance_id)`, and on SQLite without rowid. A command's new readers are all of one case, so they
 * go to one place of the table (instead of each reader's own range of a separate key index, then
 * the rowid table, then `case_readers_instance`); the search reads by reader through
 * `case_readers_newest` and `case_readers_category` as before, and "does this reader read that
 * case" is the key itself. `case_readers_instance` (the case's rows) is the key's prefix now and
 * goes. Each reader row is stored three times instead of five on SQLite (four instead of five
 * PostgreSQL: heap, key and both indexes).
 *
 * SQLite rebuilds the table (copy, drop, rename): the triggers that write it (023/030/033) are
 * dropped first and created again as they were, since a rename checks every trigger's tables.
 * The rows are the same rows.
 */

/** Every SQLite trigger whose body or table is `case_readers`. */
const SQLITE_READER_TRIGGERS = [
  'case_readers_task_insert',
  'case_readers_task_update',
  'case_readers_task_update_drop',
  'case_readers_task_delete',
  'case_readers_task_history',
  'case_readers_task_completed',
  'case_readers_history',
  'case_readers_cc',
  'case_readers_search_insert',
  'case_readers_search_category',
];
/** Their definitions as migrations 030 and 033 left them. */
const SQLITE_TRIGGER_SQL = [...SQLITE_030, ...SQLITE_033].filter((s) =>
  SQLITE_READER_TRIGGERS.some((t) => new RegExp(`^\\s*create trigger ${t}\\b`).test(s)),
);

const COLUMNS = 'reader, instance_id, created_at, tenant_id, category';

async function sqliteRebuild(knex: Knex, key: string, withoutRowid: boolean): Promise<void> {
  for (const t of SQLITE_READER_TRIGGERS) await knex.raw(`drop trigger if exists ${t}`);
  await knex.raw('drop table if exists case_readers_rebuilt');
  await knex.raw(`create table case_readers_rebuilt (
    reader varchar(80) not null,
    instance_id varchar(40) not null,
    created_at varchar(32) null,
    tenant_id varchar(64) null,
    category varchar(100) null,
    primary key (${key})
  )${withoutRowid ? ' without rowid' : ''}`);
  await knex.raw(`insert into case_readers_rebuilt (${COLUMNS}) select ${COLUMNS} from case_readers`);
  await knex.raw('drop table case_readers');
  await knex.raw('alter table case_readers_rebuilt rename to case_readers');
  await knex.raw('create index case_readers_newest on case_readers (reader, created_at, instance_id)');
  await knex.raw('create index case_readers_category on case_readers (reader, category, created_at, instance_id)');
  if (!withoutRowid) await knex.raw('create index case_readers_instance on case_readers (instance_id)');
  if (SQLITE_TRIGGER_SQL.length !== SQLITE_READER_TRIGGERS.length) throw new Error('case_readers triggers not found');
  for (const sql of SQLITE_TRIGGER_SQL) await knex.raw(sql);
}

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('alter table case_readers drop constraint case_readers_pkey');
    await knex.raw('alter table case_readers add constraint case_readers_pkey primary key (instance_id, reader)');
    await knex.raw('drop index if exists case_readers_instance');
    return;
  }
  await sqliteRebuild(knex, 'instance_id, reader', true);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('alter table case_readers drop constraint case_readers_pkey');
    await knex.raw('alter table case_readers add constraint case_readers_pkey primary key (reader, instance_id)');
    await knex.raw('create index case_readers_instance on case_readers (instance_id)');
    return;
  }
  await sqliteRebuild(knex, 'reader, instance_id', false);
}

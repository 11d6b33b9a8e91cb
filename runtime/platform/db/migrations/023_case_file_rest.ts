import type { Knex } from 'knex';

/**
 * The case file's remaining parts (issue 12):
 *
 * - `attachment_policies`: a unit's attachment policy (附件规则) — the kinds its staff and its public
 *   intake may attach, and its size and count limits — as the keys it sets itself (JSON); the rest
 *   is inherited down the tenant tree like `deadline_policies`.
 * - `intake_uploads`: photos a citizen uploaded on the public intake page before submitting the
 *   appeal. The page holds the upload's token (only its sha256 is kept here); the submission that
 *   names it claims it once (`used_at`) and the file becomes an attachment of the new case.
 * - `case_readers`: everyone a case was ever offered to, assigned to, completed by, written by or
 *   copied to (`u:<username>` / `g:<group>`), kept by triggers on `tasks`, `task_history`, `history`
 *   and `case_cc` (no command writes it), filled here for the cases before it. Case search narrows
 *   a member of staff's query to these cases first — an index range instead of checking every case
 *   of the city — and then applies the exact visibility rule (`whereCaseReadable`) to them: the
 *   table only ever grows, so it is a superset of what they may read, never the rule itself.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachment_policies', (t) => {
    t.string('tenant_id', 64).primary().references('id').inTable('tenants');
    t.text('policy').notNullable();
    t.string('updated_by', 64).notNullable();
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('intake_uploads', (t) => {
    t.string('token_hash', 64).primary();
    t.string('id', 40).notNullable().unique();
    t.string('tenant_id', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('media_type', 100).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('storage_key', 200).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('used_at', 32).nullable();
    t.string('instance_id', 40).nullable();
    t.index(['tenant_id', 'created_at'], 'intake_uploads_tenant');
  });
  await knex.schema.createTable('case_readers', (t) => {
    t.string('reader', 80).notNullable();
    t.string('instance_id', 40).notNullable();
    t.primary(['reader', 'instance_id']);
  });
  const pg = knex.client.config.client === 'pg';
  for (const statement of pg ? PG_UP : SQLITE_UP) await knex.raw(statement);
  // Newest first with a tie-break in the same direction: one backward index scan answers a page and stops.
  await knex.schema.alterTable('case_search', (t) => {
    t.dropIndex(['created_at'], 'case_search_created');
    t.index(['created_at', 'instance_id'], 'case_search_created_id');
  });
}

const TRIGGER_TABLES: Record<string, string> = {
  case_readers_task_insert: 'tasks',
  case_readers_task_update: 'tasks',
  case_readers_task_update_drop: 'tasks',
  case_readers_task_delete: 'tasks',
  case_readers_task_history: 'task_history',
  case_readers_history: 'history',
  case_readers_cc: 'case_cc',
};

export type Dialect = 'sqlite' | 'pg';
/** The elements of a JSON array column as rows of one column `value`. */
export const each = (d: Dialect, column: string) =>
  d === 'sqlite' ? `json_each(${column})` : `jsonb_array_elements_text(${column}::jsonb) as j(value)`;

/**
 * A task row's readers (`row`: new, old, or a table alias): its assignee, candidate users and groups;
 * a closed task's also who completed it. Exactly the facts `whereCaseReadable` reads.
 */
export const taskReaders = (d: Dialect, row: string, closed: boolean) => `
    select 'u:' || ${row}.assignee as reader, ${row}.instance_id as instance_id where ${row}.assignee is not null
    ${closed ? `union select 'u:' || ${row}.completed_by, ${row}.instance_id where ${row}.completed_by is not null` : ''}
    union select 'u:' || value, ${row}.instance_id from ${each(d, `${row}.candidate_users`)}
    union select 'g:' || value, ${row}.instance_id from ${each(d, `${row}.candidate_groups`)}`;
export const ccReader = (row: string) =>
  `(case when ${row}.recipient_kind = 'group' then 'g:' else 'u:' end) || ${row}.recipient`;

/** Whether reader `r` may still read case `i` by the tables as they are now (the rule of `whereCaseReadable`). */
const stillReads = (d: Dialect, r: string, i: string) => `(
    exists (select 1 from tasks t where t.instance_id = ${i} and ('u:' || t.assignee = ${r}
      or exists (select 1 from ${each(d, 't.candidate_users')} where 'u:' || value = ${r})
      or exists (select 1 from ${each(d, 't.candidate_groups')} where 'g:' || value = ${r})))
    or exists (select 1 from task_history t where t.instance_id = ${i} and ('u:' || t.assignee = ${r} or 'u:' || t.completed_by = ${r}
      or exists (select 1 from ${each(d, 't.candidate_users')} where 'u:' || value = ${r})
      or exists (select 1 from ${each(d, 't.candidate_groups')} where 'g:' || value = ${r})))
    or exists (select 1 from history h where h.instance_id = ${i} and 'u:' || h.actor = ${r})
    or exists (select 1 from case_cc c where c.instance_id = ${i} and ${ccReader('c')} = ${r}))`;

/** An open task changed or went: its former readers who no longer read the case by anything else are dropped. */
export const dropFormer = (d: Dialect) => `delete from case_readers where instance_id = old.instance_id
    and reader in (select reader from (${taskReaders(d, 'old', false)}) f)
    and not ${stillReads(d, 'case_readers.reader', 'old.instance_id')}`;

const BACKFILL = (d: Dialect) => `
    select t.reader, t.instance_id from tasks o, lateral (${taskReaders(d, 'o', false)}) t
    union select t.reader, t.instance_id from task_history o, lateral (${taskReaders(d, 'o', true)}) t
    union select 'u:' || h.actor, h.instance_id from history h where h.actor is not null
    union select ${ccReader('c')}, c.instance_id from case_cc c`;

export const SQLITE_UP = [
  `create trigger case_readers_task_insert after insert on tasks begin
    insert or ignore into case_readers (reader, instance_id) ${taskReaders('sqlite', 'new', false)}; end`,
  `create trigger case_readers_task_update after update of assignee, candidate_users, candidate_groups on tasks begin
    insert or ignore into case_readers (reader, instance_id) ${taskReaders('sqlite', 'new', false)}; end`,
  `create trigger case_readers_task_update_drop after update of assignee, candidate_users, candidate_groups on tasks begin
    ${dropFormer('sqlite')}; end`,
  `create trigger case_readers_task_delete after delete on tasks begin ${dropFormer('sqlite')}; end`,
  `create trigger case_readers_task_history after insert on task_history begin
    insert or ignore into case_readers (reader, instance_id) ${taskReaders('sqlite', 'new', true)}; end`,
  `create trigger case_readers_history after insert on history when new.actor is not null begin
    insert or ignore into case_readers (reader, instance_id) values ('u:' || new.actor, new.instance_id); end`,
  `create trigger case_readers_cc after insert on case_cc begin
    insert or ignore into case_readers (reader, instance_id) values (${ccReader('new')}, new.instance_id); end`,
  // SQLite has no LATERAL: the closed and open tasks' readers spelled out.
  `insert or ignore into case_readers (reader, instance_id)
    select 'u:' || t.assignee, t.instance_id from tasks t where t.assignee is not null
    union select 'u:' || j.value, t.instance_id from tasks t, json_each(t.candidate_users) j
    union select 'g:' || j.value, t.instance_id from tasks t, json_each(t.candidate_groups) j
    union select 'u:' || t.assignee, t.instance_id from task_history t where t.assignee is not null
    union select 'u:' || t.completed_by, t.instance_id from task_history t where t.completed_by is not null
    union select 'u:' || j.value, t.instance_id from task_history t, json_each(t.candidate_users) j
    union select 'g:' || j.value, t.instance_id from task_history t, json_each(t.candidate_groups) j
    union select 'u:' || h.actor, h.instance_id from history h where h.actor is not null
    union select ${ccReader('c')}, c.instance_id from case_cc c`,
];

export const PG_UP = [
  `create function civic_case_readers_task() returns trigger language plpgsql as $$ begin
    insert into case_readers (reader, instance_id) ${taskReaders('pg', 'new', false)} on conflict do nothing;
    return null; end $$`,
  `create function civic_case_readers_closed() returns trigger language plpgsql as $$ begin
    insert into case_readers (reader, instance_id) ${taskReaders('pg', 'new', true)} on conflict do nothing;
    return null; end $$`,
  `create function civic_case_readers_drop() returns trigger language plpgsql as $$ begin
    ${dropFormer('pg')};
    return null; end $$`,
  `create function civic_case_readers_history() returns trigger language plpgsql as $$ begin
    insert into case_readers (reader, instance_id) values ('u:' || new.actor, new.instance_id) on conflict do nothing;
    return null; end $$`,
  `create function civic_case_readers_cc() returns trigger language plpgsql as $$ begin
    insert into case_readers (reader, instance_id) values (${ccReader('new')}, new.instance_id) on conflict do nothing;
    return null; end $$`,
  'create trigger case_readers_task_insert after insert on tasks for each row execute function civic_case_readers_task()',
  `create trigger case_readers_task_update after update of assignee, candidate_users, candidate_groups on tasks
    for each row execute function civic_case_readers_task()`,
  `create trigger case_readers_task_update_drop after update of assignee, candidate_users, candidate_groups on tasks
    for each row execute function civic_case_readers_drop()`,
  'create trigger case_readers_task_delete after delete on tasks for each row execute function civic_case_readers_drop()',
  'create trigger case_readers_task_history after insert on task_history for each row execute function civic_case_readers_closed()',
  `create trigger case_readers_history after insert on history for each row when (new.actor is not null)
    execute function civic_case_readers_history()`,
  'create trigger case_readers_cc after insert on case_cc for each row execute function civic_case_readers_cc()',
  `insert into case_readers (reader, instance_id) ${BACKFILL('pg')} on conflict do nothing`,
];

const PG_FUNCTIONS = [
  'civic_case_readers_task',
  'civic_case_readers_closed',
  'civic_case_readers_drop',
  'civic_case_readers_history',
  'civic_case_readers_cc',
];

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_search', (t) => {
    t.dropIndex(['created_at', 'instance_id'], 'case_search_created_id');
    t.index(['created_at'], 'case_search_created');
  });
  const pg = knex.client.config.client === 'pg';
  for (const [name, table] of Object.entries(TRIGGER_TABLES))
    await knex.raw(pg ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`);
  if (pg) for (const f of PG_FUNCTIONS) await knex.raw(`drop function ${f}()`);
  await knex.schema.dropTable('case_readers');
  await knex.schema.dropTable('intake_uploads');
  await knex.schema.dropTable('attachment_policies');
}

import type { Knex } from 'knex';

/**
 * Case search for a busy department, the count (issue 12, §3): `case_readers` carries each case's
 * `tenant_id` (the instance's, which never changes) and `category` (its `case_search` row's), indexed
 * (reader, category, created_at, instance_id). A member of staff's query by category — or with no
 * text at all — is then counted and paged from their own reader rows alone, one index range per
 * reader, instead of checking each of their department's cases on its search row (10,000 rows
 * read to answer "none" for a category the department never handled).
 *
 * `category` is its search row's category, '' when that has none, and null while the case has no
 * search row at all (a called case before its first indexed command): so `category is not null`
 * says "has a search row", and a count on reader rows alone lists exactly the cases a page can show.
 *
 * Kept exact by triggers, in the writer's transaction: a reader row takes both columns as it is
 * written (the trigger of migration 028 that fills `created_at` now fills all three: tenant from
 * `instances`, category from `case_search`); a search row's category, when it is written or changes
 * (`case_search` is written in the command's batch, after the case's readers), is copied to the
 * case's reader rows (index `case_readers_instance`). No command writes either column.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('case_readers', (t) => {
    t.string('tenant_id', 64).nullable();
    t.string('category', 100).nullable();
  });
  await knex.raw(`update case_readers set
    tenant_id = (select i.tenant_id from instances i where i.id = case_readers.instance_id),
    category = (select coalesce(cs.category, '') from case_search cs where cs.instance_id = case_readers.instance_id)`);
  await knex.schema.alterTable('case_readers', (t) => {
    t.index(['reader', 'category', 'created_at', 'instance_id'], 'case_readers_category');
    t.index(['instance_id'], 'case_readers_instance');
  });
  for (const sql of pg ? PG_UP : SQLITE_UP) await knex.raw(sql);
}

const COPY_CATEGORY =
  "update case_readers set category = coalesce(new.category, '') where instance_id = new.instance_id";

export const SQLITE_UP = [
  'drop trigger case_readers_created',
  `create trigger case_readers_created after insert on case_readers
    when new.created_at is null or new.tenant_id is null begin
    update case_readers set
      created_at = coalesce(new.created_at, (select i.created_at from instances i where i.id = new.instance_id)),
      tenant_id = coalesce(new.tenant_id, (select i.tenant_id from instances i where i.id = new.instance_id)),
      category = coalesce(new.category, (select coalesce(cs.category, '') from case_search cs where cs.instance_id = new.instance_id))
      where reader = new.reader and instance_id = new.instance_id; end`,
  `create trigger case_readers_search_insert after insert on case_search begin ${COPY_CATEGORY}; end`,
  `create trigger case_readers_search_category after update of category on case_search
    when coalesce(new.category, '') <> coalesce(old.category, '') begin ${COPY_CATEGORY}; end`,
];

export const PG_UP = [
  `create or replace function civic_case_readers_created() returns trigger language plpgsql as $$ begin
    if new.created_at is null or new.tenant_id is null then
      select coalesce(new.created_at, i.created_at), coalesce(new.tenant_id, i.tenant_id)
        into new.created_at, new.tenant_id from instances i where i.id = new.instance_id;
    end if;
    if new.category is null then
      new.category := (select coalesce(cs.category, '') from case_search cs where cs.instance_id = new.instance_id);
    end if;
    return new; end $$`,
  `create function civic_case_readers_category() returns trigger language plpgsql as $$ begin
    ${COPY_CATEGORY};
    return null; end $$`,
  `create trigger case_readers_search_insert after insert on case_search for each row
    execute function civic_case_readers_category()`,
  `create trigger case_readers_search_category after update of category on case_search for each row
    when (coalesce(new.category, '') <> coalesce(old.category, '')) execute function civic_case_readers_category()`,
];

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  if (pg) {
    await knex.raw('drop trigger case_readers_search_insert on case_search');
    await knex.raw('drop trigger case_readers_search_category on case_search');
    await knex.raw('drop function civic_case_readers_category()');
    // 028's function, as 028 wrote it.
    await knex.raw(`create or replace function civic_case_readers_created() returns trigger language plpgsql as $$ begin
      if new.created_at is null then
        new.created_at := (select i.created_at from instances i where i.id = new.instance_id);
      end if;
      return new; end $$`);
  } else {
    await knex.raw('drop trigger case_readers_search_insert');
    await knex.raw('drop trigger case_readers_search_category');
    await knex.raw('drop trigger case_readers_created');
    await knex.raw(`create trigger case_readers_created after insert on case_readers when new.created_at is null begin
      update case_readers set created_at = (select i.created_at from instances i where i.id = new.instance_id)
        where reader = new.reader and instance_id = new.instance_id; end`);
  }
  await knex.schema.alterTable('case_readers', (t) => {
    t.dropIndex(['instance_id'], 'case_readers_instance');
    t.dropIndex(['reader', 'category', 'created_at', 'instance_id'], 'case_readers_category');
  });
  // Not knex's dropColumn: on SQLite it copies the table, which the triggers of 023 refer to.
  await knex.raw('alter table case_readers drop column category');
  await knex.raw('alter table case_readers drop column tenant_id');
}

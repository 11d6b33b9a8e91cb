import type { Knex } from 'knex';

/**
 * Case search for a busy department (issue 12, §3): `case_readers` carries each case's `created_at`
 * (the instance's, the same as `case_search.created_at`), indexed (reader, created_at, instance_id),
 * so a member of staff's cases are read newest first straight from their own index range and joined
 * to `case_search` for the query's conditions, stopping after a page — instead of walking every
 * case of the city newest first and probing `case_readers` for each.
 *
 * The column is filled from `instances` as a reader row is written (the instance row is always
 * written first in a command: task and history rows refer to it) — a trigger on `case_readers`
 * itself, so the triggers of migration 023 that write the readers stay as they are — and for the
 * rows before it here.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('case_readers', (t) => {
    t.string('created_at', 32).nullable();
  });
  await knex.raw(
    'update case_readers set created_at = (select i.created_at from instances i where i.id = case_readers.instance_id)',
  );
  await knex.schema.alterTable('case_readers', (t) => {
    t.index(['reader', 'created_at', 'instance_id'], 'case_readers_newest');
  });
  if (pg) {
    await knex.raw(`create function civic_case_readers_created() returns trigger language plpgsql as $$ begin
      if new.created_at is null then
        new.created_at := (select i.created_at from instances i where i.id = new.instance_id);
      end if;
      return new; end $$`);
    await knex.raw(
      'create trigger case_readers_created before insert on case_readers for each row execute function civic_case_readers_created()',
    );
  } else
    await knex.raw(`create trigger case_readers_created after insert on case_readers when new.created_at is null begin
      update case_readers set created_at = (select i.created_at from instances i where i.id = new.instance_id)
        where reader = new.reader and instance_id = new.instance_id; end`);
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.raw(pg ? 'drop trigger case_readers_created on case_readers' : 'drop trigger case_readers_created');
  if (pg) await knex.raw('drop function civic_case_readers_created()');
  await knex.schema.alterTable('case_readers', (t) => {
    t.dropIndex(['reader', 'created_at', 'instance_id'], 'case_readers_newest');
  });
  // Not knex's dropColumn: on SQLite it copies the table, which the triggers of 023 refer to.
  await knex.raw('alter table case_readers drop column created_at');
}

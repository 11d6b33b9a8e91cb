import type { Knex } from 'knex';
import { parseState } from '../../../execution/instance-row.js';

/**
 * The case search finds cases by 承办部门 (the department the dispatcher sent the case to, the
 * case's `department`): a column of `case_search`, filled here from each indexed case's variables
 * and from then on written with the rest of the row in the command's transaction.
 *
 * The dashboard's period queries get their own indexes on `instances`: the appeals received in a
 * period (root cases by `created_at`, which no command changes) and the cases closed since a day
 * (`status`, `ended_at`, which change once, when a case ends). Neither column is written by the
 * commands that run between, so the indexes cost the hot path nothing but the insert.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_search', (t) => {
    t.string('department', 64).nullable();
    t.index(['department', 'created_at'], 'case_search_department');
  });
  await knex.raw('create index instances_roots_created on instances (created_at) where parent_id is null');
  await knex.raw('create index instances_ended on instances (status, ended_at)');
  let after = '';
  for (;;) {
    const rows = (await knex('case_search as cs')
      .join('instances as i', 'i.id', 'cs.instance_id')
      .where('cs.instance_id', '>', after)
      .orderBy('cs.instance_id')
      .limit(500)
      .select('cs.instance_id', 'i.state', 'i.process_key', 'i.status')) as Array<{
      instance_id: string;
      state: string;
      process_key: string;
      status: string;
    }>;
    if (rows.length === 0) break;
    for (const r of rows) {
      const vars = Object.values(parseState(r).scopes).find((s) => s.parent === null)?.vars ?? {};
      const department = typeof vars.department === 'string' && vars.department !== '' ? vars.department : null;
      if (department) await knex('case_search').where({ instance_id: r.instance_id }).update({ department });
    }
    after = rows[rows.length - 1]!.instance_id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index instances_ended');
  await knex.raw('drop index instances_roots_created');
  await knex.schema.alterTable('case_search', (t) => {
    t.dropIndex(['department', 'created_at'], 'case_search_department');
    t.dropColumn('department');
  });
}

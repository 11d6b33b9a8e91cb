import type { Knex } from 'knex';

/**
 * Fewer rows and fewer index pages per command (issue 3's storage and throughput targets):
 *
 * - `history` keeps one row per write (a command, a claim, a note) with that write's events as a
 *   compact JSON array, instead of one row per event: an appeal's start was 6 rows, now 1.
 * - `task_candidates` holds the candidates of open tasks only (it is the inbox's index; a task's
 *   candidates stay in its own `candidate_groups` / `candidate_users` columns). On SQLite it is a
 *   WITHOUT ROWID table whose primary key is the inbox order, so it is one B-tree.
 * - `tasks` indexes cover open tasks only (partial indexes); completed tasks are found through
 *   their instance or their tenant and completion time.
 * - `jobs` index service-job types only for service jobs; `instances` index business keys and
 *   parents only where set.
 * - PostgreSQL gets `civic_expect(actual, expected, what)`, which raises serialization_failure
 *   (40001) when a guarded write touched an unexpected number of rows: the command layer sends
 *   a command's writes in one round trip and still rolls back on a stale instance version.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';

  // history: one row per write.
  await knex.schema.alterTable('history', (t) => t.dropIndex(['instance_id', 'id']));
  await knex.schema.renameTable('history', 'history_v2');
  if (pg)
    await knex.raw(
      'alter index history_pkey rename to history_v2_pkey; alter sequence history_id_seq rename to history_v2_id_seq',
    );
  await knex.schema.createTable('history', (t) => {
    t.increments('id').primary();
    t.string('instance_id', 40).notNullable();
    t.string('at', 32).notNullable();
    t.string('actor', 64).nullable();
    t.text('events').notNullable(); // JSON [[type, elementId|null, data|null, at?], …]
    t.index(['instance_id', 'id'], 'history_instance');
  });
  for (let after = 0; ; ) {
    const rows = (await knex('history_v2').where('id', '>', after).orderBy('id').limit(500)) as Array<{
      id: number;
      instance_id: string;
      type: string;
      element_id: string | null;
      at: string;
      actor: string | null;
      data: string | null;
    }>;
    if (rows.length === 0) break;
    // Full type names (not the short codes new rows use): a migration does not depend on application code, and both read the same.
    await knex('history').insert(
      rows.map((r) => ({
        instance_id: r.instance_id,
        at: r.at,
        actor: r.actor,
        events: JSON.stringify([[r.type, r.element_id, r.data === null ? null : JSON.parse(r.data)]]),
      })),
    );
    after = rows.at(-1)!.id;
  }
  await knex.schema.dropTable('history_v2');

  // task_candidates: open tasks only, ordered for the inbox.
  await knex.schema.renameTable('task_candidates', 'task_candidates_v2');
  if (pg)
    await knex.raw(
      'alter index task_candidates_pkey rename to task_candidates_v2_pkey; alter index task_candidates_value_kind_status_created_at_index rename to task_candidates_v2_value_idx',
    );
  await knex.raw(`create table task_candidates (
    kind varchar(8) not null,
    value varchar(64) not null,
    created_at varchar(32) not null,
    task_id varchar(60) not null,
    primary key (kind, value, created_at, task_id)
  )${pg ? '' : ' without rowid'}`);
  await knex.raw(
    `insert into task_candidates (kind, value, created_at, task_id) select kind, value, created_at, task_id from task_candidates_v2 where status = 'open'`,
  );
  await knex.schema.dropTable('task_candidates_v2');

  // tasks: partial indexes on open tasks.
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex(['tenant_id', 'status', 'created_at']);
    t.dropIndex(['assignee', 'status']);
    t.dropIndex(['tenant_id', 'status', 'due_at']);
  });
  await knex.raw(`create index tasks_open_tenant on tasks (tenant_id, created_at) where status = 'open'`);
  await knex.raw(`create index tasks_open_due on tasks (tenant_id, due_at) where status = 'open'`);
  await knex.raw(
    `create index tasks_open_assignee on tasks (assignee, created_at) where status = 'open' and assignee is not null`,
  );
  await knex.raw(`create index tasks_closed_tenant on tasks (tenant_id, completed_at) where completed_at is not null`);

  // jobs and instances: index only the rows that have the value.
  await knex.schema.alterTable('jobs', (t) => t.dropIndex(['job_type', 'due_at']));
  await knex.raw(`create index jobs_service_type on jobs (job_type, due_at) where job_type is not null`);
  await knex.schema.alterTable('instances', (t) => t.dropIndex(['business_key']));
  await knex.raw(`create index instances_business_key on instances (business_key) where business_key is not null`);
  await knex.raw(`create index instances_parent on instances (parent_id, parent_call) where parent_id is not null`);

  // task_deadlines: the ladder's and the reports' indexes only where they have a value.
  await knex.schema.alterTable('task_deadlines', (t) => {
    t.dropIndex(['next_check_at']);
    t.dropIndex(['tenant_id', 'red_at']);
  });
  await knex.raw(`create index task_deadlines_check on task_deadlines (next_check_at) where next_check_at is not null`);
  await knex.raw(`create index task_deadlines_red on task_deadlines (tenant_id, red_at) where red_at is not null`);

  if (pg) {
    await knex.raw(`create or replace function civic_expect(actual bigint, expected bigint, what text) returns void language plpgsql as $$
begin
  if actual is distinct from expected then
    raise exception 'stale write: %', what using errcode = 'serialization_failure';
  end if;
end $$`);
  }
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  if (pg) await knex.raw('drop function if exists civic_expect(bigint, bigint, text)');
  await knex.raw('drop index task_deadlines_check');
  await knex.raw('drop index task_deadlines_red');
  await knex.schema.alterTable('task_deadlines', (t) => {
    t.index(['next_check_at']);
    t.index(['tenant_id', 'red_at']);
  });
  await knex.raw('drop index instances_business_key');
  await knex.raw('drop index instances_parent');
  await knex.schema.alterTable('instances', (t) => t.index(['business_key']));
  await knex.raw('drop index jobs_service_type');
  await knex.schema.alterTable('jobs', (t) => t.index(['job_type', 'due_at']));
  for (const name of ['tasks_open_tenant', 'tasks_open_due', 'tasks_open_assignee', 'tasks_closed_tenant'])
    await knex.raw(`drop index ${name}`);
  await knex.schema.alterTable('tasks', (t) => {
    t.index(['tenant_id', 'status', 'created_at']);
    t.index(['assignee', 'status']);
    t.index(['tenant_id', 'status', 'due_at']);
  });

  await knex.schema.renameTable('task_candidates', 'task_candidates_v3');
  if (pg) await knex.raw('alter index task_candidates_pkey rename to task_candidates_v3_pkey');
  await knex.schema.createTable('task_candidates', (t) => {
    t.string('task_id', 60).notNullable().references('tasks.id');
    t.string('kind', 8).notNullable();
    t.string('value', 64).notNullable();
    t.string('status', 16).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['task_id', 'kind', 'value']);
    t.index(['value', 'kind', 'status', 'created_at']);
  });
  await knex.raw(
    `insert into task_candidates (task_id, kind, value, status, created_at) select task_id, kind, value, 'open', created_at from task_candidates_v3`,
  );
  // Closed tasks had candidate rows too (with their status): rebuild them from the tasks' own lists.
  const closed = (await knex('tasks')
    .whereNot('status', 'open')
    .select('id', 'status', 'candidate_groups', 'candidate_users', 'created_at')) as Array<{
    id: string;
    status: string;
    candidate_groups: string;
    candidate_users: string;
    created_at: string;
  }>;
  for (const t of closed) {
    const rows = [
      ...[...new Set(JSON.parse(t.candidate_groups) as string[])].map((value) => ({
        task_id: t.id,
        kind: 'group',
        value,
        status: t.status,
        created_at: t.created_at,
      })),
      ...[...new Set(JSON.parse(t.candidate_users) as string[])].map((value) => ({
        task_id: t.id,
        kind: 'user',
        value,
        status: t.status,
        created_at: t.created_at,
      })),
    ];
    if (rows.length > 0) await knex('task_candidates').insert(rows);
  }
  await knex.schema.dropTable('task_candidates_v3');

  await knex.raw('drop index history_instance');
  await knex.schema.renameTable('history', 'history_v3');
  if (pg)
    await knex.raw(
      'alter index history_pkey rename to history_v3_pkey; alter sequence history_id_seq rename to history_v3_id_seq',
    );
  await knex.schema.createTable('history', (t) => {
    t.increments('id').primary();
    t.string('instance_id', 40).notNullable().references('instances.id');
    t.string('type', 32).notNullable();
    t.string('element_id', 128).nullable();
    t.string('at', 32).notNullable();
    t.string('actor', 64).nullable();
    t.text('data').nullable();
    t.index(['instance_id', 'id']);
  });
  const rows = (await knex('history_v3').orderBy('id')) as Array<{
    instance_id: string;
    at: string;
    actor: string | null;
    events: string;
  }>;
  for (const r of rows) {
    for (const [type, el, data, at] of JSON.parse(r.events) as Array<[string, string | null, unknown, string?]>) {
      await knex('history').insert({
        instance_id: r.instance_id,
        type,
        element_id: el,
        at: at ?? r.at,
        actor: r.actor,
        data: data === null || data === undefined ? null : JSON.stringify(data),
      });
    }
  }
  await knex.schema.dropTable('history_v3');
}

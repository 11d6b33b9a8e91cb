import type { Knex } from 'knex';
import { expandHistory, type HistoryEvent, type HistoryRow } from '../store/history.js';
import type { TestRuntime } from './databases.js';

/** Tables a running case writes: a failed command must leave every one of them as it was. */
export const CASE_TABLES = [
  'instances',
  'tasks',
  'task_history',
  'task_candidates',
  'jobs',
  'subscriptions',
  'signal_subscriptions',
  'incidents',
  'history',
  'notifications',
] as const;

const ORDER: Record<string, string[]> = { task_candidates: ['task_id', 'kind', 'value'] };

/** Every row of the given tables, in a stable order (for before/after comparisons). */
export async function snapshot(
  knex: Knex,
  tables: readonly string[] = CASE_TABLES,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables)
    out[table] = await knex(table)
      .select('*')
      .orderBy(ORDER[table] ?? ['id']);
  return out;
}

/**
 * History events of every case (or of `instanceIds`), each with its case, in write order; with
 * `types`, only events of those types (picked after expanding: a row's JSON is not searchable).
 */
export async function historyEvents(
  knex: Knex,
  filter: { instanceIds?: string[]; types?: string[] } = {},
): Promise<Array<HistoryEvent & { instanceId: string }>> {
  let q = knex('history').select('instance_id', 'at', 'actor', 'events').orderBy('id');
  if (filter.instanceIds) q = q.whereIn('instance_id', filter.instanceIds);
  const rows = (await q) as HistoryRow[];
  const events = rows.flatMap((r) => expandHistory([r]).map((e) => ({ instanceId: r.instance_id, ...e })));
  return filter.types ? events.filter((e) => filter.types!.includes(e.type)) : events;
}

/** Polls `probe` until it returns something other than undefined/false (bounded). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

/** Deploys resources for a tenant over HTTP and returns the deployment summary (throws unless 201). */
export async function deploy(
  rt: Pick<TestRuntime, 'request'>,
  token: string,
  tenant: string,
  files: Record<string, string | Record<string, unknown>>,
): Promise<any> {
  const res = await rt.request('POST', '/api/deployments', {
    token,
    body: { tenant, resources: Object.entries(files).map(([name, content]) => ({ name, content })) },
  });
  if (res.status !== 201) throw new Error(`deployment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Starts a case over HTTP (throws unless 201). */
export async function startCase(
  rt: Pick<TestRuntime, 'request'>,
  token: string,
  processKey: string,
  tenant = 'city',
  variables: Record<string, unknown> = {},
  businessKey?: string,
): Promise<any> {
  const res = await rt.request('POST', '/api/process-instances', {
    token,
    body: { processKey, tenant, variables, ...(businessKey ? { businessKey } : {}) },
  });
  if (res.status !== 201) throw new Error(`start ${processKey} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates tenants given as `[id, parentId]` pairs, parents first. */
export async function createTenants(
  rt: Pick<TestRuntime, 'request'>,
  token: string,
  tree: Array<[id: string, parentId: string]>,
): Promise<void> {
  for (const [id, parentId] of tree) {
    const res = await rt.request('POST', '/api/tenants', { token, body: { id, name: id, parentId } });
    if (res.status !== 201) throw new Error(`tenant ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Injects a failure: inserting a task row for `elementId` raises inside the database. */
export async function failTaskInsertsFor(
  knex: Knex,
  dialect: 'sqlite' | 'postgres',
  elementId: string,
): Promise<() => Promise<void>> {
  if (dialect === 'sqlite') {
    await knex.raw(
      `create trigger boom_${elementId} before insert on tasks when new.element_id = '${elementId}' begin select raise(abort, 'injected failure'); end`,
    );
    return async () => void (await knex.raw(`drop trigger boom_${elementId}`));
  }
  await knex.raw(
    `create function boom_${elementId}() returns trigger language plpgsql as $$ begin if new.element_id = '${elementId}' then raise exception 'injected failure'; end if; return new; end $$`,
  );
  await knex.raw(
    `create trigger boom_${elementId} before insert on tasks for each row execute function boom_${elementId}()`,
  );
  return async () => {
    await knex.raw(`drop trigger boom_${elementId} on tasks`);
    await knex.raw(`drop function boom_${elementId}()`);
  };
}

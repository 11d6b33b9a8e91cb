import type { Knex } from 'knex';
import { parseState, type InstanceRow } from '../execution/instance-row.js';

/**
 * The one writer of `case_search`: a case's searchable summary, taken from its committed row. It is
 * refreshed after the commands that set a case's intake data (start, task completion, variables,
 * public intake); the status is always read from `instances` itself.
 */
export async function indexCase(knex: Knex, instanceId: string): Promise<void> {
  const row = (await knex('instances').where({ id: instanceId }).first()) as InstanceRow | undefined;
  if (!row) return;
  // Who registered the case (我发起): the actor of its first history row, the start.
  const first = (await knex('history').where({ instance_id: instanceId }).orderBy('id').first('actor')) as { actor: string | null } | undefined;
  await knex('case_search').insert({ ...searchRowOf(row), started_by: first?.actor ?? null }).onConflict('instance_id').merge();
}

export function searchRowOf(row: InstanceRow) {
  const state = parseState(row);
  const vars = Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {};
  const text = (key: string, max: number) => (typeof vars[key] === 'string' && vars[key] !== '' ? (vars[key] as string).slice(0, max) : null);
  const phone = text('phone', 32);
  return {
    instance_id: row.id, tenant_id: row.tenant_id, business_key: row.business_key, applicant_name: text('applicantName', 100), phone,
    phone_rev: phone ? [...phone].reverse().join('') : null, enterprise_name: text('enterpriseName', 200), category: text('category', 100), channel: text('channel', 40), created_at: row.created_at,
  };
}

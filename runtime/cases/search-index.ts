import type { Knex } from 'knex';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import type { UnitOfWork } from '../execution/unit-of-work.js';
import type { InstanceState } from '../../engine/index.js';

const SEARCH_COLUMNS = [
  'instance_id',
  'tenant_id',
  'business_key',
  'applicant_name',
  'phone',
  'phone_rev',
  'enterprise_name',
  'category',
  'channel',
  'department',
  'created_at',
] as const;
/** Who registered the case (我发起): the actor of its first history row, the start (written earlier in the same transaction for a start). */
const INDEX_IN_COMMAND =
  `insert into case_search (${SEARCH_COLUMNS.join(', ')}, started_by) values (${SEARCH_COLUMNS.map(() => '?').join(', ')}, ` +
  '(select actor from history where instance_id = ? order by id limit 1)) ' +
  `on conflict (instance_id) do update set ${[...SEARCH_COLUMNS.slice(1), 'started_by'].map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * The one writer of `case_search`: a case's searchable summary, for the commands that set a case's
 * intake data (start, task completion, variables, public intake); the status is always read from
 * `instances` itself. Written inside the command's transaction from the case's row as the command
 * leaves it (after its follow-ups): the search row commits with the case, never behind it, and
 * costs one write in the command's batch and no reads.
 */
export function indexCaseInCommand(unit: UnitOfWork, instanceId: string): void {
  unit.beforeCommit(async () => {
    // A case the command called (a department's own process) is searchable from its start, as the
    // dashboard counts its open tasks from then on.
    const called = unit.started.filter((id) => id !== instanceId);
    for (const id of [instanceId, ...called]) {
      const known = await unit.readCase(id);
      if (!known || (id !== instanceId && !known.row.parent_id)) continue;
      const search = searchRowOf(known.row, known.state);
      unit.tx.write(INDEX_IN_COMMAND, [...SEARCH_COLUMNS.map((c) => search[c]), id]);
    }
  });
}

export function searchRowOf(row: InstanceRow, state: InstanceState = parseState(row)) {
  const vars = Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {};
  const text = (key: string, max: number) =>
    typeof vars[key] === 'string' && vars[key] !== '' ? (vars[key] as string).slice(0, max) : null;
  const phone = text('phone', 32);
  return {
    instance_id: row.id,
    tenant_id: row.tenant_id,
    business_key: row.business_key,
    applicant_name: text('applicantName', 100),
    phone,
    phone_rev: phone ? [...phone].reverse().join('') : null,
    enterprise_name: text('enterpriseName', 200),
    category: text('category', 100),
    channel: text('channel', 40),
    department: text('department', 64),
    created_at: row.created_at,
  };
}

const BACKFILL_BATCH = 500;

/**
 * Cases without a search row — those started before `case_search` existed (migration 012), or
 * written by a version that did not index them — get theirs, from their instance rows. Idempotent:
 * run at every start, it finds nothing to do once done. Answers how many rows it wrote.
 */
export async function backfillCaseSearch(knex: Knex): Promise<number> {
  let written = 0;
  for (;;) {
    const rows = (await knex('instances as i')
      .whereNotExists((q) => q.select(knex.raw('1')).from('case_search as cs').whereRaw('cs.instance_id = i.id'))
      .orderBy('i.id')
      .limit(BACKFILL_BATCH)
      .select('i.*')) as InstanceRow[];
    if (rows.length === 0) return written;
    const firstActors = (await knex('history as h')
      .whereIn(
        'h.instance_id',
        rows.map((r) => r.id),
      )
      .whereRaw('h.id = (select min(h2.id) from history h2 where h2.instance_id = h.instance_id)')
      .select('h.instance_id', 'h.actor')) as Array<{ instance_id: string; actor: string | null }>;
    const startedBy = new Map(firstActors.map((a) => [a.instance_id, a.actor]));
    const search = rows.map((r) => ({ ...searchRowOf(r), started_by: startedBy.get(r.id) ?? null }));
    for (let i = 0; i < search.length; i += 100)
      await knex('case_search')
        .insert(search.slice(i, i + 100))
        .onConflict('instance_id')
        .ignore();
    written += rows.length;
    if (rows.length < BACKFILL_BATCH) return written;
  }
}

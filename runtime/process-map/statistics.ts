import type { Knex } from 'knex';
import type { ExecutableProcess, FlowNode } from '../../definitions/index.js';
import { waitRows } from './waiting.js';

/** One element of a process: the cases standing there now (在办), of those overdue at it (超期), and stuck there (故障). */
export interface ElementCounts {
  elementId: string;
  name: string | null;
  kind: string;
  open: number;
  overdue: number;
  incidents: number;
  /** Whether the shown version's diagram has the element (the others are listed under it by name). */
  inShown: boolean;
}

export interface ProcessStatistics {
  key: string;
  name: string | null;
  now: string;
  /** The versions concerned, newest first: those with cases in progress, and the one new cases start. */
  definitions: Array<{ id: string; version: number; tenant: { id: string; name: string }; open: number }>;
  /** The version whose diagram is shown (the one asked for, else the newest); null when the key is unknown here. */
  shown: { id: string; xml: string } | null;
  /** Whether the counts are of the shown version's cases only (else of every version's). */
  versionOnly: boolean;
  elements: ElementCounts[];
  /** Each case once: in progress, with an overdue task, with an open incident. */
  totals: { open: number; overdue: number; incidents: number };
}

interface DefinitionRow {
  id: string;
  version: number;
  tenant_id: string;
  name: string | null;
  source: string;
  compiled: string;
  created_at: string;
}

/** Element kinds a token never stands on: a boundary event's wait is its activity's, a start event's the event subprocess'. */
const NOT_A_PLACE = new Set<FlowNode['kind']>(['boundaryEvent', 'startEvent']);
const RED = 't.paused_at is null and t.due_at is not null and t.due_at < ?';
const n = (v: unknown) => Number(v ?? 0);

/**
 * The cases in progress of `key` in `tenants` (all versions, or `definitionId`'s), by the element
 * their tokens wait at. Read from the wait tables through the instances' (tenant, status) index:
 * no instance state is parsed; each version's compiled definition is parsed once for element names.
 */
export async function processStatistics(
  knex: Knex,
  input: { key: string; tenants: string[]; chain: string[]; definitionId?: string; now: string },
): Promise<ProcessStatistics> {
  const { key, tenants, now } = input;
  const anyVersion = (q: Knex.QueryBuilder, alias: string) =>
    q.whereIn(`${alias}.tenant_id`, tenants).where(`${alias}.status`, 'active').where(`${alias}.process_key`, key);
  const scope = (q: Knex.QueryBuilder, alias: string) =>
    input.definitionId
      ? anyVersion(q, alias).where(`${alias}.definition_id`, input.definitionId)
      : anyVersion(q, alias);
  // Every version's cases, whichever is shown: the picker offers them all.
  const perVersion = (await anyVersion(knex('instances as i'), 'i')
    .select('i.definition_id')
    .count({ n: '*' })
    .groupBy('i.definition_id')) as Array<{ definition_id: string; n: unknown }>;
  const openOf = new Map(perVersion.map((r) => [r.definition_id, n(r.n)]));

  // The version new cases of the unit start: the newest of its chain's (its own wins over an ancestor's).
  const started = (await knex('definitions')
    .where({ kind: 'process', def_key: key })
    .whereNull('withdrawn_at')
    .whereIn('tenant_id', input.chain)
    .select('id', 'tenant_id', 'version')) as Array<{ id: string; tenant_id: string; version: number }>;
  const nearest = started.sort(
    (a, b) => input.chain.indexOf(a.tenant_id) - input.chain.indexOf(b.tenant_id) || b.version - a.version,
  )[0];
  const ids = [
    ...new Set([
      ...openOf.keys(),
      ...(nearest ? [nearest.id] : []),
      ...(input.definitionId ? [input.definitionId] : []),
    ]),
  ];
  const rows = (
    ids.length
      ? await knex('definitions')
          .whereIn('id', ids)
          .where({ kind: 'process', def_key: key })
          // A version the unit may read: its own, its ancestors' (a township runs the city's), its units'.
          .whereIn('tenant_id', [...new Set([...input.chain, ...tenants])])
          .select('id', 'version', 'tenant_id', 'name', 'source', 'compiled', 'created_at')
      : []
  ) as DefinitionRow[];
  rows.sort((a, b) => (a.created_at === b.created_at ? b.version - a.version : a.created_at < b.created_at ? 1 : -1));
  const compiled = new Map(rows.map((r) => [r.id, JSON.parse(r.compiled) as ExecutableProcess]));
  const shownRow = (input.definitionId && rows.find((r) => r.id === input.definitionId)) || rows[0];
  const shownNodes = shownRow ? compiled.get(shownRow.id)!.nodes : {};
  const tenantNames = new Map(
    (
      (await knex('tenants')
        .whereIn('id', [...new Set(rows.map((r) => r.tenant_id))])
        .select('id', 'name')) as Array<{ id: string; name: string }>
    ).map((t) => [t.id, t.name]),
  );

  const byElement = new Map<string, ElementCounts>();
  const nodeOf = (definitionId: string, elementId: string) => compiled.get(definitionId)?.nodes[elementId];
  const entry = (definitionId: string, elementId: string): ElementCounts | null => {
    const node = nodeOf(definitionId, elementId);
    if (node && NOT_A_PLACE.has(node.kind)) return null;
    let e = byElement.get(elementId);
    if (!e) {
      const named = shownNodes[elementId] ?? node;
      e = {
        elementId,
        name: named?.name?.trim() || null,
        kind: named?.kind ?? 'task',
        open: 0,
        overdue: 0,
        incidents: 0,
        inShown: !!shownNodes[elementId],
      };
      byElement.set(elementId, e);
    }
    return e;
  };

  // Each case once per element (a case with a task and an incident at a step stands there once).
  const waiting = (await scope(
    knex.from(waitRows(knex, tenants).as('w')).join('instances as i', 'i.id', 'w.instance_id'),
    'i',
  )
    .select('i.definition_id', 'w.element_id')
    .countDistinct({ n: 'w.instance_id' })
    .groupBy('i.definition_id', 'w.element_id')) as Array<{ definition_id: string; element_id: string; n: unknown }>;
  for (const r of waiting) {
    const e = entry(r.definition_id, r.element_id);
    if (e) e.open += n(r.n);
  }
  const late = (await scope(knex('tasks as t').join('instances as i', 'i.id', 't.instance_id'), 'i')
    .whereIn('t.tenant_id', tenants)
    .where('t.status', 'open')
    .whereRaw(RED, [now])
    .select('i.definition_id', 't.element_id')
    .countDistinct({ n: 't.instance_id' })
    .groupBy('i.definition_id', 't.element_id')) as Array<{ definition_id: string; element_id: string; n: unknown }>;
  for (const r of late) {
    const e = entry(r.definition_id, r.element_id);
    if (e) e.overdue += n(r.n);
  }
  const stuck = (await scope(knex('incidents as x').join('instances as i', 'i.id', 'x.instance_id'), 'i')
    .whereIn('x.tenant_id', tenants)
    .where('x.status', 'open')
    .select('i.definition_id', 'x.element_id')
    .countDistinct({ n: 'x.instance_id' })
    .groupBy('i.definition_id', 'x.element_id')) as Array<{ definition_id: string; element_id: string; n: unknown }>;
  for (const r of stuck) {
    const e = entry(r.definition_id, r.element_id);
    if (e) e.incidents += n(r.n);
  }
  // Cases waiting on a case they called, at the call activity calling that process.
  const calling = (await scope(knex('instances as c').join('instances as i', 'i.id', 'c.parent_id'), 'i')
    .where('c.status', 'active')
    .select('i.definition_id', 'c.process_key')
    .countDistinct({ n: 'c.parent_id' })
    .groupBy('i.definition_id', 'c.process_key')) as Array<{ definition_id: string; process_key: string; n: unknown }>;
  for (const r of calling)
    for (const elementId of callActivitiesOf(compiled.get(r.definition_id), r.process_key)) {
      const e = entry(r.definition_id, elementId);
      if (e) e.open += n(r.n);
    }

  const totals = (await scope(knex('instances as i'), 'i')
    .select(
      knex.raw('count(*) as open'),
      knex.raw(
        `sum(case when exists (select 1 from tasks t where t.instance_id = i.id and t.status = 'open' and ${RED}) then 1 else 0 end) as overdue`,
        [now],
      ),
      knex.raw(
        "sum(case when exists (select 1 from incidents x where x.instance_id = i.id and x.status = 'open') then 1 else 0 end) as incidents",
      ),
    )
    .first()) as { open: unknown; overdue: unknown; incidents: unknown };

  return {
    key,
    name: shownRow?.name ?? null,
    now,
    definitions: rows.map((r) => ({
      id: r.id,
      version: r.version,
      tenant: { id: r.tenant_id, name: tenantNames.get(r.tenant_id) ?? r.tenant_id },
      open: openOf.get(r.id) ?? 0,
    })),
    shown: shownRow ? { id: shownRow.id, xml: shownRow.source } : null,
    versionOnly: !!input.definitionId,
    elements: [...byElement.values()]
      .filter((e) => e.open > 0 || e.incidents > 0)
      .sort((a, b) => b.open - a.open || a.elementId.localeCompare(b.elementId)),
    totals: { open: n(totals?.open), overdue: n(totals?.overdue), incidents: n(totals?.incidents) },
  };
}

/** The call activities of a version that call `processKey` (by its static process id). */
export function callActivitiesOf(process: ExecutableProcess | undefined, processKey: string): string[] {
  if (!process) return [];
  return Object.entries(process.nodes)
    .filter(
      ([, node]) => node.kind === 'callActivity' && 'static' in node.processId && node.processId.static === processKey,
    )
    .map(([id]) => id);
}

/**
 * The process a call activity of `key` calls (for the case list of its badge): read from the
 * key's versions in `definitionIds` (each parsed once); null when it is no call activity.
 */
export async function calledProcessAt(knex: Knex, key: string, elementId: string): Promise<string | null> {
  const rows = (await knex('definitions').where({ kind: 'process', def_key: key }).select('compiled')) as Array<{
    compiled: string;
  }>;
  for (const r of rows) {
    const node = (JSON.parse(r.compiled) as ExecutableProcess).nodes[elementId];
    if (node?.kind === 'callActivity' && 'static' in node.processId) return node.processId.static;
  }
  return null;
}

/** The processes of the unit with cases in progress there, or that new cases of the unit start. */
export async function processesOf(
  knex: Knex,
  input: { tenants: string[]; chain: string[] },
): Promise<Array<{ key: string; name: string | null; open: number }>> {
  const counts = (await knex('instances')
    .whereIn('tenant_id', input.tenants)
    .where('status', 'active')
    .select('process_key')
    .count({ n: '*' })
    .groupBy('process_key')) as Array<{ process_key: string; n: unknown }>;
  const defs = (await knex('definitions')
    .where({ kind: 'process' })
    .whereNull('withdrawn_at')
    .whereIn('tenant_id', [...new Set([...input.chain, ...input.tenants])])
    .select('def_key', 'name', 'version', 'created_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'version', order: 'desc' },
    ])) as Array<{
    def_key: string;
    name: string | null;
  }>;
  const out = new Map<string, { key: string; name: string | null; open: number }>();
  for (const d of defs) if (!out.has(d.def_key)) out.set(d.def_key, { key: d.def_key, name: d.name, open: 0 });
  for (const c of counts) {
    const p = out.get(c.process_key) ?? { key: c.process_key, name: null, open: 0 };
    p.open = n(c.n);
    out.set(c.process_key, p);
  }
  return [...out.values()].sort((a, b) => b.open - a.open || a.key.localeCompare(b.key));
}

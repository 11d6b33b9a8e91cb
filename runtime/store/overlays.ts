import type { Knex } from 'knex';
import type { Queryable } from '../platform/db/tx.js';
import { select } from '../platform/db/tx.js';
import type { DefinitionKind, DefinitionRow } from './definitions.js';

/** The ancestor's version a tenant's own version of an inherited key was based on. */
export interface BaseVersion {
  tenant: string;
  key: string;
  version: number;
}

/** One deployed version of a key at a tenant, as the version history lists it. */
export interface VersionEntry {
  id: string;
  version: number;
  name: string | null;
  deployedBy: string | null;
  deployedAt: string;
  comment: string | null;
  basedOn: BaseVersion | null;
  /** The override this version belonged to was removed (恢复继承): new cases no longer start it. */
  withdrawn: boolean;
}

/** Where a tenant's overriding version stands against the version it was based on. */
export interface OverlayState {
  basedOn: BaseVersion & { id: string | null };
  /** The owner's latest version, when it is newer than the base (the owner deployed since). */
  upstream: { id: string; version: number } | null;
}

/**
 * The base a new version of `key` at `chain[0]` records: the base of the tenant's current version
 * (a township adjusting its own copy stays on the city version it started from), else the nearest
 * ancestor's latest version — the one the township inherited until now. Undefined for a key of its own.
 */
export async function baseFor(
  trx: Knex,
  kind: DefinitionKind,
  key: string,
  chain: string[],
  own: DefinitionRow | undefined,
): Promise<BaseVersion | undefined> {
  if (own && !own.withdrawn_at)
    return own.based_on_tenant && own.based_on_version
      ? { tenant: own.based_on_tenant, key, version: own.based_on_version }
      : undefined;
  const ancestors = chain.slice(1);
  if (ancestors.length === 0) return undefined;
  const rows = (await trx('definitions')
    .where({ kind, def_key: key })
    .whereNull('withdrawn_at')
    .whereIn('tenant_id', ancestors)
    .orderBy('version', 'desc')
    .select('tenant_id', 'version')) as Array<{ tenant_id: string; version: number }>;
  for (const t of ancestors) {
    const hit = rows.find((r) => r.tenant_id === t);
    if (hit) return { tenant: t, key, version: hit.version };
  }
  return undefined;
}

/** Every version of a key deployed at a tenant, newest first, with who deployed it, when and why. */
export async function versionsOf(
  db: Queryable,
  kind: DefinitionKind,
  key: string,
  tenant: string,
): Promise<VersionEntry[]> {
  const rows = await select<DefinitionRow & { created_by: string | null; comment: string | null }>(
    db,
    'select d.*, p.created_by, p.comment from definitions d join deployments p on p.id = d.deployment_id where d.kind = ? and d.def_key = ? and d.tenant_id = ? order by d.version desc',
    [kind, key, tenant],
  );
  return rows.map((r) => ({
    id: r.id,
    version: Number(r.version),
    name: r.name,
    deployedBy: r.created_by,
    deployedAt: r.created_at,
    comment: r.comment,
    basedOn:
      r.based_on_tenant && r.based_on_version
        ? { tenant: r.based_on_tenant, key, version: Number(r.based_on_version) }
        : null,
    withdrawn: r.withdrawn_at !== null && r.withdrawn_at !== undefined,
  }));
}

/** For rows that record a base: the base's id and the owner's newer version, if any (one query for all). */
export async function overlayStates(
  db: Queryable,
  kind: DefinitionKind,
  rows: DefinitionRow[],
): Promise<Map<string, OverlayState>> {
  const states = new Map<string, OverlayState>();
  const based = rows.filter((r) => r.based_on_tenant && r.based_on_version);
  if (based.length === 0) return states;
  const pairs = [...new Set(based.map((r) => `${r.based_on_tenant}\u0000${r.def_key}`))].map(
    (p) => p.split('\u0000') as [string, string],
  );
  const owners = await select<{ id: string; tenant_id: string; def_key: string; version: number }>(
    db,
    `select id, tenant_id, def_key, version from definitions where kind = ? and withdrawn_at is null and (${pairs.map(() => '(tenant_id = ? and def_key = ?)').join(' or ')}) order by version desc`,
    [kind, ...pairs.flat()],
  );
  for (const r of based) {
    const versions = owners.filter((o) => o.tenant_id === r.based_on_tenant && o.def_key === r.def_key);
    const baseVersion = Number(r.based_on_version);
    const base = versions.find((o) => Number(o.version) === baseVersion);
    const latest = versions[0];
    states.set(r.id, {
      basedOn: { tenant: r.based_on_tenant!, key: r.def_key, version: baseVersion, id: base?.id ?? null },
      upstream:
        latest && Number(latest.version) > baseVersion ? { id: latest.id, version: Number(latest.version) } : null,
    });
  }
  return states;
}

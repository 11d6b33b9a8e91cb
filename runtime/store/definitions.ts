import { failedDecisionTests } from './decision-tests.js';
import type { Knex } from 'knex';
import { select, type Queryable } from '../platform/db/tx.js';
import {
  compile,
  type CompileOptions,
  type CompiledDeployment,
  type DecisionTable,
  type ExecutableProcess,
  type FormDefinition,
  type Problem,
  type Resource,
} from '../../definitions/index.js';
import { resolveTimer } from '../../engine/index.js';
import { ApiError } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import { PinSets, type Pinned } from './pin-sets.js';
import type { TenantDirectory } from './tenants.js';
import { baseFor, type BaseVersion } from './overlays.js';
import { formKeyConflicts } from './form-key-check.js';

export type DefinitionKind = 'process' | 'decision' | 'form';

export interface DefinitionRow {
  id: string;
  kind: DefinitionKind;
  def_key: string;
  version: number;
  tenant_id: string;
  deployment_id: string;
  name: string | null;
  resource_name: string;
  source: string;
  compiled: string;
  created_at: string;
  /** A tenant's own version of a key it inherited: the ancestor's version it was based on. */
  based_on_tenant?: string | null;
  based_on_version?: number | null;
  /** Set when the tenant's override was removed (恢复继承); lookups skip the row, running cases keep it. */
  withdrawn_at?: string | null;
}

/** A definition version a deployment made (or kept): its name, null when the definition has none, is what people read. */
export interface DeployedDefinition {
  id: string;
  key: string;
  version: number;
  tenant: string;
  name: string | null;
}

export interface DeploymentSummary {
  id: string;
  tenant: string;
  processes: DeployedDefinition[];
  decisions: DeployedDefinition[];
  forms: DeployedDefinition[];
  /** What the compiler ignored on purpose and said so (e.g. Camunda 7 attributes left in a Camunda 8 file). */
  warnings?: Array<{ resource: string; code: string; elementId?: string; subject?: string; message: string }>;
}

/**
 * Versioned definitions per tenant. A lookup for a tenant walks up the tenant tree: a
 * township's own version wins, otherwise its parent's. Rows and their compiled forms are cached
 * by row id (rows never change once written); which version a key resolves to is always read
 * from the database, so a deployment by another process is seen at once.
 */
export class DefinitionStore {
  private readonly compiledCache = new Map<string, unknown>();
  private readonly rowCache = new Map<string, DefinitionRow>();
  /** The versions each case pinned at its start. */
  readonly pins = new PinSets();
  /**
   * Start resolutions by key and tenant. A cached one is used with its guard: the start's
   * transaction fails (and runs again, resolving anew) unless the tenant chain still has as many
   * deployments as when it was resolved. Deploying here forgets them all at once.
   */
  private readonly starts = new Map<string, StartResolution>();
  /** Per process key, the form and decision keys its latest resolved version uses (a guess for `resolveStart`). */
  private readonly startKeys = new Map<string, { formIds: string[]; decisionIds: string[] }>();

  constructor(
    private readonly tenants: TenantDirectory,
    /** The tenant's shortest timer cycle in milliseconds (its limits policy); the compiler's default when absent. */
    private readonly minTimerCycleMs?: (tenant: string, db: Queryable) => Promise<number>,
  ) {}

  async deploy(
    trx: Knex,
    input: {
      tenant: string;
      resources: Resource[];
      actor?: string;
      comment?: string;
      now: string;
      /** Keys this deployment rebases onto an ancestor's newer version (同步市级更新): the base their new versions record. */
      rebasedOn?: Rebase[];
    },
  ): Promise<DeploymentSummary> {
    const chain = await this.tenants.chain(input.tenant, trx);
    const known = async (kind: 'decision') =>
      (await trx('definitions').where({ kind }).whereIn('tenant_id', chain).distinct('def_key')).map(
        (r: { def_key: string }) => r.def_key,
      );
    const minTimerCycleMs = await this.minTimerCycleMs?.(input.tenant, trx);
    const directory = await this.directoryFor(trx, input.tenant, chain);
    const result = await compile(input.resources, {
      ...(minTimerCycleMs !== undefined ? { minTimerCycleMs } : {}),
      knownDecisionIds: await known('decision'),
      ...directory,
    });
    if (!result.ok) throw new ApiError(422, 'DEFINITION_INVALID', describeProblems(result.problems), result.problems);
    const conflicts = await formKeyConflicts(trx, chain, result.deployment, directory.knownForms ?? []);
    if (conflicts.length > 0) throw new ApiError(422, 'DEFINITION_INVALID', describeProblems(conflicts), conflicts);
    const rebases = await rebaseTargets(trx, chain, result.deployment, input.rebasedOn ?? []);
    const failedTests = failedDecisionTests(result.deployment.decisions, result.deployment.origins, input.now);
    if (failedTests.length > 0)
      throw new ApiError(422, 'DEFINITION_INVALID', describeProblems(failedTests), failedTests);

    this.starts.clear();
    const deploymentId = newId();
    await trx('deployments').insert({
      id: deploymentId,
      tenant_id: input.tenant,
      created_by: input.actor ?? null,
      comment: input.comment ?? null,
      created_at: input.now,
    });
    const summary: DeploymentSummary = {
      id: deploymentId,
      tenant: input.tenant,
      processes: [],
      decisions: [],
      forms: [],
    };
    if (result.warnings)
      summary.warnings = result.warnings.map(({ resource, code, elementId, subject, message }) => ({
        resource,
        code,
        ...(elementId ? { elementId } : {}),
        ...(subject ? { subject } : {}),
        message,
      }));
    const sourceOf = (name: string) => {
      const r = input.resources.find((x) => x.name === name)!;
      return typeof r.content === 'string' ? r.content : JSON.stringify(r.content);
    };
    let created = 0;
    const save = async (
      kind: DefinitionKind,
      key: string,
      name: string | undefined,
      resource: string,
      compiled: unknown,
    ) => {
      const row = await this.insertVersion(trx, {
        kind,
        key,
        name,
        resource,
        source: sourceOf(resource),
        compiled,
        tenant: input.tenant,
        chain,
        deploymentId,
        now: input.now,
        rebase: rebases.get(`${kind}\u0000${key}`),
      });
      if (row.deployment_id === deploymentId) created++;
      const entry = { id: row.id, key, version: row.version, tenant: input.tenant, name: row.name ?? null };
      (kind === 'process' ? summary.processes : kind === 'decision' ? summary.decisions : summary.forms).push(entry);
      return row;
    };
    const d: CompiledDeployment = result.deployment;
    for (const form of d.forms) await save('form', form.id, form.name, d.origins[`form:${form.id}`]!, form);
    for (const table of d.decisions)
      await save('decision', table.id, table.name, d.origins[`decision:${table.id}`]!, table);
    for (const proc of d.processes) {
      const row = await save('process', proc.id, proc.name, d.origins[`process:${proc.id}`]!, proc);
      if (row.deployment_id === deploymentId)
        await this.registerStartTriggers(trx, row, proc, input.now, minTimerCycleMs);
    }
    if (created === 0) {
      // Nothing changed: no empty deployment is recorded; the answer names the existing versions.
      await trx('deployments').where({ id: deploymentId }).delete();
      const existing = summary.processes[0] ?? summary.decisions[0] ?? summary.forms[0];
      if (existing) summary.id = (await trx('definitions').where({ id: existing.id }).first()).deployment_id;
    }
    return summary;
  }

  /**
   * What a deployment for `tenant` may refer to besides itself: the departments and accounts of
   * the tenant, its subtree and its ancestors (as `GET /api/groups?assignable=true` offers them),
   * and the forms it sees (nearest version of each key), whose fields type the case's variables.
   */
  private async directoryFor(
    trx: Knex,
    tenant: string,
    chain: string[],
  ): Promise<Pick<CompileOptions, 'knownGroupIds' | 'knownUsernames' | 'knownForms'>> {
    const tenants = [...new Set([...chain, ...(await this.tenants.subtree(tenant, trx))])];
    const groups = (await trx('groups').whereIn('tenant_id', tenants).select('id')) as Array<{ id: string }>;
    const users = (await trx('users').whereIn('tenant_id', tenants).select('username')) as Array<{ username: string }>;
    const formRows = (await trx('definitions')
      .where({ kind: 'form' })
      .whereNull('withdrawn_at')
      .whereIn('tenant_id', chain)
      .orderBy('version', 'desc')
      .select('id', 'def_key', 'tenant_id')) as Array<Pick<DefinitionRow, 'id' | 'def_key' | 'tenant_id'>>;
    const nearest = new Map<string, string>();
    for (const t of chain)
      for (const row of formRows)
        if (row.tenant_id === t && !nearest.has(row.def_key)) nearest.set(row.def_key, row.id);
    const knownForms: FormDefinition[] = [];
    for (const id of nearest.values()) knownForms.push(await this.form(trx, id));
    // A tenant tree without any department yet (a fresh installation) has nothing to check candidate groups against.
    return {
      ...(groups.length > 0 ? { knownGroupIds: groups.map((g) => g.id) } : {}),
      knownUsernames: users.map((u) => u.username),
      knownForms,
    };
  }

  private async insertVersion(
    trx: Knex,
    v: {
      kind: DefinitionKind;
      key: string;
      name: string | undefined;
      resource: string;
      source: string;
      compiled: unknown;
      tenant: string;
      chain: string[];
      deploymentId: string;
      now: string;
      rebase?: BaseVersion | undefined;
    },
  ): Promise<DefinitionRow> {
    const latest = (await trx('definitions')
      .where({ kind: v.kind, def_key: v.key, tenant_id: v.tenant })
      .orderBy('version', 'desc')
      .first()) as DefinitionRow | undefined;
    // Deploying an unchanged resource again keeps the current version (no duplicate versions),
    // unless that version's override was removed: deploying it again overrides anew.
    // A rebase onto a newer base is a new version even when the merged source is the same.
    const sameBase =
      !v.rebase ||
      (latest?.based_on_tenant === v.rebase.tenant && Number(latest?.based_on_version) === v.rebase.version);
    if (latest && !latest.withdrawn_at && latest.source === v.source && sameBase) return latest;
    const base = v.rebase ?? (await baseFor(trx, v.kind, v.key, v.chain, latest));
    const row: DefinitionRow = {
      id: newId(),
      kind: v.kind,
      def_key: v.key,
      version: (latest?.version ?? 0) + 1,
      tenant_id: v.tenant,
      deployment_id: v.deploymentId,
      name: v.name ?? null,
      resource_name: v.resource,
      source: v.source,
      compiled: JSON.stringify(v.compiled),
      created_at: v.now,
      based_on_tenant: base?.tenant ?? null,
      based_on_version: base?.version ?? null,
    };
    await trx('definitions').insert(row);
    return row;
  }

  /** Message start events become triggers; timer start events become start-timer jobs (latest version only). */
  private async registerStartTriggers(
    trx: Knex,
    row: DefinitionRow,
    proc: ExecutableProcess,
    now: string,
    minTimerCycleMs: number | undefined,
  ): Promise<void> {
    const older = trx('definitions')
      .select('id')
      .where({ kind: 'process', def_key: row.def_key, tenant_id: row.tenant_id })
      .whereNot('id', row.id);
    await trx('start_triggers').whereIn('definition_id', older).delete();
    await trx('signal_start_triggers').whereIn('definition_id', older).delete();
    await trx('jobs').where({ kind: 'start-timer' }).whereIn('definition_id', older).delete();
    for (const id of proc.startEvents) {
      const node = proc.nodes[id]!;
      if (node.kind !== 'startEvent') continue;
      if (node.event.type === 'message' && 'static' in node.event.message.name) {
        await trx('start_triggers')
          .insert({
            definition_id: row.id,
            tenant_id: row.tenant_id,
            element_id: id,
            message_name: node.event.message.name.static,
          })
          .onConflict(['definition_id', 'element_id'])
          .ignore();
      }
      if (node.event.type === 'signal' && 'static' in node.event.signal) {
        await trx('signal_start_triggers')
          .insert({
            definition_id: row.id,
            tenant_id: row.tenant_id,
            element_id: id,
            signal_name: node.event.signal.static,
          })
          .onConflict(['definition_id', 'element_id'])
          .ignore();
      }
      if (node.event.type === 'timer' && 'static' in node.event.timer.value) {
        const timer = resolveTimer(node.event.timer.kind, node.event.timer.value.static, now, minTimerCycleMs);
        if (!timer.ok) throw new ApiError(422, 'DEFINITION_INVALID', `<${id}> ${timer.message}`);
        await trx('jobs')
          .insert({
            id: `${row.id}-start-${id}`,
            kind: 'start-timer',
            definition_id: row.id,
            tenant_id: row.tenant_id,
            element_id: id,
            due_at: timer.timer.dueAt,
            retries: 3,
            headers: JSON.stringify({ repeat: timer.timer.repeat }),
            created_at: now,
          })
          .onConflict('id')
          .ignore();
      }
    }
  }

  /** The definition a tenant sees for a key: its own latest version, else its nearest ancestor's. */
  async resolve(db: Queryable, kind: DefinitionKind, key: string, tenant: string): Promise<DefinitionRow | undefined> {
    return (await this.resolveMany(db, kind, [key], tenant)).get(key);
  }

  /** `resolve` for several keys of one kind in one query (only ids are read; rows come from the cache). */
  async resolveMany(
    db: Queryable,
    kind: DefinitionKind,
    keys: string[],
    tenant: string,
  ): Promise<Map<string, DefinitionRow>> {
    const found = new Map<string, DefinitionRow>();
    if (keys.length === 0) return found;
    const chain = await this.tenants.chain(tenant, db);
    const rows = await select<Pick<DefinitionRow, 'id' | 'def_key' | 'tenant_id'>>(
      db,
      `select id, def_key, tenant_id from definitions where kind = ? and def_key in (${placeholders(keys)}) and tenant_id in (${placeholders(chain)}) and withdrawn_at is null order by version desc`,
      [kind, ...keys, ...chain],
    );
    for (const key of keys) {
      for (const t of chain) {
        const hit = rows.find((r) => r.def_key === key && r.tenant_id === t);
        if (!hit) continue;
        const row = await this.byId(db, hit.id);
        if (row) found.set(key, row);
        break;
      }
    }
    return found;
  }

  /**
   * What a new case of `processKey` starts from, for a tenant: the process version it sees and the
   * forms and decision tables to pin. One query in the usual case: it also asks for the forms and
   * decisions the last version of that key used; a second one only when a new version uses more.
   */
  async resolveStart(db: Queryable, processKey: string, tenant: string): Promise<StartResolution | undefined> {
    const cacheKey = `${processKey}\u0000${tenant}`;
    const cached = this.starts.get(cacheKey);
    if (cached) return cached;
    const guess = this.startKeys.get(processKey) ?? { formIds: [], decisionIds: [] };
    const chain = await this.tenants.chain(tenant, db);
    const kinds: Array<[DefinitionKind, string[]]> = [
      ['process', [processKey]],
      ['form', guess.formIds],
      ['decision', guess.decisionIds],
    ];
    const wanted = kinds.filter(([, keys]) => keys.length > 0);
    const rows = await select<
      Pick<DefinitionRow, 'id' | 'kind' | 'def_key' | 'tenant_id'> & { deployments: number | string }
    >(
      db,
      `select id, kind, def_key, tenant_id, (${DEPLOYMENTS_IN_CHAIN(chain)}) as deployments from definitions ` +
        `where tenant_id in (${placeholders(chain)}) and withdrawn_at is null and (${wanted.map(([, keys]) => `(kind = ? and def_key in (${placeholders(keys)}))`).join(' or ')}) order by version desc`,
      [...chain, ...chain, ...wanted.flatMap(([kind, keys]) => [kind, ...keys])],
    );
    const nearest = (kind: DefinitionKind, key: string) =>
      chain.map((t) => rows.find((r) => r.kind === kind && r.def_key === key && r.tenant_id === t)).find(Boolean);
    const hit = nearest('process', processKey);
    const process = hit && (await this.byId(db, hit.id));
    if (!process) return undefined;
    const def = await this.process(db, process.id);
    this.startKeys.set(processKey, { formIds: def.formIds, decisionIds: def.decisionIds });
    const pinned: Pinned = { decisions: {}, forms: {} };
    for (const [kind, keys, asked, into] of [
      ['decision', def.decisionIds, guess.decisionIds, pinned.decisions],
      ['form', def.formIds, guess.formIds, pinned.forms],
    ] as const) {
      const unguessed = keys.filter((k) => !asked.includes(k));
      const more =
        unguessed.length > 0 ? await this.resolveMany(db, kind, unguessed, tenant) : new Map<string, DefinitionRow>();
      for (const key of keys) {
        const id = nearest(kind, key)?.id ?? more.get(key)?.id;
        if (id) into[key] = id;
      }
    }
    const resolution: StartResolution = {
      process,
      pinned,
      guard: { sql: DEPLOYMENTS_IN_CHAIN(chain), params: chain, deployments: Number(rows[0]!.deployments) },
    };
    this.starts.set(cacheKey, resolution);
    return resolution;
  }

  /**
   * 恢复继承: remove a tenant's override of a key it inherits. Its versions stay (running cases
   * keep theirs) but are withdrawn, so new cases start the ancestor's version; its start triggers
   * go. Recorded as a deployment (with the reason as its comment), which also fails the guard of
   * any start resolved before, here or in another server process.
   */
  async withdrawOverride(
    trx: Knex,
    input: { kind: DefinitionKind; key: string; tenant: string; actor?: string; now: string },
  ): Promise<DefinitionRow> {
    const chain = await this.tenants.chain(input.tenant, trx);
    const own = trx('definitions')
      .where({ kind: input.kind, def_key: input.key, tenant_id: input.tenant })
      .whereNull('withdrawn_at');
    const ids = ((await own.clone().select('id')) as Array<{ id: string }>).map((r) => r.id);
    if (ids.length === 0)
      throw new ApiError(
        404,
        'NOT_FOUND',
        `tenant "${input.tenant}" has no version of its own of "${input.key}"; it already inherits it`,
      );
    const inherited = await this.resolveMany(trx, input.kind, [input.key], chain[1] ?? input.tenant).then((m) =>
      chain.length > 1 ? m.get(input.key) : undefined,
    );
    if (!inherited)
      throw new ApiError(
        409,
        'NOT_INHERITED',
        `no ancestor of "${input.tenant}" has "${input.key}"; there is nothing to inherit — deploy a new version instead`,
      );
    await trx('deployments').insert({
      id: newId(),
      tenant_id: input.tenant,
      created_by: input.actor ?? null,
      comment: `恢复继承 ${input.key}`,
      created_at: input.now,
    });
    await trx('definitions').whereIn('id', ids).update({ withdrawn_at: input.now });
    await trx('start_triggers').whereIn('definition_id', ids).delete();
    await trx('jobs').where({ kind: 'start-timer' }).whereIn('definition_id', ids).delete();
    for (const id of ids) this.rowCache.delete(id);
    this.starts.clear();
    return inherited;
  }

  /** Forget a cached start resolution (its guard failed: something was deployed meanwhile). */
  forgetStart(processKey: string, tenant: string): void {
    this.starts.delete(`${processKey}\u0000${tenant}`);
  }

  /** The tenant and its ancestors, nearest first, read through `db` (a transaction, when inside one). */
  async tenantChain(db: Queryable, tenant: string): Promise<string[]> {
    return this.tenants.chain(tenant, db);
  }

  /** The tenant and every tenant below it. */
  async tenantSubtree(db: Queryable, tenant: string): Promise<string[]> {
    return [...(await this.tenants.subtree(tenant, db))];
  }

  async byId(db: Queryable, id: string): Promise<DefinitionRow | undefined> {
    const cached = this.rowCache.get(id);
    if (cached) return cached;
    const [row] = await select<DefinitionRow>(db, 'select * from definitions where id = ?', [id]);
    if (row) this.rowCache.set(id, row);
    return row;
  }

  async process(db: Queryable, id: string): Promise<ExecutableProcess> {
    return this.compiled(db, id) as Promise<ExecutableProcess>;
  }

  async decision(db: Queryable, id: string): Promise<DecisionTable> {
    return this.compiled(db, id) as Promise<DecisionTable>;
  }

  async form(db: Queryable, id: string): Promise<FormDefinition> {
    return this.compiled(db, id) as Promise<FormDefinition>;
  }

  private async compiled(db: Queryable, id: string): Promise<unknown> {
    const cached = this.compiledCache.get(id);
    if (cached) return cached;
    const [row] = await select<{ compiled: string }>(db, 'select compiled from definitions where id = ?', [id]);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `definition ${id} does not exist`);
    const value = JSON.parse(row.compiled);
    this.compiledCache.set(id, value);
    return value;
  }
}

const placeholders = (values: unknown[]): string => values.map(() => '?').join(', ');
const DEPLOYMENTS_IN_CHAIN = (chain: string[]) =>
  `select count(*) from deployments where tenant_id in (${placeholders(chain)})`;

/** What a new case of a key starts from, with the check that it is still current when the start commits. */
export interface StartResolution {
  process: DefinitionRow;
  pinned: Pinned;
  guard: { sql: string; params: string[]; deployments: number };
}

export function describeProblems(problems: Problem[]): string {
  const first = problems
    .slice(0, 3)
    .map((p) => `${p.resource}: ${p.message}`)
    .join('; ');
  return `deployment rejected with ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${first}${problems.length > 3 ? '; …' : ''}`;
}

/** A key of a deployment rebased onto an ancestor's version: `version` of the nearest ancestor that has the key. */
export interface Rebase {
  kind: DefinitionKind;
  key: string;
  version: number;
}

/**
 * The base each rebased key records: the ancestor's version named, checked — the key is in this deployment,
 * and the nearest ancestor that has the key has that version (not withdrawn).
 */
async function rebaseTargets(
  trx: Knex,
  chain: string[],
  deployment: CompiledDeployment,
  rebases: Rebase[],
): Promise<Map<string, BaseVersion>> {
  const out = new Map<string, BaseVersion>();
  const deployed = {
    process: deployment.processes.map((p) => p.id),
    decision: deployment.decisions.map((d) => d.id),
    form: deployment.forms.map((f) => f.id),
  };
  const kindName = { process: '流程', decision: '决策表', form: '表单' };
  for (const r of rebases) {
    if (!deployed[r.kind].includes(r.key))
      throw new ApiError(
        422,
        'REBASE_INVALID',
        `本次部署没有${kindName[r.kind]}“${r.key}”，不能记录它的同步基准；请把同步后的${kindName[r.kind]}一并部署`,
      );
    const rows = (await trx('definitions')
      .where({ kind: r.kind, def_key: r.key })
      .whereNull('withdrawn_at')
      .whereIn('tenant_id', chain.slice(1))
      .select('tenant_id', 'version')) as Array<{ tenant_id: string; version: number }>;
    const owner = chain.slice(1).find((t) => rows.some((row) => row.tenant_id === t));
    if (!owner || !rows.some((row) => row.tenant_id === owner && Number(row.version) === r.version))
      throw new ApiError(
        422,
        'REBASE_INVALID',
        owner
          ? `上级单位没有${kindName[r.kind]}“${r.key}”的 v${r.version}；请重新同步上级的最新版本后再部署`
          : `上级单位没有${kindName[r.kind]}“${r.key}”，无需同步；请直接部署`,
      );
    out.set(`${r.kind}\u0000${r.key}`, { tenant: owner, key: r.key, version: r.version });
  }
  return out;
}

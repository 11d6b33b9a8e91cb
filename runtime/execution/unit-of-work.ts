import type { Knex } from 'knex';
import type { ExecutableProcess } from '../../definitions/index.js';
import {
  CommandRejected,
  run,
  type Command,
  type Effect,
  type EngineEvent,
  type Env,
  type InstanceState,
} from '../../engine/index.js';
import type { Clock } from '../platform/clock.js';
import { knexOf, type Tx } from '../platform/db/tx.js';
import { ApiError, conflict } from '../platform/http/errors.js';
import { newId, parseChildId } from '../platform/ids.js';
import type { DefinitionRow, DefinitionStore } from '../store/definitions.js';
import type { LeaveProxyDirectory } from '../store/leave-proxies.js';
import { applyEffects, reconcileConsumedWaits, type FollowUp } from './apply-effects.js';
import { deadlineEnv, type DeadlineKit } from '../deadlines/index.js';
import { historyWrite, writeIncidents } from './history.js';
import type { InstanceCache } from './instance-cache.js';
import { parseState, serializeState, type InstanceRow, type Pinned } from './instance-row.js';
import type { StartQuota } from './start-quota.js';
import type { TenantLimits } from './tenant-limits.js';

export interface StartInput {
  definitionId: string;
  tenant: string;
  businessKey?: string | null;
  variables?: Record<string, unknown>;
  startEventId?: string;
  parent?: { instanceId: string; callId: number };
  actor?: string | null;
}

export interface Services {
  clock: Clock;
  definitions: DefinitionStore;
  /** Tenant calendars, deadline policies and notification channels (issue 4); absent = the official calendar only. */
  deadlines?: DeadlineKit;
  /** Instance starts per tenant and minute; called-process starts are part of their parent's command and not counted. */
  startQuota?: StartQuota;
  /** Each tenant's limits: expression work per command, the shortest timer cycle, starts per minute. */
  limits?: TenantLimits;
  /** 离岗代理: who stands in for whom (absent = nobody's tasks are redirected). */
  leaveProxies?: LeaveProxyDirectory;
}

const INSERT_INSTANCE =
  'insert into instances (id, definition_id, process_key, tenant_id, business_key, status, state, version, pinned, parent_id, parent_call, created_at, updated_at, ended_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const UPDATE_INSTANCE =
  'update instances set state = ?, status = ?, version = ?, updated_at = ?, ended_at = ? where id = ? and version = ?';
/**
 * The same when the status and end time stay (most commands): SQLite rewrites the entries of every
 * index on a column the statement sets, changed or not (`instances_ended`, the status counts), and
 * the dashboard counters' triggers fire on updates that set `status` or `ended_at`. The version
 * guard makes the row's own status the database's.
 */
const UPDATE_INSTANCE_STATE =
  'update instances set state = ?, version = ?, updated_at = ? where id = ? and version = ?';

/**
 * One database transaction in which commands run against instances. Follow-ups (start a
 * called process, report a finished child to its parent, deliver a published message) run
 * in the same transaction, so a case and everything it caused commit or roll back together.
 *
 * The command path reads and writes through `tx` with raw statements; `knex()` gives a query
 * builder on the same transaction for everything else.
 */
export class UnitOfWork {
  private readonly followUps: FollowUp[] = [];
  /** Instance rows as this unit last read or wrote them, so a follow-up or a second command needs no new read. */
  private readonly instances = new Map<string, InstanceRow>();
  /** Ids whose row came from the process-wide cache, not from this transaction's own read. */
  private readonly unverified = new Set<string>();
  /** Cached resolutions this unit relied on, to forget when it rolls back. */
  private readonly forgetOnRollback: Array<() => void> = [];
  /** Writes that must see the unit's final rows: run after the follow-ups, just before the audit row and the commit. */
  private readonly beforeCommitWork: Array<() => Promise<void> | void> = [];
  /** Each case this unit started or ran a command on, with its root variables before and after (for the audit trail). */
  readonly touched: Array<{
    id: string;
    tenant: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  }> = [];
  /** The cases this unit started, a called case (a follow-up of a call activity) included. */
  readonly started: string[] = [];
  readonly now: string;

  constructor(
    readonly tx: Tx,
    readonly services: Services,
    private readonly cache?: InstanceCache,
  ) {
    this.now = services.clock.now();
    tx.afterCommit(() => {
      for (const row of this.instances.values()) cache?.set(row);
    });
  }

  /** After a rollback: nothing this unit read, resolved or wrote is trusted any more. */
  forgetCached(): void {
    for (const id of this.instances.keys()) this.cache?.delete(id);
    for (const forget of this.forgetOnRollback) forget();
  }

  /** A query builder inside this transaction (PostgreSQL: opens the explicit transaction). */
  knex(): Promise<Knex> {
    return knexOf(this.tx);
  }

  async readInstance(id: string): Promise<InstanceRow | undefined> {
    const known = this.instances.get(id);
    if (known) return known;
    const cached = this.cache?.get(id);
    if (cached) {
      this.instances.set(id, cached);
      this.unverified.add(id);
      return cached;
    }
    return this.readFresh(id);
  }

  /** A case with its parsed state as this unit sees it (from the process-wide cache too: writes on it are version-guarded). */
  async readCase(id: string): Promise<{ row: InstanceRow; state: InstanceState } | undefined> {
    const row = await this.readInstance(id);
    return row && { row, state: stateOf(row) };
  }

  /**
   * Before refusing on what `readCase` gave: reads the case from the database if it came from the
   * process-wide cache, and says whether it did (then the caller decides again on the fresh row).
   */
  async verifyCase(id: string): Promise<boolean> {
    if (!this.unverified.has(id)) return false;
    await this.readFresh(id);
    return true;
  }

  private async readFresh(id: string): Promise<InstanceRow | undefined> {
    this.cache?.delete(id);
    this.unverified.delete(id);
    const row = await this.tx.first<InstanceRow>('select * from instances where id = ?', [id]);
    if (row) this.instances.set(id, row);
    else this.instances.delete(id);
    return row;
  }

  /**
   * Refuses (409 TASK_NOT_OPEN) unless the task is open: its case waits for it. A refusal never
   * rests on a cached row alone.
   */
  async requireOpenTask(taskId: string): Promise<{ instanceId: string; localId: number }> {
    const ref = parseChildId(taskId);
    const waits = async (fresh: boolean) => {
      if (!ref) return false;
      const row = fresh ? await this.readFresh(ref.instanceId) : await this.readInstance(ref.instanceId);
      return row !== undefined && stateOf(row).waits[ref.localId]?.kind === 'task';
    };
    if (ref && ((await waits(false)) || (this.unverified.has(ref.instanceId) && (await waits(true))))) return ref;
    const closed = await this.tx.first<{ status: string }>('select status from task_history where id = ?', [taskId]);
    throw conflict('TASK_NOT_OPEN', `task ${taskId} is ${closed?.status ?? 'gone'}`);
  }

  /** Starts a case of the process version `input.tenant` sees under a key (404 when there is none). */
  async startLatest(input: Omit<StartInput, 'definitionId'> & { processKey: string }): Promise<InstanceRow> {
    const defs = this.services.definitions;
    const found = await defs.resolveStart(this.tx, input.processKey, input.tenant);
    if (!found)
      throw new ApiError(
        404,
        'PROCESS_NOT_FOUND',
        `no process "${input.processKey}" is deployed for tenant "${input.tenant}" or its parents`,
      );
    // Still what the tenant sees when this commits? (Another process may have deployed since it was resolved.)
    this.forgetOnRollback.push(() => defs.forgetStart(input.processKey, input.tenant));
    this.tx.check(
      found.guard.sql,
      found.guard.params,
      found.guard.deployments,
      `a deployment changed what ${input.tenant} starts under ${input.processKey}`,
    );
    return this.begin(found.process, found.pinned, input);
  }

  /** Starts a case of one process version (a call activity, a message or timer start). */
  async start(input: StartInput): Promise<InstanceRow> {
    const defRow = await this.services.definitions.byId(this.tx, input.definitionId);
    if (defRow?.kind !== 'process')
      throw new ApiError(404, 'PROCESS_NOT_FOUND', `process definition ${input.definitionId} not found`);
    const def = await this.services.definitions.process(this.tx, defRow.id);
    return this.begin(defRow, await this.pin(def.decisionIds, def.formIds, input.tenant), input);
  }

  private async begin(
    defRow: DefinitionRow,
    pinned: Pinned,
    input: Omit<StartInput, 'definitionId'>,
  ): Promise<InstanceRow> {
    const quota = this.services.startQuota;
    if (!input.parent && quota)
      quota.take(input.tenant, this.now, (await this.limitsOf(input.tenant))?.startsPerMinute);
    const defs = this.services.definitions;
    const def = await defs.process(this.tx, defRow.id);
    const env = await this.env(pinned, input.tenant, def);
    const result = runOrReject(() =>
      run(
        def,
        null,
        {
          type: 'startInstance',
          variables: input.variables ?? {},
          ...(input.startEventId ? { startEventId: input.startEventId } : {}),
        },
        env,
      ),
    );
    const row: InstanceRow = {
      id: newId(),
      definition_id: defRow.id,
      process_key: defRow.def_key,
      tenant_id: input.tenant,
      business_key: input.businessKey ?? null,
      status: result.state.status,
      state: serializeState(result.state),
      version: 1,
      pinned: defs.pins.store(this.tx, pinned),
      parent_id: input.parent?.instanceId ?? null,
      parent_call: input.parent?.callId ?? null,
      created_at: this.now,
      updated_at: this.now,
      ended_at: result.state.status === 'active' ? null : this.now,
    };
    this.instances.set(row.id, row);
    this.started.push(row.id);
    this.touched.push({ id: row.id, tenant: row.tenant_id, before: {}, after: rootVars(result.state) });
    const insert = {
      sql: INSERT_INSTANCE,
      params: [
        row.id,
        row.definition_id,
        row.process_key,
        row.tenant_id,
        row.business_key,
        row.status,
        row.state,
        row.version,
        row.pinned,
        row.parent_id,
        row.parent_call,
        row.created_at,
        row.updated_at,
        row.ended_at,
      ],
    };
    await this.afterRun(row, result.state, result.effects, result.events, input.actor ?? null, 'active', insert);
    return row;
  }

  /** Runs a command on an instance; `build` may derive it from the current state. */
  async execute(
    instanceId: string,
    build: Command | ((state: InstanceState, row: InstanceRow) => Command),
    actor: string | null = null,
  ): Promise<{ row: InstanceRow; state: InstanceState }> {
    const row = await this.readInstance(instanceId);
    if (!row) throw new ApiError(404, 'INSTANCE_NOT_FOUND', `process instance ${instanceId} does not exist`);
    const state = stateOf(row);
    const command = typeof build === 'function' ? build(state, row) : build;
    const def = await this.services.definitions.process(this.tx, row.definition_id);
    const env = await this.env(await this.services.definitions.pins.read(this.tx, row.pinned), row.tenant_id, def);
    let result: ReturnType<typeof run>;
    try {
      result = runOrReject(() => run(def, state, command, env));
    } catch (err) {
      // The engine refused a command on a cached row: check against the case as it is now.
      if (err instanceof ApiError && this.unverified.has(row.id)) {
        await this.readFresh(row.id);
        return this.execute(instanceId, build, actor);
      }
      throw err;
    }
    this.unverified.delete(row.id);
    const newRow: InstanceRow = {
      ...row,
      state: serializeState(result.state),
      status: result.state.status,
      version: row.version + 1,
      updated_at: this.now,
      ended_at: result.state.status === 'active' ? null : this.now,
    };
    this.instances.set(row.id, newRow);
    parsedStates.set(newRow, result.state);
    this.touched.push({ id: row.id, tenant: row.tenant_id, before: rootVars(state), after: rootVars(result.state) });
    const sameStatus = newRow.status === row.status && newRow.ended_at === row.ended_at;
    const update = {
      sql: sameStatus ? UPDATE_INSTANCE_STATE : UPDATE_INSTANCE,
      params: sameStatus
        ? [newRow.state, newRow.version, newRow.updated_at, row.id, row.version]
        : [newRow.state, newRow.status, newRow.version, newRow.updated_at, newRow.ended_at, row.id, row.version],
      expect: { rows: 1, what: `instance ${row.id} changed concurrently` },
    };
    await this.afterRun(newRow, result.state, result.effects, result.events, actor, row.status, update, () =>
      reconcileConsumedWaits(this, newRow, state, result.state, result.effects, actor),
    );
    return { row: newRow, state: result.state };
  }

  /**
   * The rows a run leaves: the instance row with its history row (written together, first: task
   * and job rows refer to the instance), the rows of waits the command used up, then its effects'.
   */
  private async afterRun(
    row: InstanceRow,
    state: InstanceState,
    effects: Effect[],
    events: EngineEvent[],
    actor: string | null,
    before: string,
    instanceWrite: Parameters<Tx['writeTogether']>[0][number],
    settleConsumed: () => void = () => {},
  ): Promise<void> {
    this.tx.writeTogether([instanceWrite, ...historyWrite(row, events, actor, this.now)]);
    settleConsumed();
    await applyEffects(this, row, effects, this.followUps);
    writeIncidents(this.tx, row, events, this.now);
    if (before === 'active' && state.status !== 'active' && row.parent_id && row.parent_call !== null) {
      const root = Object.values(state.scopes).find((s) => s.parent === null);
      this.followUps.push({
        kind: 'childEnded',
        parentId: row.parent_id,
        callId: row.parent_call,
        completed: state.status === 'completed',
        variables: root?.vars ?? {},
      });
    }
  }

  /** `work` runs once the follow-ups are done, inside this transaction (again on a retry: the unit is new). */
  beforeCommit(work: () => Promise<void> | void): void {
    this.beforeCommitWork.push(work);
  }

  async runBeforeCommit(): Promise<void> {
    for (const work of this.beforeCommitWork) await work();
  }

  /** Runs follow-ups until none are left (bounded, so a message ping-pong cannot loop forever). */
  async flush(handle: (unit: UnitOfWork, f: FollowUp) => Promise<void>): Promise<void> {
    for (let i = 0; this.followUps.length > 0; i++) {
      if (i > 1000) throw new ApiError(500, 'FOLLOW_UP_LOOP', 'more than 1000 follow-up actions in one command');
      await handle(this, this.followUps.shift()!);
    }
  }

  private async pin(decisionIds: string[], formIds: string[], tenant: string): Promise<Pinned> {
    const pinned: Pinned = { decisions: {}, forms: {} };
    const decisions = await this.services.definitions.resolveMany(this.tx, 'decision', decisionIds, tenant);
    for (const key of decisionIds) if (decisions.has(key)) pinned.decisions[key] = decisions.get(key)!.id;
    const forms = await this.services.definitions.resolveMany(this.tx, 'form', formIds, tenant);
    for (const key of formIds) if (forms.has(key)) pinned.forms[key] = forms.get(key)!.id;
    return pinned;
  }

  private limitsOf(tenant: string) {
    return this.services.limits?.of(tenant, this.tx);
  }

  private async env(pinned: Pinned, tenant: string, def: ExecutableProcess): Promise<Env> {
    const env: Env = { now: this.now };
    const limits = await this.limitsOf(tenant);
    if (limits) {
      env.evaluationLimits = limits.evaluation;
      env.minTimerCycleMs = limits.minTimerCycleMs;
    }
    const keys = Object.keys(pinned.decisions);
    if (keys.length > 0) {
      const decisions: NonNullable<Env['decisions']> = {};
      for (const key of keys)
        decisions[key] = await this.services.definitions.decision(this.tx, pinned.decisions[key]!);
      env.decisions = decisions;
    }
    // Working-unit timers (civic:deadline on a boundary timer) count on the tenant's calendars.
    return Object.assign(env, await deadlineEnv(this.tx, this.services.deadlines, tenant, def));
  }
}

/**
 * Parsed states by row object: a cached row is parsed once, not per command. The engine never
 * changes the state it is given, and neither does anything here, so sharing them is safe.
 */
const parsedStates = new WeakMap<InstanceRow, InstanceState>();
function stateOf(row: InstanceRow): InstanceState {
  let state = parsedStates.get(row);
  if (!state) parsedStates.set(row, (state = parseState(row)));
  return state;
}

function rootVars(state: InstanceState): Record<string, unknown> {
  return Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {};
}

function runOrReject<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandRejected) throw new ApiError(409, err.code, err.message);
    throw err;
  }
}

import type { Knex } from 'knex';
import type { ExecutableProcess } from '../../definitions/index.js';
import { CommandRejected, run, type Command, type Env, type InstanceState } from '../../engine/index.js';
import type { Clock } from '../clock.js';
import { ApiError, VersionConflict } from '../errors.js';
import { newId } from '../ids.js';
import type { DeadlineKit } from '../deadlines/kit.js';
import type { DefinitionStore } from '../store/definitions.js';
import { applyEffects, reconcileConsumedWaits, type FollowUp } from './apply-effects.js';
import { businessCalendar } from './deadlines.js';
import { writeHistory } from './history.js';
import { parseState, type InstanceRow, type Pinned } from './instance-row.js';

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
}

/**
 * One database transaction in which commands run against instances. Follow-ups (start a
 * called process, report a finished child to its parent, deliver a published message) run
 * in the same transaction, so a case and everything it caused commit or roll back together.
 */
export class UnitOfWork {
  private readonly followUps: FollowUp[] = [];
  readonly now: string;

  constructor(
    readonly trx: Knex.Transaction,
    readonly services: Services,
  ) {
    this.now = services.clock.now();
  }

  async start(input: StartInput): Promise<InstanceRow> {
    const defs = this.services.definitions;
    const defRow = await defs.byId(this.trx, input.definitionId);
    if (!defRow || defRow.kind !== 'process') throw new ApiError(404, 'PROCESS_NOT_FOUND', `process definition ${input.definitionId} not found`);
    const def = await defs.process(this.trx, defRow.id);
    const pinned = await this.pin(def.decisionIds, def.formIds, input.tenant);
    const id = newId();
    const env = await this.env(pinned, input.tenant, def);
    const result = runOrReject(() => run(def, null, { type: 'startInstance', variables: input.variables ?? {}, ...(input.startEventId ? { startEventId: input.startEventId } : {}) }, env));
    const row: InstanceRow = {
      id,
      definition_id: defRow.id,
      process_key: defRow.def_key,
      tenant_id: input.tenant,
      business_key: input.businessKey ?? null,
      status: result.state.status,
      state: JSON.stringify(result.state),
      version: 1,
      pinned: JSON.stringify(pinned),
      parent_id: input.parent?.instanceId ?? null,
      parent_call: input.parent?.callId ?? null,
      created_at: this.now,
      updated_at: this.now,
      ended_at: result.state.status === 'active' ? null : this.now,
    };
    await this.trx('instances').insert(row);
    await this.afterRun(row, result.state, result.effects, result.events, input.actor ?? null, 'active');
    return row;
  }

  /** Runs a command on an instance; `build` may derive it from the current state. */
  async execute(instanceId: string, build: Command | ((state: InstanceState, row: InstanceRow) => Command), actor: string | null = null): Promise<{ row: InstanceRow; state: InstanceState }> {
    const row = (await this.trx('instances').where({ id: instanceId }).first()) as InstanceRow | undefined;
    if (!row) throw new ApiError(404, 'INSTANCE_NOT_FOUND', `process instance ${instanceId} does not exist`);
    const state = parseState(row);
    const command = typeof build === 'function' ? build(state, row) : build;
    const def = await this.services.definitions.process(this.trx, row.definition_id);
    const env = await this.env(JSON.parse(row.pinned) as Pinned, row.tenant_id, def);
    const result = runOrReject(() => run(def, state, command, env));
    const next: Partial<InstanceRow> = {
      state: JSON.stringify(result.state),
      status: result.state.status,
      version: row.version + 1,
      updated_at: this.now,
      ended_at: result.state.status === 'active' ? null : this.now,
    };
    const updated = await this.trx('instances').where({ id: row.id, version: row.version }).update(next);
    if (updated !== 1) throw new VersionConflict(row.id);
    const newRow = { ...row, ...next } as InstanceRow;
    await reconcileConsumedWaits(this, newRow, state, result.state, result.effects, actor);
    await this.afterRun(newRow, result.state, result.effects, result.events, actor, row.status);
    return { row: newRow, state: result.state };
  }

  private async afterRun(row: InstanceRow, state: InstanceState, effects: Parameters<typeof applyEffects>[2], events: Parameters<typeof writeHistory>[2], actor: string | null, before: string): Promise<void> {
    await applyEffects(this, row, effects, this.followUps);
    await writeHistory(this.trx, row, events, actor, this.now);
    if (before === 'active' && state.status !== 'active' && row.parent_id && row.parent_call !== null) {
      const root = Object.values(state.scopes).find((s) => s.parent === null);
      this.followUps.push({ kind: 'childEnded', parentId: row.parent_id, callId: row.parent_call, completed: state.status === 'completed', variables: root?.vars ?? {} });
    }
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
    const decisions = await this.services.definitions.resolveMany(this.trx, 'decision', decisionIds, tenant);
    for (const key of decisionIds) if (decisions.has(key)) pinned.decisions[key] = decisions.get(key)!.id;
    const forms = await this.services.definitions.resolveMany(this.trx, 'form', formIds, tenant);
    for (const key of formIds) if (forms.has(key)) pinned.forms[key] = forms.get(key)!.id;
    return pinned;
  }

  private async env(pinned: Pinned, tenant: string, def: ExecutableProcess): Promise<Env> {
    const env: Env = { now: this.now };
    const keys = Object.keys(pinned.decisions);
    if (keys.length > 0) {
      const decisions: NonNullable<Env['decisions']> = {};
      for (const key of keys) decisions[key] = await this.services.definitions.decision(this.trx, pinned.decisions[key]!);
      env.decisions = decisions;
    }
    // Working-unit timers (civic:deadline on a boundary timer) count on the tenant's calendars.
    const calendar = await businessCalendar(this.trx, this.services.deadlines, tenant, def);
    if (calendar) env.calendar = calendar;
    return env;
  }
}

function runOrReject<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandRejected) throw new ApiError(409, err.code, err.message);
    throw err;
  }
}

// The appeal loop through the runtime's command layer: the calls the HTTP handlers make
// (POST /api/process-instances, POST /api/tasks/:id/complete), minus HTTP, authentication and
// the response views. Nothing is factored out of the handlers; the same functions are called.
import { validateFormData } from '../../definitions/index.js';
import type { InstanceState } from '../../engine/index.js';
import { FOLLOW_UP, HANDLE, INTAKE } from '../../engine/bench/workload.js';
import { withAuditScope } from '../audit/index.js';
import { indexCaseInCommand } from '../cases/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import { parseState } from '../execution/instance-row.js';
import { ApiError } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { childId } from '../platform/ids.js';
import { readHistory } from '../store/history.js';

export const PROCESS_KEY = 'appeal-loop';
export const ACTOR = 'bench';
/** Commands are audited as the HTTP handlers' are: who, from where, what was sent. */
const CLIENT = '127.0.0.1';

/** The steps of one appeal, in order, with the form each task shows (checked against the task rows). */
export const STEPS = [
  { name: 'completeReceive', elementId: 'Task_Receive', formKey: 'appeal-intake', variables: INTAKE },
  { name: 'completeHandle', elementId: 'Task_HandleLabour', formKey: 'appeal-handle', variables: HANDLE },
  { name: 'completeFollowUp', elementId: 'Task_FollowUp', formKey: 'appeal-followup', variables: FOLLOW_UP },
] as const;

export type CommandName = 'start' | (typeof STEPS)[number]['name'];
export const COMMAND_NAMES: CommandName[] = ['start', ...STEPS.map((s) => s.name)];

export interface Case {
  row: InstanceRow;
  state: InstanceState;
}

export type Deps0 = Pick<Deps, 'db' | 'tenants' | 'definitions' | 'commands'>;

/**
 * `index`: write the case's search row in the command's batch (`indexCaseInCommand`), as the HTTP
 * handlers do. The benchmark passes it; tests that seed cases across migrations leave it off (the
 * search row's columns depend on the migrations they stand at).
 */
export interface DriverOptions {
  index?: boolean;
}

/** Start a case as POST /api/process-instances does: tenant check, resolve the key, one transaction. */
export async function startCase(deps: Deps0, tenant: string, opts: DriverOptions = {}): Promise<Case> {
  await deps.tenants.require(tenant);
  const audit = {
    actor: ACTOR,
    client: CLIENT,
    action: 'POST /api/process-instances',
    request: { processKey: PROCESS_KEY, tenant },
  };
  const row = await withAuditScope(audit, () =>
    deps.commands.transact(async (unit) => {
      const started = await unit.startLatest({
        processKey: PROCESS_KEY,
        tenant,
        businessKey: null,
        variables: {},
        actor: ACTOR,
      });
      if (opts.index) indexCaseInCommand(unit, started.id);
      return started;
    }),
  );
  return { row, state: parseState(row) };
}

/** The id of the open task the case waits in at `elementId` (a client reads it from GET /api/tasks). */
export function openTaskId(c: Case, elementId: string): { taskId: string; local: number } {
  const wait = Object.values(c.state.waits).find((w) => w.kind === 'task' && w.el === elementId);
  if (!wait) throw new Error(`case ${c.row.id} has no open task at <${elementId}>`);
  return { taskId: childId(c.row.id, wait.id), local: wait.id };
}

/**
 * Complete a task as POST /api/tasks/:id/complete does: validate the form data against the form
 * the case pinned, then, in one transaction, re-read the task, refuse unless it is open, and run
 * `completeTask` (which marks the task row completed and opens the next rows).
 */
export async function completeTask(
  deps: Deps0,
  c: Case,
  step: (typeof STEPS)[number],
  opts: DriverOptions = {},
): Promise<Case> {
  const { taskId, local } = openTaskId(c, step.elementId);
  const pinned = await deps.definitions.pins.read(deps.db.knex, c.row.pinned);
  const formDefId = pinned.forms[step.formKey];
  if (!formDefId) throw new Error(`case ${c.row.id} pinned no form ${step.formKey}`);
  const form = await deps.definitions.form(deps.db.knex, formDefId);
  const problems = validateFormData(form, step.variables, 'zh-CN');
  if (problems.length > 0) throw new ApiError(400, 'FORM_INVALID', problems.map((p) => p.message).join('；'), problems);
  const variables = step.variables as Record<string, unknown>;
  const audit = { actor: ACTOR, client: CLIENT, action: `POST /api/tasks/${taskId}/complete`, request: { variables } };
  return withAuditScope(audit, () =>
    deps.commands.transact(async (unit) => {
      await unit.requireOpenTask(taskId);
      const row = await unit.execute(c.row.id, { type: 'completeTask', taskId: local, variables }, ACTOR);
      if (opts.index) indexCaseInCommand(unit, c.row.id);
      return row;
    }),
  );
}

/** One whole appeal; `time(name, ms)` receives each command's latency. */
export async function appealLoop(
  deps: Deps0,
  tenant: string,
  time?: (name: CommandName, ms: number) => void,
  opts: DriverOptions = {},
): Promise<Case> {
  let t0 = performance.now();
  let c = await startCase(deps, tenant, opts);
  time?.('start', performance.now() - t0);
  for (const step of STEPS) {
    t0 = performance.now();
    c = await completeTask(deps, c, step, opts);
    time?.(step.name, performance.now() - t0);
  }
  if (c.state.status !== 'completed') throw new Error(`case ${c.row.id} is ${c.state.status} after the follow-up`);
  return c;
}

/** Start + receive: a case open at the labour department (Task_HandleLabour, 72 h timer armed). */
export async function openCase(deps: Deps0, tenant: string, opts: DriverOptions = {}): Promise<Case> {
  const c = await startCase(deps, tenant, opts);
  return completeTask(deps, c, STEPS[0], opts);
}

/** One loop with every row checked: route, task rows and forms, timer armed then removed, end state, history. */
export async function checkLoop(deps: Deps0, tenant: string, opts: DriverOptions = {}): Promise<void> {
  const knex = deps.db.knex;
  let c = await startCase(deps, tenant, opts);
  for (const step of STEPS) {
    const { taskId } = openTaskId(c, step.elementId);
    const task = await knex('tasks').where({ id: taskId }).first();
    if (!task || task.status !== 'open' || task.form_key !== step.formKey)
      throw new Error(`task row ${taskId}: ${JSON.stringify(task)}`);
    c = await completeTask(deps, c, step, opts);
    const done = await knex('task_history').where({ id: taskId }).first();
    if (done?.status !== 'completed' || done.completed_by !== ACTOR)
      throw new Error(`task ${taskId} was not archived as completed: ${JSON.stringify(done)}`);
    if (await knex('tasks').where({ id: taskId }).first())
      throw new Error(`task ${taskId} is still in tasks after its completion`);
    if (step.name === 'completeReceive') {
      const waits = Object.values(c.state.waits)
        .map((w) => `${w.kind}@${w.el}`)
        .sort();
      if (JSON.stringify(waits) !== JSON.stringify(['task@Task_HandleLabour', 'timer@Timer_LabourUrge']))
        throw new Error(`routed to ${waits.join(', ')}`);
      const timers = await knex('jobs').where({ instance_id: c.row.id, kind: 'timer' });
      if (timers.length !== 1) throw new Error(`expected one armed timer, found ${timers.length}`);
    }
  }
  if (c.state.status !== 'completed') throw new Error(`case ended ${c.state.status}`);
  const jobs = await knex('jobs').where({ instance_id: c.row.id });
  const open = await knex('tasks').where({ instance_id: c.row.id });
  if (jobs.length !== 0 || open.length !== 0) throw new Error('rows left behind by a completed case');
  const completed = (await readHistory(knex, c.row.id))
    .filter((e) => e.type === 'elementCompleted')
    .map((e) => e.elementId);
  const expected = [
    'StartEvent_Appeal',
    'Task_Receive',
    'Gateway_Route',
    'Task_HandleLabour',
    'Gateway_Handled',
    'Task_FollowUp',
    'End_Closed',
  ];
  if (JSON.stringify(completed) !== JSON.stringify(expected)) throw new Error(`history: ${completed.join(', ')}`);
}

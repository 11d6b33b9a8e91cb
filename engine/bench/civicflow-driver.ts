// Drives the appeal loop through civicflow's pure engine the way the runtime does: one
// `run` per command, the state stored as JSON text between commands and parsed back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type ExecutableProcess } from '../../definitions/index.js';
import { run, type Command, type Effect, type Env, type InstanceState } from '../index.js';
import { FOLLOW_UP, HANDLE, INTAKE } from './workload.js';

export const APPEAL_DIR = join(import.meta.dirname, '..', '..', 'examples', 'appeal');
const RESOURCES = [
  'appeal-loop.bpmn',
  'appeal-intake.form.json',
  'appeal-handle.form.json',
  'appeal-followup.form.json',
];

export async function compileAppealLoop(): Promise<ExecutableProcess> {
  const result = await compile(
    RESOURCES.map((name) => ({ name, content: readFileSync(join(APPEAL_DIR, name), 'utf8') })),
  );
  if (!result.ok)
    throw new Error(`the appeal loop does not compile:\n${result.problems.map((p) => p.message).join('\n')}`);
  const def = result.deployment.processes.find((p) => p.id === 'appeal-loop');
  if (!def) throw new Error('the deployment has no process appeal-loop');
  return def;
}

const ENV: Env = { now: '2026-03-02T01:00:00.000Z' };

interface Stored {
  json: string;
  effects: Effect[];
}

/** One command against a stored instance: parse, run, serialise (what a runtime pays per request). */
function command(
  def: ExecutableProcess,
  stored: Stored | null,
  cmd: (state: InstanceState | null, effects: Effect[]) => Command,
): Stored {
  const state = stored === null ? null : (JSON.parse(stored.json) as InstanceState);
  const result = run(def, state, cmd(state, stored?.effects ?? []), ENV);
  return { json: JSON.stringify(result.state), effects: result.effects };
}

/** The task id comes from the `createTask` effect of the previous command, as in the runtime. */
function complete(el: string, variables: Record<string, unknown>) {
  return (_state: InstanceState | null, effects: Effect[]): Command => {
    for (const e of effects)
      if (e.type === 'createTask' && e.elementId === el) return { type: 'completeTask', taskId: e.taskId, variables };
    throw new Error(`civicflow: no task was created at <${el}>`);
  };
}

const start = (): Command => ({ type: 'startInstance', variables: {} });

/** Start, receive (劳动纠纷), and stop at the labour department's task: the stored waiting instance. */
export function civicflowWaiting(def: ExecutableProcess): Stored {
  const started = command(def, null, start);
  return command(def, started, complete('Task_Receive', INTAKE));
}

/** One appeal from start to end; returns the final stored state. */
export function civicflowLoop(def: ExecutableProcess): Stored {
  const waiting = civicflowWaiting(def);
  const handled = command(def, waiting, complete('Task_HandleLabour', HANDLE));
  const closed = command(def, handled, complete('Task_FollowUp', FOLLOW_UP));
  return closed;
}

/** Runs one loop with full checks: the route taken, the boundary timer, the end state. */
export function civicflowCheck(def: ExecutableProcess): { waitingState: string } {
  const waiting = civicflowWaiting(def);
  const state = JSON.parse(waiting.json) as InstanceState;
  const waits = Object.values(state.waits)
    .map((w) => `${w.kind}@${w.el}`)
    .sort();
  const expected = ['task@Task_HandleLabour', 'timer@Timer_LabourUrge'];
  if (JSON.stringify(waits) !== JSON.stringify(expected))
    throw new Error(`civicflow: waiting at ${waits.join(', ')}, expected ${expected.join(', ')}`);
  const handled = command(def, waiting, complete('Task_HandleLabour', HANDLE));
  if (!handled.effects.some((e) => e.type === 'cancelTimer'))
    throw new Error('civicflow: the 72h boundary timer was not cancelled');
  const closed = command(def, handled, complete('Task_FollowUp', FOLLOW_UP));
  const final = JSON.parse(closed.json) as InstanceState;
  if (final.status !== 'completed') throw new Error(`civicflow: the instance is ${final.status}, expected completed`);
  const root = Object.values(final.scopes).find((s) => s.parent === null);
  if (root?.vars.category !== INTAKE.category || root.vars.satisfaction !== FOLLOW_UP.satisfaction)
    throw new Error('civicflow: task variables were not merged into the process');
  return { waitingState: waiting.json };
}

export function civicflowFinalStatus(stored: Stored): string {
  return (JSON.parse(stored.json) as InstanceState).status;
}

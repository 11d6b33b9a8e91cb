import type { FlowNode } from '../../definitions/index.js';
import { CommandRejected, type Command, type Variables } from '../commands.js';
import type { Wait, WaitKind } from '../state.js';
import { fireWait } from './dispatch.js';
import type { Execution } from './execution.js';
import { terminateScope } from './lifecycle.js';
import { openListenerJob } from './listeners.js';
import { moveTokens } from './move.js';
import { refuseTask, returnTask, withdrawTask } from './send-back.js';
import { throwEvent } from './throw.js';

type Handler<T extends Command['type']> = (ctx: Execution, cmd: Extract<Command, { type: T }>) => void;
type Handlers = { [T in Command['type']]: Handler<T> };

/** What each command does to the instance. Each validates first and rejects without changes. */
export const COMMAND_HANDLERS: Handlers = {
  startInstance(ctx, cmd) {
    const start = pickStartEvent(ctx, cmd.startEventId);
    const root = ctx.createScope(null, undefined, { ...(cmd.variables ?? {}) });
    ctx.emit('instanceStarted', start.id);
    ctx.elements.eventSubProcesses.openWaits(ctx, root.id, ctx.def.eventSubProcesses);
    ctx.createToken(start.id, root.id);
  },
  completeTask(ctx, cmd) {
    fire(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.variables);
  },
  completeJob(ctx, cmd) {
    const wait = waitOf(ctx, cmd.jobId, 'job');
    ctx.emit('jobCompleted', wait.el);
    if (cmd.result) ctx.jobResult = cmd.result;
    fire(ctx, wait, cmd.variables);
  },
  failJob(ctx, cmd) {
    const wait = waitOf(ctx, cmd.jobId, 'job');
    ctx.emit('jobFailed', wait.el, { retries: cmd.retries, error: cmd.errorMessage ?? '' });
    if (cmd.retries > 0) {
      wait.retries = cmd.retries;
      return;
    }
    const token = ctx.token(wait.token!)!;
    ctx.consumeWait(wait);
    ctx.raiseIncident(
      token,
      'JOB_NO_RETRIES',
      `job failed and has no retries left: ${cmd.errorMessage ?? 'no message'}`,
    );
  },
  throwError(ctx, cmd) {
    const wait = ctx.state.waits[cmd.waitId];
    if (!wait || (wait.kind !== 'job' && wait.kind !== 'call'))
      throw new CommandRejected('WAIT_NOT_FOUND', `no open job or call activity ${cmd.waitId}`);
    const token = ctx.token(wait.token!)!;
    ctx.consumeWait(wait);
    if (!throwEvent(ctx, token, 'error', cmd.errorCode, cmd.variables ?? {}, true)) {
      ctx.raiseIncident(
        token,
        'UNHANDLED_ERROR',
        `error "${cmd.errorCode}" was thrown and nothing catches it${cmd.errorMessage ? `: ${cmd.errorMessage}` : ''}`,
      );
    }
  },
  fireTimer(ctx, cmd) {
    const wait = waitOf(ctx, cmd.timerId, 'timer');
    ctx.emit('timerFired', wait.el);
    fire(ctx, wait, {});
  },
  correlateMessage(ctx, cmd) {
    const key = cmd.correlationKey;
    const wait = Object.values(ctx.state.waits).find(
      (w) => w.kind === 'message' && w.message === cmd.name && w.key === key,
    );
    if (!wait)
      throw new CommandRejected(
        'MESSAGE_NOT_CORRELATED',
        `no subscription for message "${cmd.name}"${key !== undefined ? ` with key "${key}"` : ''}`,
      );
    ctx.emit('messageCorrelated', wait.el, { name: cmd.name, ...(key !== undefined ? { correlationKey: key } : {}) });
    fire(ctx, wait, cmd.variables);
  },
  broadcastSignal(ctx, cmd) {
    // Every subscription of the name is reached, each once, even those that open while it runs are not.
    const reached = Object.values(ctx.state.waits)
      .filter((w) => w.kind === 'signal' && w.signal === cmd.name)
      .map((w) => w.id);
    if (reached.length === 0)
      throw new CommandRejected('SIGNAL_NOT_CAUGHT', `no subscription for signal "${cmd.name}"`);
    for (const id of reached) {
      const wait = ctx.state.waits[id];
      if (!wait) continue; // an interrupting event that fired first took this one away
      ctx.emit('signalCaught', wait.el, { name: cmd.name });
      fire(ctx, wait, cmd.variables);
    }
  },
  completeCall(ctx, cmd) {
    fire(ctx, waitOf(ctx, cmd.callId, 'call'), cmd.variables);
  },
  terminateCall(ctx, cmd) {
    const wait = waitOf(ctx, cmd.callId, 'call');
    const token = ctx.token(wait.token!)!;
    ctx.consumeWait(wait);
    ctx.raiseIncident(token, 'CALLED_INSTANCE_TERMINATED', `the called process instance was terminated`);
  },
  setVariables(ctx, cmd) {
    const root = Object.values(ctx.state.scopes).find((s) => s.parent === null)!;
    Object.assign(root.vars, cmd.variables);
    ctx.emit('variablesUpdated', undefined, { names: Object.keys(cmd.variables) });
  },
  resolveIncident(ctx, cmd) {
    const incident = ctx.state.incidents[cmd.incidentId];
    if (!incident) throw new CommandRejected('INCIDENT_NOT_FOUND', `no open incident ${cmd.incidentId}`);
    delete ctx.state.incidents[incident.id];
    ctx.emit('incidentResolved', incident.el, { incidentId: incident.id });
    if (cmd.retries !== undefined) ctx.jobRetriesOverride = cmd.retries;
    const token = ctx.token(incident.token);
    if (!token) return;
    // A job out of retries gets a new job; the activity is not re-entered, so its boundary
    // timers keep their due dates and its input mappings are not evaluated again.
    const node = ctx.node(token.el);
    if (incident.code === 'JOB_NO_RETRIES' && token.listener) {
      token.phase = 'waiting';
      openListenerJob(ctx, token, node);
      return;
    }
    const job = incident.code === 'JOB_NO_RETRIES' && 'job' in node ? node.job : undefined;
    if (job) {
      token.phase = 'waiting';
      ctx.elements.openJob(ctx, token, node, job);
      return;
    }
    ctx.schedule(token);
  },
  moveTokens(ctx, cmd) {
    // Variables given with a move are set in the process scope before anything is activated.
    if (cmd.variables && Object.keys(cmd.variables).length > 0) {
      const root = Object.values(ctx.state.scopes).find((s) => s.parent === null)!;
      Object.assign(root.vars, cmd.variables);
      ctx.emit('variablesUpdated', undefined, { names: Object.keys(cmd.variables) });
    }
    moveTokens(ctx, cmd.cancel, cmd.activate);
  },
  cancelInstance(ctx) {
    const root = Object.values(ctx.state.scopes).find((s) => s.parent === null)!;
    terminateScope(ctx, root.id);
    ctx.state.status = 'terminated';
    ctx.emit('instanceTerminated');
  },
  returnTask(ctx, cmd) {
    returnTask(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.targetElementId, cmd.reason);
  },
  refuseTask(ctx, cmd) {
    refuseTask(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.department, cmd.reason);
  },
  withdrawTask(ctx, cmd) {
    withdrawTask(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.targetElementId);
  },
  addSigners(ctx, cmd) {
    ctx.elements.multiInstance.addSigners(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.items, cmd.reason ?? '');
  },
  removeSigners(ctx, cmd) {
    ctx.elements.multiInstance.removeSigners(ctx, waitOf(ctx, cmd.taskId, 'task'), cmd.items, cmd.reason ?? '');
  },
};

function pickStartEvent(ctx: Execution, id: string | undefined): FlowNode {
  const starts = ctx.def.startEvents.map((s) => ctx.node(s));
  const start =
    id === undefined
      ? (starts.find((s) => s.kind === 'startEvent' && s.event.type === 'none') ??
        (starts.length === 1 ? starts[0] : undefined))
      : starts.find((s) => s.id === id);
  if (!start) {
    throw new CommandRejected(
      'START_EVENT_INVALID',
      id === undefined
        ? `process ${ctx.def.id} has no none start event; name the start event`
        : `<${id}> is not a start event of process ${ctx.def.id}`,
    );
  }
  return start;
}

function waitOf(ctx: Execution, id: number, kind: WaitKind): Wait {
  const wait = ctx.state.waits[id];
  if (!wait) throw new CommandRejected('WAIT_NOT_FOUND', `no open ${kind} ${id} in this instance`);
  if (wait.kind !== kind) throw new CommandRejected('WRONG_WAIT_KIND', `${id} is a ${wait.kind}, not a ${kind}`);
  return wait;
}

function fire(ctx: Execution, wait: Wait, variables: Variables | undefined): void {
  fireWait(ctx, wait, variables ?? {});
}

import type { BehaviourRegistry, ElementHooks } from '../kernel/execution.js';
import { adHocActivationDone } from './ad-hoc.js';
import { boundaryEvent, fireBoundary, openBoundaryWaits, startBoundaryToken } from './boundary-event.js';
import { openEventSubProcessWaits, startEventSubProcess, startEventSubProcessFromWait } from './event-subprocess.js';
import { endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events.js';
import {
  eventBasedGateway,
  exclusiveGateway,
  fireEventGateway,
  inclusiveGateway,
  parallelGateway,
  settleInclusiveJoins,
} from './gateways.js';
import { openJob } from './job.js';
import { listenerCompleted } from '../kernel/listeners.js';
import { activateMultiInstanceBody, innerInstanceCompleted } from './multi-instance.js';
import { addSigners, removeSigners } from './signers.js';
import { callActivity, subProcess } from './sub-process.js';
import { businessRuleTask, manualTask, receiveTask, scriptTask, sendTask, serviceTask, task } from './tasks.js';
import { userTask } from './user-task.js';

/** One behaviour per node kind the compiler emits; the type makes a missing kind a compile error. */
export const BEHAVIOURS: BehaviourRegistry = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
  userTask,
  serviceTask,
  sendTask,
  businessRuleTask,
  scriptTask,
  receiveTask,
  manualTask,
  task,
  subProcess,
  callActivity,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
};

/** Everything the kernel reaches of the elements: it imports this module and no other element. */
export const ELEMENTS: ElementHooks = {
  behaviours: BEHAVIOURS,
  fireWait: {
    boundary: fireBoundary,
    gateway: fireEventGateway,
    eventSubProcess: startEventSubProcessFromWait,
    listener: listenerCompleted,
  },
  settle: settleInclusiveJoins,
  multiInstance: {
    activateBody: activateMultiInstanceBody,
    innerCompleted: innerInstanceCompleted,
    addSigners,
    removeSigners,
  },
  boundaryEvents: { openWaits: openBoundaryWaits, start: startBoundaryToken },
  eventSubProcesses: { openWaits: openEventSubProcessWaits, start: startEventSubProcess },
  adHoc: { activationDone: adHocActivationDone },
  openJob,
};

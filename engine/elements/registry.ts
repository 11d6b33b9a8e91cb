import type { BehaviourRegistry } from './behaviour.js';
import { boundaryEvent } from './boundary-event.js';
import { endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events.js';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways.js';
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

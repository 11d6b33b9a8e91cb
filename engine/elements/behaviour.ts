export type { Behaviour, BehaviourRegistry } from '../kernel/execution.js';

// 流程监控: where the cases of a process stand, element by element, for supervisors.
export { processMapRoutes } from './routes.js';
export { calledProcessAt } from './statistics.js';
export { whereStuckAt, whereWaitingAt } from './waiting.js';

// 离岗代理: a person away names a proxy who gets their personal tasks for a period.
export { leaveProxyRoutes } from './routes.js';
export { handOverDue, HANDOVER_ACTOR } from './service.js';
export { LeaveHandoverScanner } from './scanner.js';

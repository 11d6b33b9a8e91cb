// Staff tasks: the inbox, claiming, forms and completion.
export * from './queries.js';
export { taskView } from './views.js';
export { taskRoutes } from './routes.js';
export { taskOperationRoutes } from './operation-routes.js';
export { allowedOperations, delegationOf, handOverTask, isCcRecipient, type TaskOperation } from './operations.js';
export { actionableTask, visibleTask } from './access.js';
export { caseTitles } from './case-titles.js';
export { markCopyRead } from './copies.js';
export { countersignsOf, type CountersignView } from './countersign.js';
export { COUNTERSIGN_SCHEMA } from './countersign-schema.js';

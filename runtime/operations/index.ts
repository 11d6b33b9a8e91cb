// Operating the engine: jobs, incidents, messages, and the controlled clock in tests and demos.
export { clockRoutes, operationRoutes } from './routes.js';

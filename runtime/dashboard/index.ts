// The supervisor's overview of a subtree: cases, open tasks by light, by step and by department.
export * from './summary.js';
export { dashboardRoutes } from './routes.js';

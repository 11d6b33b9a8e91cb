// Deploying processes, forms and decisions per tenant, and reading what is deployed.
export { definitionRoutes } from './routes.js';

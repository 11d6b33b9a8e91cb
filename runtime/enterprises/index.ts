// Enterprises of a tenant and their public intake addresses.
export { enterpriseRoutes, intakeUrl } from './routes.js';

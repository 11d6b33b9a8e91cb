// Enterprises of a tenant (一企一码): their codes, the public intake addresses, import and printing.
export { enterpriseRoutes } from './routes.js';
export { intakeUrl, PURPOSES, type Purpose } from './model.js';
export { enterpriseByCode } from './service.js';

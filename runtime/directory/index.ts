// The tenant tree, groups and users.
export { directoryRoutes } from './routes.js';

// Citizens' appeals submitted without an account, rate-limited per address.
export { publicIntakeRoutes, type PublicIntakeConfig } from './routes.js';

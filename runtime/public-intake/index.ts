// Citizens' appeals submitted without an account, rate-limited per address.
export { DEFAULT_PUBLIC_INTAKE, publicIntakeRoutes, type PublicIntakeConfig } from './routes.js';
export { intakeOf } from './intake.js';

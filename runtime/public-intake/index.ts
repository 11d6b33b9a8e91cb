// Citizens' appeals submitted without an account, rate-limited per address.
export { publicIntakeRoutes, type PublicIntakeConfig } from './routes.js';
export { IntakeUploadSweeper, type IntakeUploadSweeperOptions } from './cleanup.js';

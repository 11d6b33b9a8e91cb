// Accounts, tokens and roles: who is calling and what they may reach.
export * from './accounts.js';
export { mayAddToCase, mayReadCase, maySetVariablesBy, seesAllCases, whereCaseReadable } from './case-access.js';
export { authRoutes } from './routes.js';
export { actorNames } from './actor-names.js';
export { recordAccountEvent, listAccountEvents, type AccountAction, type AccountEvent } from './account-events.js';
export {
  AccountService,
  managedUser,
  requireDisplayName,
  requireGroupsVisible,
  requireStrongPassword,
  type Actor,
} from './account-service.js';
export { configureThrottle, unlockAccount, DEFAULT_THROTTLE, type ThrottleSettings } from './throttle.js';

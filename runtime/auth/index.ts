// Who is calling and what they may reach: sign-in, tokens, roles, case access, the account change log.
// The accounts themselves (users, memberships) are the directory's.
export * from './accounts.js';
export { mayAddToCase, mayReadCase, maySetVariablesBy, seesAllCases, whereCaseReadable } from './case-access.js';
export { authRoutes, withRetryAfter } from './routes.js';
export { actorNames } from './actor-names.js';
export {
  ACCOUNT_EVENT_SCHEMA,
  recordAccountEvent,
  listAccountEvents,
  type AccountAction,
  type AccountEvent,
} from './account-events.js';
export { configureThrottle, unlockAccount, DEFAULT_THROTTLE, type ThrottleSettings } from './throttle.js';

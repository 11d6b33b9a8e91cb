// Accounts, tokens and roles: who is calling and what they may reach.
export * from './accounts.js';
export { mayReadCase, maySetVariablesBy, seesAllCases, whereCaseReadable } from './case-access.js';
export { authRoutes } from './routes.js';

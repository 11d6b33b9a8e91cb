// The directory: the tenant tree, groups (departments), accounts and their memberships, and the
// account lifecycle (passwords, disable/enable, roles, groups, display names). It is the one writer
// of tenants, groups, users and memberships; other features and the start call these functions.
export { directoryRoutes } from './routes.js';
export { findGroup, setGroupLeaders } from './service.js';
export { demoAccounts, seedAccount, seedGroup, seedTenant, setAccountsDisabled, type SeedAccount } from './seed.js';

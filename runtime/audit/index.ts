// The audit trail (全程留痕): hash-chained rows of every command and administrative action.
export { auditCommand } from './commands.js';
export { redact, withAuditScope, currentAuditScope, type AuditScope } from './context.js';
export { auditTrail } from './middleware.js';
export { auditRoutes } from './routes.js';
export { NO_TENANT, record, verify, type AuditEntry, type BrokenLink, type VerifyResult } from './service.js';

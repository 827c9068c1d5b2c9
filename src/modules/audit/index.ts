export { recordAudit, redact, type AuditEntry } from './audit.service.js';
export { listAudit, purgeAudit, type AuditFilter, type AuditRecord } from './audit.repository.js';
export { auditPolicies } from './audit.policy.js';
export { registerAuditRoutes } from './audit.routes.js';

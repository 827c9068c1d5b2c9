export { alertsPolicies } from './alerts.policy.js';
export { registerIntegrationRoutes } from './integrations.routes.js';
export { createIntegration, listIntegrations } from './integrations.service.js';
export { findIntegrationByKey, type IntegrationRow } from './integrations.repository.js';
export { integrationTypes, type IntegrationType } from './integrations.table.js';
export { IngestWriter, type IngestSink } from './ingest-writer.js';
export { IngestThread } from './ingest-thread.js';
export { registerIngestRoutes, ingestLimits } from './ingest.routes.js';
export { registerAlertRoutes, presentAlert } from './alerts.routes.js';
export { registerAlertRuleRoutes } from './alert-rules.routes.js';
export { alertStatuses, type AlertStatus } from './alerts.table.js';
export { moveAlertsToIncident, purgeAlertEvents, resolveAlertsOfIncident } from './alerts.repository.js';
export { quietResolveJob } from './quiet-resolve.jobs.js';
export { defaultRawEventRetentionMs } from './alerts.domain.js';
export { compilePath, evaluatePath } from './formats/json-path.js';
export { compilePattern } from './regex.domain.js';
// For built-in monitors, whose state changes enter the same pipeline as external events.
export { applyEvents, touchIntegrations, type IngestTarget } from './pipeline.js';
export type { NormalizedEvent } from './formats/index.js';

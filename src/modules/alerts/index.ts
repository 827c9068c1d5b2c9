export { alertsPolicies } from './alerts.policy.js';
export { registerIntegrationRoutes } from './integrations.routes.js';
export { createIntegration, listIntegrations } from './integrations.service.js';
export { findIntegrationByKey, type IntegrationRow } from './integrations.repository.js';
export { integrationTypes, type IntegrationType } from './integrations.table.js';

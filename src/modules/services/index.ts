export { servicesPolicies } from './services.policy.js';
export { registerServiceRoutes } from './services.routes.js';
export { createService, getService, listServices, updateService, deleteService } from './services.service.js';
export { findService, type ServiceRow } from './services.repository.js';
export {
  serviceSettings,
  defaultSeverityMapping,
  incidentSeverities,
  urgencies,
  type ServiceSettings,
} from './services.domain.js';
export type { ServiceView } from './services.presenter.js';
export { loadServicesSample, removeServicesSample, countServicesSample } from './sample-data.js';

/** Escalation policies and the escalation engine (issue 4). */
export { escalationPolicies } from './escalation.policy.js';
export { registerEscalationRoutes } from './escalation.routes.js';
export { escalateJob, incidentChangedJob } from './escalation.jobs.js';
export { policyForService, servicePaging } from './paging.service.js';
export type { PolicyView, PagingView } from './escalation.schema.js';
export { loadEscalationSample, removeEscalationSample, countEscalationSample } from './sample-data.js';

export {
  openIncident,
  findOpenIncident,
  addTimeline,
  touchIncident,
  touchIncidents,
  touchGranularityMs,
  acknowledgeIncident,
  resolveIncident,
  retriggerIncident,
  titleMaxLength,
  type OpenIncidentInput,
  type TimelineActor,
} from './incidents.service.js';
export { hasPagingInterest, invalidatePagingInterest } from './paging-interest.js';
export { incidentForFlappingAlert } from './incident-reopen.service.js';
export { followAlertText } from './incident-alert-text.service.js';
export { lockIncident, type IncidentRow } from './incidents.repository.js';
export { ackTimeoutJob, scheduleAckTimeout } from './ack-timeout.jobs.js';
export {
  escalateJobDefinition,
  incidentChangedJobDefinition,
  enqueueEscalation,
  escalateKey,
  type EscalatePayload,
  type IncidentChangedPayload,
  type IncidentChangeEvent,
} from './outbox.jobs.js';
export {
  incidentStatuses,
  incidentSeverities,
  urgencies,
  impacts,
  priorities,
  priorityMatrix,
  priorityFor,
  defaultImpact,
  planStatusAction,
  canTransition,
  timelineKinds,
  type IncidentStatus,
  type IncidentSeverity,
  type Urgency,
  type Impact,
  type Priority,
  type TimelineKind,
  type StatusAction,
} from './incidents.domain.js';
export { incidentsPolicies } from './incidents.policy.js';
export { registerIncidentRoutes } from './incidents.routes.js';
export { registerIncidentCategoryRoutes } from './incident-categories.routes.js';
export type { CategoryView as IncidentCategoryView } from './incident-categories.schema.js';
export { getIncident, listIncidents } from './incident-queries.service.js';
export { createIncident, type IncidentsContext } from './incident-actions.service.js';
export type { IncidentView, IncidentDetail, TimelineEntryView } from './incidents.presenter.js';
export { loadIncidentsSample, removeIncidentsSample, countIncidentsSample } from './sample-data.js';

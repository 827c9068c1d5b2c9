export { systemPolicies } from './system.policy.js';
export { registerSystemRoutes } from './system.routes.js';
export { bootstrapAdmin, needsSetup } from './setup.service.js';
export { loadSampleData, removeSampleData, sampleDataStatus } from './sample-data.service.js';
export { systemJobs, ensureSystemJobs, systemPurgeJob } from './system.jobs.js';

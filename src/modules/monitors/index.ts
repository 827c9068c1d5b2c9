// The monitors module's public face.
export { monitorsPolicies } from './monitors.policy.js';
export { registerMonitorRoutes } from './monitors.routes.js';
export { registerMonitorStatsRoutes } from './monitor-stats.routes.js';
export { MonitorScheduler, type MonitorSchedulerOptions } from './monitor-scheduler.js';
export { ensureMonitorJobs, monitorPurgeJob } from './monitors.jobs.js';
export { createTargetPolicy, targetPolicyFromConfig, type TargetPolicy } from './checkers/index.js';
export { HeartbeatWriter, type HeartbeatSink } from './heartbeat.service.js';
export { registerHeartbeatRoutes } from './heartbeat.routes.js';

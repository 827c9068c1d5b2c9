/**
 * The job system's public face: durable job rows, typed payloads, an explicit registry, leased
 * claims, retries with backoff and a dead letter. Modules define jobs in their *.jobs.ts with
 * defineJob, enqueue them inside their own transactions, and the server registers them.
 */
export { defaultBackoff } from './backoff.js';
export {
  claimDue,
  complete,
  defaultRetention,
  extendLease,
  fail,
  getJob,
  listJobs,
  nextRunAt,
  purgeFinished,
  retryDead,
  stats,
  type Claim,
  type ClaimOptions,
  type FailOptions,
  type FailOutcome,
  type JobRow,
  type JobStats,
  type ListJobsOptions,
  type Retention,
} from './jobs.repository.js';
export { jobStatuses, type JobStatus, type JobsTable } from './jobs.table.js';
export { ensureMaintenanceJobs, maintenanceJobs, nextHourSlot, purgeJob } from './maintenance.js';
export { cancelJob, enqueue, type EnqueueOptions, type EnqueueResult } from './queue.js';
export {
  defineJob,
  JobRegistry,
  PermanentJobError,
  type JobContext,
  type JobDefinition,
  type JobSpec,
} from './registry.js';
export { jobsChannel, signalJobEnqueued } from './signal.js';
export { JobWorker, type JobWorkerOptions, type StopOptions } from './worker.js';

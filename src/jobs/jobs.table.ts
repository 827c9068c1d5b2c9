/**
 * pending → running → done; running → pending (retry with backoff) or dead (dead letter, kept for
 * people to see and re-drive); pending → cancelled (e.g. an escalation step after acknowledge).
 * done, dead and cancelled are final until `retryDead` or retention purges them.
 */
export const jobStatuses = ['pending', 'running', 'done', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A durable job: a row that says "run handler `name` with `payload` at `run_at`". */
export interface JobsTable {
  id: string;
  name: string;
  /** JSON text of the typed payload. */
  payload: string;
  status: JobStatus;
  run_at: number;
  attempts: number;
  max_attempts: number;
  /** Unique when set: enqueueing the same key twice keeps the first job. */
  idempotency_key: string | null;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

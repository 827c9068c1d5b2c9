/**
 * In-process "a job was enqueued" signal, so a sleeping worker in this process wakes when a
 * job becomes due sooner than its planned wake-up. Other nodes learn through PostgreSQL
 * NOTIFY instead (see queue.ts and worker.ts).
 *
 * It fires before the enqueueing transaction commits. On SQLite that is harmless: a Database
 * has one connection and the worker's claim waits behind the open transaction. On PostgreSQL the
 * early wake may miss the row; the NOTIFY delivered at commit wakes the worker again.
 */
export type EnqueueListener = (runAt: number) => void;

const listeners = new Set<EnqueueListener>();

export function onJobEnqueued(listener: EnqueueListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalJobEnqueued(runAt: number): void {
  for (const listener of listeners) listener(runAt);
}

/** The PostgreSQL channel enqueue notifies and workers listen on. */
export const jobsChannel = 'keel_jobs';

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread, on its own connection.
 *
 * Why: better-sqlite3 is synchronous, so SQLite's automatic checkpoint (copying the WAL back into
 * the database file and syncing it, every 1,000 pages by default) ran inside whichever commit
 * crossed the threshold and stopped the whole event loop for it, fsync included. A PASSIVE
 * checkpoint from another connection copies what it can without waiting for, or blocking, the
 * writer. The main connection keeps a large automatic threshold as a backstop, should this
 * thread fall behind or die.
 *
 * Under a writer that commits without pause (ingest at full rate) the WAL is not restarted by these
 * checkpoints: SQLite restarts it only when a write transaction begins with every frame already
 * copied, and the writer has always committed more meanwhile. So the WAL grows to the backstop, and
 * the writer's own checkpoint there (a commit that copies the rest, syncs, and restarts the WAL)
 * is what bounds it. Two costs follow, both measured in bench:ingest (docs/benchmarks.md):
 * - every checkpoint here syncs the WAL first, and the writer's appends to the WAL wait while that
 *   sync runs (2–8 ms each; seen with `perf trace`). Smaller syncs, more often, stall it less;
 * - each backstop checkpoint in the writer is a stall of 15–60 ms; at 10,000 pages (40 MB) it came
 *   about twice a second at 10,000 events/s, at 25,000 pages it comes every few seconds.
 * Every 100 ms with a 25,000-page backstop, against 500 ms and 10,000 (same run, four rounds each):
 * 10,659 against 9,003 events/s and a p99 of 23 against 65 ms. The WAL file keeps its largest size
 * (up to about 100 MB).
 */
export const checkpointEveryMs = 100;
/** Pages (of 4 KiB) the WAL may reach before a connection writing to it checkpoints by itself. */
export const backstopAutocheckpointPages = 25_000;

const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: next time */ }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /**
   * Stops the thread (after its checkpoint under way, if any) and resolves once its connection is
   * closed, so that the main connection, closed after it, is the last one and SQLite removes the
   * -wal and -shm files then rather than leaving the thread to touch them afterwards.
   */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string): Checkpointer {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { path, modulePath, everyMs: checkpointEveryMs },
  });
  worker.unref();
  // A failing checkpointer must not take the process down; the backstop threshold still holds.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop() {
      // Held from here: whoever awaits the stop keeps the process alive until the thread is done.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}

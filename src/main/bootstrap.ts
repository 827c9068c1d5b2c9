import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { migrateToLatest, openDatabase, type Database } from '../db/database.js';
import { buildApp } from '../http/app.js';
import { ensureMaintenanceJobs, JobRegistry, JobWorker, maintenanceJobs, stats } from '../jobs/index.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { ServiceContext } from '../lib/context.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { EventBus } from '../lib/events.js';
import { Metrics } from '../lib/metrics.js';
import { IngestThread, IngestWriter, quietResolveJob, type IngestSink } from '../modules/alerts/index.js';
import { ackTimeoutJob } from '../modules/incidents/index.js';
import { createMailer, type Mailer } from '../modules/mail/index.js';
import {
  ensureMonitorJobs,
  MonitorScheduler,
  monitorPurgeJob,
  targetPolicyFromConfig,
} from '../modules/monitors/index.js';
import { deliverJob, purgeDeliveriesJob, webhookJob } from '../modules/oncall/notifications/index.js';
import { escalateJob, incidentChangedJob } from '../modules/oncall/escalation/index.js';
import { bootstrapAdmin, ensureSystemJobs, systemJobs } from '../modules/system/index.js';

export interface Keel {
  app: FastifyInstance;
  database: Database;
  worker: JobWorker | null;
  registry: JobRegistry;
  mailer: Mailer;
  events: EventBus;
  logger: Logger;
  /** Where ingest commits events: the writer thread on a SQLite file, else the in-process writer. */
  ingest: IngestSink;
  /** Graceful stop: stop taking requests, finish those in flight and running jobs, close the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** The built web UI; default dist/web beside the package. null: serve no UI. */
  webRoot?: string | null;
  /** Run the job worker in this process (default: when KEEL_JOBS_WORKERS > 0). */
  runWorker?: boolean;
  processMetrics?: boolean;
  /**
   * Start the ingest writer thread at start-up (default), failing start-up if it cannot open the
   * database; false: on the first event (tests: most test servers never ingest, and a thread
   * loading TypeScript through tsx takes a second or two).
   */
  eagerIngestThread?: boolean;
}

/** dist/web of the package this code runs from, whether from src/ (tsx) or from the dist/ bundle. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
export const defaultWebRoot = join(packageRoot(), 'dist', 'web');

/** Every job type Keel runs, registered explicitly; `events` gets what their handlers publish. */
export function buildRegistry(mailer: Mailer, events: EventBus, config: Config): JobRegistry {
  const registry = new JobRegistry();
  for (const job of maintenanceJobs) registry.register(job);
  for (const job of systemJobs(config)) registry.register(job);
  registry.register(mailer.job);
  registry.register(quietResolveJob(events));
  registry.register(ackTimeoutJob(events));
  registry.register(deliverJob({ mailer }, config));
  registry.register(purgeDeliveriesJob);
  registry.register(webhookJob({ mailer }, config));
  registry.register(escalateJob);
  registry.register(incidentChangedJob);
  registry.register(monitorPurgeJob(config));
  return registry;
}

/** Opens the database, migrates it, builds the app and starts the worker. Does not listen. */
export async function startKeel(config: Config, options: StartOptions = {}): Promise<Keel> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel, config.logFile ?? undefined);
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? true });
  const database = openDatabase(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    onQuery: metrics.observeQuery,
  });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) logger.info({ applied }, 'database migrated');
    const ctx: ServiceContext = { db: database.db, kind: database.kind, clock, config, logger };
    await bootstrapAdmin(ctx);
    const mailer = createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      clock,
      publicUrl: config.publicUrl,
    });
    const events = new EventBus((err, event) =>
      logger.error({ err, event: event.name }, 'domain event subscriber failed'),
    );
    const registry = buildRegistry(mailer, events, config);
    metrics.setJobStatsSource(() => stats(database.db, clock.now()));

    const runWorker = options.runWorker ?? config.jobWorkers > 0;
    let worker: JobWorker | null = null;
    // Monitor checks run beside the job worker: their timer is the monitor row, not a job row.
    let monitors: MonitorScheduler | null = null;
    if (runWorker) {
      await ensureMaintenanceJobs(database.db, clock);
      await ensureSystemJobs(database.db, clock);
      worker = new JobWorker({
        database,
        registry,
        clock,
        logger: logger.child({ component: 'jobs' }),
        concurrency: Math.max(1, config.jobWorkers),
        ...(database.kind === 'postgres' && { listenUrl: config.databaseUrl }),
      });
      await worker.start();
      await ensureMonitorJobs(database.db, clock);
      monitors = new MonitorScheduler({
        database,
        clock,
        logger: logger.child({ component: 'monitors' }),
        events,
        targets: targetPolicyFromConfig(config),
      });
      monitors.start();
    }

    const ingestLogger = logger.child({ component: 'ingest' });
    const localWriter = new IngestWriter(database, clock, events, ingestLogger, {
      rawEventRetentionMs: config.rawEventRetentionMs,
    });
    // On a SQLite file, events are committed by a writer thread (a second core); see ingest-thread.ts.
    const sqliteFile = database.kind === 'sqlite' && !/^sqlite:(:memory:)?$/.test(config.databaseUrl);
    const ingestThread =
      config.ingestThread && sqliteFile
        ? new IngestThread({
            options: {
              databaseUrl: config.databaseUrl,
              sqliteSynchronous: config.sqliteSynchronous,
              rawEventRetentionMs: config.rawEventRetentionMs,
            },
            clock,
            bus: events,
            logger: ingestLogger,
            local: localWriter,
            onQuery: metrics.observeQuery,
          })
        : null;
    if (options.eagerIngestThread !== false) await ingestThread?.start();
    const ingestWriter = ingestThread ?? localWriter;
    const app = await buildApp({
      config,
      database,
      clock,
      logger,
      metrics,
      mailer,
      registry,
      events,
      ingestWriter,
      ...(ingestThread && { heartbeats: ingestThread }),
      webRoot: options.webRoot === undefined ? defaultWebRoot : options.webRoot,
    });
    await app.ready();

    let closing: Promise<void> | null = null;
    return {
      app,
      database,
      worker,
      registry,
      mailer,
      events,
      logger,
      ingest: ingestWriter,
      close() {
        closing ??= (async () => {
          await app.close();
          await ingestWriter.idle();
          await ingestThread?.close();
          await monitors?.stop();
          await worker?.stop({ timeoutMs: 10_000 });
          mailer.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

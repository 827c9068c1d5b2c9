import { z } from 'zod';
import { getJob, jobStatuses, listJobs, retryDead, type JobRegistry, type JobRow } from '../jobs/index.js';
import { recordAudit } from '../modules/audit/index.js';
import type { ServiceContext } from '../lib/context.js';
import { isoOrNull, iso } from '../lib/time.js';
import { actorOf } from './actor.js';
import { AppError, notFound } from './errors.js';
import { errors, type KeelApp } from './route-types.js';

const jobView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  runAt: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  idempotencyKey: z.string().nullable(),
  lastError: z.string().nullable(),
  payload: z.unknown(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

function presentJob(j: JobRow, registry: JobRegistry): z.infer<typeof jobView> {
  const payload = JSON.parse(j.payload) as unknown;
  const def = registry.get(j.name);
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    runAt: iso(j.run_at),
    attempts: j.attempts,
    maxAttempts: j.max_attempts,
    idempotencyKey: j.idempotency_key,
    lastError: j.last_error,
    payload: def ? def.describe(payload) : payload,
    createdAt: iso(j.created_at),
    finishedAt: isoOrNull(j.finished_at),
  };
}

/** The job queue for admins: what is waiting, what died (the dead letter), and re-driving it. */
export function registerJobRoutes(app: KeelApp, ctx: ServiceContext, registry: JobRegistry): void {
  app.get('/api/v1/jobs', {
    config: { policy: 'job.read' },
    schema: {
      tags: ['jobs'],
      summary: 'Jobs, newest first; status=dead is the dead letter',
      querystring: z.object({
        status: z.enum(jobStatuses).optional(),
        name: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        cursor: z.string().max(64).optional(),
      }),
      response: {
        200: z.object({ items: z.array(jobView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => {
      const { jobs, nextCursor } = await listJobs(ctx.db, request.query);
      return { items: jobs.map((j) => presentJob(j, registry)), nextCursor };
    },
  });

  app.post('/api/v1/jobs/:id/retry', {
    config: { policy: 'job.retry' },
    schema: {
      tags: ['jobs'],
      summary: 'Re-drive a dead job',
      params: z.object({ id: z.string().min(1).max(64) }),
      response: { 200: jobView, ...errors(401, 403, 404, 409) },
    },
    handler: async (request) => {
      const now = ctx.clock.now();
      const job = await getJob(ctx.db, request.params.id);
      if (!job) throw notFound('Job', request.params.id);
      if (!(await retryDead(ctx.db, job.id, now)))
        throw new AppError('conflict', `The job is ${job.status}, not dead.`);
      await recordAudit(ctx.db, now, actorOf(request), {
        action: 'job.retried',
        resourceType: 'job',
        resourceId: job.id,
        before: { status: job.status },
      });
      return presentJob((await getJob(ctx.db, job.id))!, registry);
    },
  });
}

import { z } from 'zod';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { pageQuery } from '../../lib/pagination.js';
import { listAudit } from './audit.repository.js';

const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), label: z.string() }),
  via: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export function registerAuditRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/audit', {
    config: { policy: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first',
      description:
        'Every change made through the API: who, what (`<resource>.<verb>`), when, and the values before and after (secrets never stored).',
      querystring: z.object({
        action: z.string().max(100).optional(),
        resourceType: z.string().max(50).optional(),
        resourceId: z.string().max(64).optional(),
        actorId: z.string().max(64).optional(),
        ...pageQuery,
      }),
      response: {
        200: z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listAudit(ctx.db, ctx.kind, request.query),
  });
}

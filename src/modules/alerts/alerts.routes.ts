import { z } from 'zod';
import { likeOperator } from '../../db/dialect.js';
import { notFound } from '../../http/errors.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { decodeCursor, pageQuery, toPage } from '../../lib/pagination.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { suppressionKinds, type Suppression } from './alert-rules.domain.js';
import { alertStatuses, type AlertsTable } from './alerts.table.js';
import { latestAlertEvents } from './alerts.repository.js';

const alertView = z.object({
  id: z.string(),
  serviceId: z.string(),
  integrationId: z.string().nullable(),
  incidentId: z.string().nullable(),
  dedupKey: z.string(),
  status: z.enum(alertStatuses),
  summary: z.string(),
  source: z.string().nullable(),
  severity: z.string(),
  priority: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  details: z.record(z.string(), z.unknown()),
  links: z.array(z.object({ href: z.string(), text: z.string() })),
  images: z.array(z.unknown()),
  eventCount: z.number(),
  createdAt: z.string(),
  lastEventAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Stored and visible, but it opened or joined no incident: nothing was paged. */
  suppressed: z.boolean(),
  suppression: z.object({ kind: z.enum(suppressionKinds), id: z.string(), name: z.string() }).nullable(),
  flapping: z.boolean(),
  /** The routing rules that changed it, in the order they applied. */
  routedBy: z.array(z.object({ ruleId: z.string(), name: z.string() })),
});
type AlertView = z.infer<typeof alertView>;

export function presentAlert(a: AlertsTable): AlertView {
  return {
    id: a.id,
    serviceId: a.service_id,
    integrationId: a.integration_id,
    incidentId: a.incident_id,
    dedupKey: a.dedup_key,
    status: a.status,
    summary: a.summary,
    source: a.source,
    severity: a.severity,
    priority: a.priority,
    labels: JSON.parse(a.labels) as Record<string, string>,
    details: JSON.parse(a.details) as Record<string, unknown>,
    links: JSON.parse(a.links) as AlertView['links'],
    images: JSON.parse(a.images) as unknown[],
    eventCount: a.event_count,
    createdAt: iso(a.created_at),
    lastEventAt: iso(a.last_event_at),
    acknowledgedAt: isoOrNull(a.acknowledged_at),
    resolvedAt: isoOrNull(a.resolved_at),
    suppressed: a.suppressed === 1,
    suppression: a.suppression === null ? null : (JSON.parse(a.suppression) as Suppression),
    flapping: a.flapping === 1,
    routedBy: JSON.parse(a.routed_by) as AlertView['routedBy'],
  };
}

export function registerAlertRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/alerts', {
    config: { policy: 'alert.read' },
    schema: {
      tags: ['alerts'],
      summary: 'Alerts, newest first',
      querystring: z.object({
        service: z.string().max(64).optional(),
        incident: z.string().max(64).optional(),
        status: z.string().max(60).optional().describe('One status or a comma list: triggered,acknowledged'),
        q: z.string().max(200).optional(),
        suppressed: z
          .enum(['true', 'false'])
          .optional()
          .describe('true: only alerts a rule, silence or maintenance window suppressed.'),
        ...pageQuery,
      }),
      response: {
        200: z.object({ items: z.array(alertView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => {
      const f = request.query;
      let q = ctx.db.selectFrom('alerts').selectAll();
      if (f.service) q = q.where('service_id', '=', f.service);
      if (f.incident) q = q.where('incident_id', '=', f.incident);
      if (f.status) {
        const statuses = f.status
          .split(',')
          .filter((s): s is AlertsTable['status'] => (alertStatuses as readonly string[]).includes(s));
        q = q.where('status', 'in', statuses.length ? statuses : ['none' as AlertsTable['status']]);
      }
      if (f.suppressed) q = q.where('suppressed', '=', f.suppressed === 'true' ? 1 : 0);
      if (f.q) q = q.where('summary', likeOperator(ctx.kind), `%${f.q.replace(/[%_\\]/g, '')}%`);
      if (f.cursor) {
        const [at, id] = decodeCursor(f.cursor, ['number', 'string']) as [number, string];
        q = q.where((eb) =>
          eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1)
        .execute();
      return toPage(rows, f.limit, presentAlert, (r) => [r.created_at, r.id]);
    },
  });

  app.get('/api/v1/alerts/:id', {
    config: { policy: 'alert.read' },
    schema: {
      tags: ['alerts'],
      summary: 'An alert with its latest received events',
      params: z.object({ id: z.string().min(1).max(64) }),
      response: {
        200: alertView.extend({
          events: z.array(
            z.object({
              id: z.string(),
              receivedAt: z.string(),
              action: z.string(),
              outcome: z.string(),
              format: z.string(),
              payload: z.string(),
            }),
          ),
        }),
        ...errors(401, 403, 404),
      },
    },
    handler: async (request) => {
      const alert = await ctx.db
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!alert) throw notFound('Alert', request.params.id);
      const events = await latestAlertEvents(ctx.db, alert.last_event_id, 50);
      return {
        ...presentAlert(alert),
        events: events.map((e) => ({
          id: e.id,
          receivedAt: iso(e.received_at),
          action: e.action,
          outcome: e.outcome,
          format: e.format,
          payload: e.payload,
        })),
      };
    },
  });
}

import { z } from 'zod';
import { notFound } from '../../http/errors.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { badgeSvg, formatUptime, uptimeColour, type BadgeColour } from './badge.domain.js';
import {
  findMonitorByBadge,
  monitorResults,
  monitorSeries,
  monitorStateChanges,
  monitorUptime,
  uptimeWindows,
  windowStats,
  type UptimeWindow,
} from './monitor-stats.service.js';
import { stateChangeView, stateChangesQuery } from './monitors.schema.js';
import { rollupPeriods, type MonitorState } from './monitors.table.js';

const tags = ['monitors'];
const idParams = z.object({ id: z.string().min(1).max(64) });
const windowStatsView = z.object({
  uptime: z.number().nullable(),
  checks: z.number(),
  failures: z.number(),
  degraded: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
const windows = Object.keys(uptimeWindows) as [UptimeWindow, ...UptimeWindow[]];

const stateColour: Record<MonitorState, BadgeColour> = {
  up: 'green',
  degraded: 'yellow',
  down: 'red',
  dependency_down: 'grey',
  pending: 'grey',
};

export function registerMonitorStatsRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/monitors/:id';

  app.get(`${base}/uptime`, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'Uptime and latency percentiles over 24 h, 7 d, 30 d and 90 d (from hourly rollups)',
      params: idParams,
      response: { 200: z.record(z.enum(windows), windowStatsView), ...errors(401, 403, 404) },
    },
    handler: async (request) => monitorUptime(ctx, request.params.id),
  });

  app.get(`${base}/series`, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'Chart points per minute (m), hour (h) or day (d)',
      description:
        'from/to are epoch milliseconds; default: the last 3 hours (m), 7 days (h) or 90 days (d).',
      params: idParams,
      querystring: z.object({
        period: z.enum(rollupPeriods).default('h'),
        from: z.coerce.number().int().min(0).optional(),
        to: z.coerce.number().int().min(0).optional(),
      }),
      response: {
        200: z.object({
          period: z.enum(rollupPeriods),
          points: z.array(windowStatsView.extend({ at: z.string(), avgMs: z.number().nullable() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
    handler: async (request) => monitorSeries(ctx, request.params.id, request.query),
  });

  app.get(`${base}/results`, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'Latest raw check results, newest first (kept KEEL_MONITOR_RAW_RETENTION days)',
      params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({
          items: z.array(
            z.object({ at: z.string(), status: z.string(), latencyMs: z.number(), message: z.string() }),
          ),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
    handler: async (request) => monitorResults(ctx, request.params.id, request.query.limit),
  });

  app.get(`${base}/state-changes`, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'State changes, newest first (kept as long as daily rollups: 25 months)',
      description:
        "Each change of state (kind check: the check or ping that made it, with its message, latency and HTTP status), and the monitor's creation, pause and resume. Keyset paging with cursor; before (epoch ms) starts the list earlier.",
      params: idParams,
      querystring: stateChangesQuery,
      response: {
        200: z.object({ items: z.array(stateChangeView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403, 404),
      },
    },
    handler: async (request) => monitorStateChanges(ctx, request.params.id, request.query),
  });

  app.get('/api/v1/badges/:file', {
    config: { public: true },
    schema: {
      tags,
      summary: "A monitor's SVG badge (public; the token is the secret in badgePath)",
      description:
        'show: status (default), uptime or latency (p95); window for uptime/latency: 24h (default), 7d, 30d, 90d.',
      params: z.object({ file: z.string().min(1).max(64) }),
      querystring: z.object({
        show: z.enum(['status', 'uptime', 'latency']).default('status'),
        window: z.enum(windows).default('24h'),
        label: z.string().max(60).optional(),
      }),
    },
    handler: async (request, reply) => {
      const token = request.params.file.replace(/\.svg$/, '');
      const m = token.length >= 10 ? await findMonitorByBadge(ctx.db, token) : undefined;
      if (!m) throw notFound('Badge');
      const { show, window } = request.query;
      let value: string;
      let colour: BadgeColour;
      if (show === 'status') {
        value = m.paused ? 'paused' : m.state.replace('_', ' ');
        colour = m.paused ? 'grey' : stateColour[m.state];
      } else {
        const s = await windowStats(ctx, m.id, window);
        if (show === 'uptime') {
          value = formatUptime(s.uptime);
          colour = uptimeColour(s.uptime);
        } else {
          value = s.p95Ms === null ? 'no data' : `p95 ${s.p95Ms} ms`;
          colour = s.p95Ms === null ? 'grey' : 'blue';
        }
      }
      const label = request.query.label ?? (show === 'status' ? m.name : `${m.name} ${window}`);
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'max-age=60')
        .send(badgeSvg(label, value, colour));
    },
  });
}

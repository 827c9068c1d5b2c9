import { z } from 'zod';
import type { KeelApp } from '../../http/route-types.js';
import { errors } from '../../http/route-types.js';
import type { HeartbeatSink, PingKind } from './heartbeat.service.js';

const params = z.object({ token: z.string().min(1).max(64) });
const ok = z.object({ status: z.literal('ok') });

/** Public ping URLs of heartbeat monitors: the token is the credential. GET and POST alike. */
export function registerHeartbeatRoutes(app: KeelApp, writer: HeartbeatSink): void {
  for (const [suffix, kind] of [
    ['', 'success'],
    ['/start', 'start'],
    ['/fail', 'fail'],
  ] as [string, PingKind][]) {
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: `/api/v1/heartbeat/:token${suffix}`,
        config: { public: true, machineTraffic: true },
        schema: {
          tags: ['monitors'],
          summary: `Heartbeat ping: ${kind} (public; unknown token → 404)`,
          params,
          response: { 200: ok, ...errors(400, 404) },
        },
        handler: async (request) => {
          await writer.ping(request.params.token, kind);
          return { status: 'ok' as const };
        },
      });
    }
  }
}

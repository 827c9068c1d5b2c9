import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { EventBus } from '../lib/events.js';
import type { ServiceContext } from '../lib/context.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import {
  IngestWriter,
  type IngestSink,
  registerAlertRoutes,
  registerAlertRuleRoutes,
  registerIngestRoutes,
  registerIntegrationRoutes,
  moveAlertsToIncident,
  resolveAlertsOfIncident,
} from '../modules/alerts/index.js';
import { registerAuditRoutes } from '../modules/audit/index.js';
import { registerIncidentCategoryRoutes, registerIncidentRoutes } from '../modules/incidents/index.js';
import { registerLiveRoutes } from '../modules/live/index.js';
import {
  HeartbeatWriter,
  type HeartbeatSink,
  registerHeartbeatRoutes,
  registerMonitorRoutes,
  registerMonitorStatsRoutes,
} from '../modules/monitors/index.js';
import {
  registerActionLinkRoutes,
  registerNotificationRoutes,
  registerWebhookRoutes,
} from '../modules/oncall/notifications/index.js';
import { registerEscalationRoutes } from '../modules/oncall/escalation/index.js';
import { registerSchedulesRoutes } from '../modules/oncall/schedules/index.js';
import { registerApiKeyRoutes, registerAuthRoutes } from '../modules/auth/index.js';
import type { JobRegistry } from '../jobs/index.js';
import type { Mailer } from '../modules/mail/index.js';
import { registerServiceRoutes } from '../modules/services/index.js';
import { registerSystemRoutes } from '../modules/system/index.js';
import { registerTeamRoutes, registerUserRoutes } from '../modules/users/index.js';
import { LazyChildLogger } from './lazy-logger.js';
import { registerAuthorization } from './plugins/authorize.js';
import { registerErrorHandling, sendError, toAppError } from './plugins/errors.js';
import { registerJsonBody } from './plugins/json-body.js';
import { registerNoNul } from './plugins/no-nul.js';
import { registerObservability } from './plugins/observability.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerWebUi } from './plugins/web-ui.js';
import type { KeelApp } from './route-types.js';
import { registerJobRoutes } from './jobs-admin.js';
import { registerRouteConfig } from './route-config.js';

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  mailer: Mailer;
  /** Domain events, published after commit (live updates, later capabilities). */
  events: EventBus;
  /** Group-commit writer for alert ingest; made here when not given. */
  ingestWriter?: IngestSink;
  /** Where heartbeat pings are committed (the writer thread on a SQLite file); made here when not given. */
  heartbeats?: HeartbeatSink;
  /** Every job type, for the jobs admin view. */
  registry: JobRegistry;
  /** Folder with the built web UI; null serves none (API-only tests). */
  webRoot: string | null;
}

/** Builds the whole HTTP app. It never listens: the entry point (src/main/server.ts) does. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, clock, logger, metrics } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request comes from plugins/observability.ts, after the answer.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && /^[\w.:-]{1,64}$/.test(sent) ? sent : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The liveness probe never logs (it answers a constant), so it gets no per-request logger;
    // every other request gets one with its id, built only if something logs through it (the
    // request line itself is written by the parent with the id: plugins/observability.ts).
    childLoggerFactory: (logger, bindings, opts, rawReq) =>
      rawReq.url === '/healthz' ? logger : new LazyChildLogger(logger, bindings, opts),
    // Errors Fastify answers before routing (a malformed %-encoding, an overlong path parameter)
    // would otherwise get Fastify's own body and no request id.
    frameworkErrors: (error, request, reply) => {
      void reply.header('x-request-id', request.id);
      void sendError(reply, toAppError(error));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRouteConfig(app);
  registerJsonBody(app);
  registerNoNul(app);
  registerErrorHandling(app);
  registerObservability(app, metrics);

  await app.register(cookie);
  registerSecurityHeaders(app, {
    hsts: config.publicUrl.startsWith('https://') ? { maxAge: 15552000 } : false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false, keyGenerator: (r) => r.ip ?? 'unknown' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keel API',
        version: '1',
        description:
          'JSON under /api/v1. Authenticate with the session cookie from POST /api/v1/auth/login (mutations then need the X-CSRF-Token header) or with `Authorization: Bearer <API key>`. Errors are always `{"error":{"code","message","details"}}`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api/v1/api-keys' },
          session: { type: 'apiKey', in: 'cookie', name: 'keel_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const ctx: ServiceContext = { db: database.db, kind: database.kind, clock, config, logger };
  registerAuthorization(app, ctx);

  const api = app as unknown as KeelApp;
  registerSystemRoutes(api, ctx, database, metrics);
  registerAuthRoutes(api, ctx, deps.mailer);
  registerUserRoutes(api, ctx);
  registerTeamRoutes(api, ctx);
  registerApiKeyRoutes(api, ctx);
  registerAuditRoutes(api, ctx);
  registerServiceRoutes(api, ctx);
  registerIntegrationRoutes(api, ctx);
  registerAlertRoutes(api, ctx);
  registerAlertRuleRoutes(api, ctx);
  registerIngestRoutes(
    api,
    ctx,
    deps.ingestWriter ??
      new IngestWriter(database, clock, deps.events, logger, {
        rawEventRetentionMs: config.rawEventRetentionMs,
      }),
  );
  registerIncidentRoutes(api, ctx, deps.events, {
    onResolved: async (db, now, incidentId) => {
      await resolveAlertsOfIncident(db, now, incidentId);
    },
    onMerged: moveAlertsToIncident,
  });
  registerIncidentCategoryRoutes(api, ctx);
  const notifyCtx = { ...ctx, send: { mailer: deps.mailer } };
  registerNotificationRoutes(api, notifyCtx);
  registerWebhookRoutes(api, notifyCtx);
  registerActionLinkRoutes(api, notifyCtx, {
    events: deps.events,
    onResolved: async (db, now, incidentId) => {
      await resolveAlertsOfIncident(db, now, incidentId);
    },
  });
  registerSchedulesRoutes(api, ctx);
  registerEscalationRoutes(api, ctx);
  registerMonitorRoutes(api, ctx);
  registerMonitorStatsRoutes(api, ctx);
  registerHeartbeatRoutes(
    api,
    deps.heartbeats ?? new HeartbeatWriter(database.db, clock, deps.events, logger),
  );
  registerJobRoutes(api, ctx, deps.registry);
  registerLiveRoutes(api, { config, database, events: deps.events, logger });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  registerWebUi(app, deps.webRoot);
  return app;
}

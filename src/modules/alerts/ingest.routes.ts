import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendError, toAppError } from '../../http/plugins/errors.js';
import { errorResponse, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { randomToken } from '../../lib/ids.js';
import { applyAlertUpdate } from './alert-updates.js';
import {
  formats,
  type OpsgenieUpdateResult,
  type ParseContext,
  type ParseResult,
  type WebhookMapping,
} from './formats/index.js';
import { grafanaSigning, resolveTarget, type ResolvedTarget } from './ingest.service.js';
import type { IngestSink } from './ingest-writer.js';

/** Documented limits: PagerDuty's own 512 KB; 2 MiB for the other formats (large Alertmanager groups). */
export const ingestLimits = { pagerdutyBytes: 512 * 1024, otherBytes: 2 * 1024 * 1024 } as const;

const keyParams = z.object({ key: z.string().max(200) });
const anyBody = z.unknown();
const pagerDutyInvalid = z.object({
  status: z.literal('invalid event'),
  message: z.string(),
  errors: z.array(z.string()),
});
const accepted = z.object({
  status: z.literal('accepted'),
  events: z.array(z.object({ dedupKey: z.string(), outcome: z.string(), alertId: z.string().nullable() })),
});

/**
 * Every route a sender calls: public (the key authenticates), the raw body kept for storage, the
 * format's own guards instead of the generic NUL walk, successes logged at debug (machine traffic).
 */
const senderRoute = { public: true, rawBody: true, formatGuardsBody: true, machineTraffic: true } as const;

/** Integration types whose senders may use PUT at the integration URL (Grafana's webhook can). */
const putTypes: ReadonlySet<string> = new Set(['grafana', 'alertmanager']);

function parseContext(request: FastifyRequest, now: number): ParseContext {
  return { now, newKey: () => randomToken(16), headers: request.headers };
}

/** PagerDuty answers its own shape for every failure, malformed JSON and oversized bodies included. */
function pagerDutyErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(error);
  const status = e.status === 413 ? 413 : e.status >= 500 ? 500 : 400;
  void reply.code(status).send(formats.pagerduty.invalid([e.message]));
}

function opsgenieErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(error);
  const status = e.status === 413 ? 413 : e.status >= 500 ? 500 : e.status === 401 ? 401 : 422;
  void reply.code(status).send(formats.opsgenie.error(e.message, request.id));
}

export function registerIngestRoutes(app: KeelApp, ctx: ServiceContext, writer: IngestSink): void {
  const commit = async (
    target: ResolvedTarget,
    parsed: ParseResult & { ok: true },
    request: FastifyRequest,
  ) => writer.submit(target, parsed.events, request.rawBody ?? JSON.stringify(request.body ?? null));

  // ---- PagerDuty Events API v2, at its own path (routing_key in the body) and at the integration URL.
  // `bodyLimit`: the route's (read here from the caller, not through request.routeOptions: a getter
  // that builds a new object on every read, on the hottest path; see http/route-config.ts).
  const pagerDuty = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string | null,
    bodyLimit: number,
  ) => {
    const routingKey = key ?? formats.pagerduty.routingKey(request.body);
    const target = routingKey ? await resolveTarget(ctx, routingKey) : null;
    if (!target || target.integration.type !== 'pagerduty') {
      return reply
        .code(400)
        .send(formats.pagerduty.invalid(['routing_key is not the key of a PagerDuty integration in Keel']));
    }
    // At the integration URL the URL's key decides; a body routing_key is optional and ignored.
    const parsed = formats.pagerduty.parse(
      request.body,
      { ...parseContext(request, ctx.clock.now()), bodyBytesAtMost: bodyLimit },
      { keyInUrl: key !== null },
    );
    if (!parsed.ok) return reply.code(400).send(formats.pagerduty.invalid(parsed.errors));
    const [result] = await commit(target, parsed, request);
    return reply.code(202).send(formats.pagerduty.accepted(result!.dedupKey));
  };
  const pdSchema = { tags: ['ingest'], body: anyBody } as const;
  app.post('/v2/enqueue', {
    config: senderRoute,
    bodyLimit: ingestLimits.pagerdutyBytes,
    errorHandler: pagerDutyErrors,
    schema: { ...pdSchema, summary: 'PagerDuty Events API v2 (routing_key = a PagerDuty integration key)' },
    handler: (request, reply) => pagerDuty(request, reply, null, ingestLimits.pagerdutyBytes),
  });

  // ---- Opsgenie Alert API: under the integration URL, and at /v2/alerts with `Authorization: GenieKey <key>`.
  const genieKey = (request: FastifyRequest) =>
    /^GenieKey\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const opsgenie = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    parse: () => ParseResult,
  ) => {
    const started = performance.now();
    const target = await resolveTarget(ctx, key);
    if (!target || target.integration.type !== 'opsgenie') {
      return reply
        .code(401)
        .send(formats.opsgenie.error('Key is not the key of an Opsgenie integration in Keel', request.id));
    }
    const parsed = parse();
    if (!parsed.ok) return reply.code(422).send(formats.opsgenie.error(parsed.errors, request.id));
    await commit(target, parsed, request);
    return reply
      .code(202)
      .send(formats.opsgenie.accepted(request.id, Math.round(performance.now() - started) / 1000));
  };
  const opsgenieUpdate = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    parsed: OpsgenieUpdateResult,
  ) => {
    const started = performance.now();
    const target = await resolveTarget(ctx, key);
    if (!target || target.integration.type !== 'opsgenie') {
      return reply
        .code(401)
        .send(formats.opsgenie.error('Key is not the key of an Opsgenie integration in Keel', request.id));
    }
    if (!parsed.ok) return reply.code(422).send(formats.opsgenie.error(parsed.errors, request.id));
    const raw = request.rawBody ?? JSON.stringify(request.body ?? null);
    await writer.transact((w) =>
      applyAlertUpdate(w.db, w.now, w.pending, target, parsed.update, raw, w.retentionMs),
    );
    return reply
      .code(202)
      .send(formats.opsgenie.accepted(request.id, Math.round(performance.now() - started) / 1000));
  };
  const actionQuery = z.object({ identifierType: z.string().max(20).optional() });
  const actionParams = z.object({ key: z.string().max(200).optional(), identifier: z.string().max(600) });
  for (const prefix of ['/api/v1/ingest/:key', '']) {
    const keyOf = (request: FastifyRequest) =>
      prefix ? (request.params as { key: string }).key : genieKey(request);
    app.post(`${prefix}/v2/alerts`, {
      config: senderRoute,
      bodyLimit: ingestLimits.otherBytes,
      errorHandler: opsgenieErrors,
      schema: {
        tags: ['ingest'],
        summary: `Opsgenie: create an alert${prefix ? '' : ' (Authorization: GenieKey <key>)'}`,
        body: anyBody,
        ...(prefix && { params: keyParams }),
      },
      handler: (request, reply) =>
        opsgenie(request, reply, keyOf(request), () =>
          formats.opsgenie.parse(request.body, parseContext(request, ctx.clock.now())),
        ),
    });
    for (const action of ['close', 'acknowledge'] as const) {
      app.post(`${prefix}/v2/alerts/:identifier/${action}`, {
        config: senderRoute,
        bodyLimit: ingestLimits.otherBytes,
        errorHandler: opsgenieErrors,
        schema: {
          tags: ['ingest'],
          summary: `Opsgenie: ${action} an alert by alias`,
          params: actionParams,
          querystring: actionQuery,
          body: anyBody,
        },
        handler: (request, reply) =>
          opsgenie(request, reply, keyOf(request), () =>
            formats.opsgenie.parseAction(
              action,
              request.params.identifier,
              request.query.identifierType,
              request.body,
            ),
          ),
      });
    }
    // Alertmanager's opsgenie_configs with update_alerts: true follow every create with these two.
    for (const field of ['message', 'description'] as const) {
      app.put(`${prefix}/v2/alerts/:identifier/${field}`, {
        config: senderRoute,
        bodyLimit: ingestLimits.otherBytes,
        errorHandler: opsgenieErrors,
        schema: {
          tags: ['ingest'],
          summary: `Opsgenie: update an alert's ${field} by alias`,
          params: actionParams,
          querystring: actionQuery,
          body: anyBody,
        },
        handler: (request, reply) =>
          opsgenieUpdate(
            request,
            reply,
            keyOf(request),
            formats.opsgenie.parseUpdate(
              field,
              request.params.identifier,
              request.query.identifierType,
              request.body,
            ),
          ),
      });
    }
  }

  // ---- Every other format at the integration URL; PagerDuty integrations accept their events here too.
  // Grafana's webhook contact point may be set to PUT: Grafana and Alertmanager integrations take it.
  app.route({
    method: ['POST', 'PUT'],
    url: '/api/v1/ingest/:key',
    config: senderRoute,
    bodyLimit: ingestLimits.otherBytes,
    // A body refused before the handler (too large, not JSON) is answered in PagerDuty's shape
    // when the key is a PagerDuty integration's, else in Keel's.
    errorHandler: (error, request, reply) => {
      const key = (request.params as { key?: unknown }).key;
      void (async () => {
        const target = typeof key === 'string' ? await resolveTarget(ctx, key).catch(() => null) : null;
        if (target?.integration.type === 'pagerduty') return pagerDutyErrors(error, request, reply);
        const e = toAppError(error);
        if (e.status >= 500) request.log.error({ err: error }, 'request failed');
        return sendError(reply, e);
      })();
    },
    schema: {
      tags: ['ingest'],
      summary: 'Send events to an integration, in its sender’s format',
      description:
        'Authenticated by the key in the path alone; any Authorization header is ignored. Answers 202 after the events are committed.',
      params: keyParams,
      body: anyBody,
      // PagerDuty integrations answer here in PagerDuty's own shapes.
      response: {
        202: accepted.or(
          z.object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() }),
        ),
        400: errorResponse.or(pagerDutyInvalid),
        401: errorResponse,
        404: errorResponse,
        405: errorResponse,
        413: errorResponse.or(pagerDutyInvalid),
      },
    },
    handler: async (request, reply) => {
      const target = await resolveTarget(ctx, request.params.key);
      if (request.method === 'PUT' && target && !putTypes.has(target.integration.type)) {
        return reply.code(405).send({
          error: {
            code: 'method_not_allowed',
            message: 'PUT is for Grafana and Alertmanager integrations; send POST.',
            details: null,
          },
        });
      }
      if (target?.integration.type === 'pagerduty')
        return pagerDuty(request, reply, request.params.key, ingestLimits.otherBytes);
      if (!target) {
        return reply.code(404).send({
          error: { code: 'not_found', message: 'No enabled integration has this key.', details: null },
        });
      }
      const pctx = parseContext(request, ctx.clock.now());
      let parsed: ParseResult;
      switch (target.integration.type) {
        case 'alertmanager':
          parsed = Array.isArray(request.body)
            ? formats.alertmanager.parsePrometheusAlerts(request.body, pctx)
            : formats.alertmanager.parse(request.body, pctx);
          break;
        case 'grafana': {
          const signing = grafanaSigning(target.config, ctx.clock.now());
          if (
            signing &&
            !formats.grafana.verifySignature(
              Buffer.from(request.rawBody ?? ''),
              request.headers,
              signing.secret,
              signing.options,
            )
          ) {
            return reply.code(401).send({
              error: {
                code: 'unauthenticated',
                message: `The ${signing.options.header ?? formats.grafana.signatureHeader} signature is missing or wrong.`,
                details: null,
              },
            });
          }
          parsed = formats.grafana.parse(request.body, pctx);
          break;
        }
        case 'webhook': {
          const mapping = target.config.mapping as WebhookMapping | undefined;
          if (!mapping) {
            return reply.code(400).send({
              error: {
                code: 'bad_request',
                message: 'This webhook integration has no field mapping yet: set one in Keel first.',
                details: null,
              },
            });
          }
          parsed = formats.webhook.parse(request.body, pctx, mapping);
          break;
        }
        case 'keel':
          parsed = formats.keel.parse(request.body, pctx);
          break;
        case 'opsgenie':
          return reply.code(404).send({
            error: {
              code: 'route_not_found',
              message: 'Opsgenie integrations take requests at <url>/v2/alerts.',
              details: null,
            },
          });
        default: {
          const never: never = target.integration.type;
          throw new Error(`unknown integration type ${String(never)}`);
        }
      }
      if (!parsed.ok) {
        return reply.code(400).send({
          error: {
            code: 'validation_failed',
            message: parsed.errors[0] ?? 'invalid event',
            details: { errors: parsed.errors },
          },
        });
      }
      const results = await commit(target, parsed, request);
      return reply.code(202).send({ status: 'accepted' as const, events: results });
    },
  });

  // ---- Prometheus naming Keel as its Alertmanager (path_prefix: the integration URL's path): it
  // POSTs postable alerts to <prefix>/api/v2/alerts and takes any 2xx; Alertmanager answers 200.
  app.post('/api/v1/ingest/:key/api/v2/alerts', {
    config: senderRoute,
    bodyLimit: ingestLimits.otherBytes,
    schema: {
      tags: ['ingest'],
      summary: 'Prometheus alerts, as to an Alertmanager (Alertmanager integrations)',
      params: keyParams,
      body: anyBody,
    },
    handler: async (request, reply) => {
      const target = await resolveTarget(ctx, request.params.key);
      if (target?.integration.type !== 'alertmanager') {
        return reply.code(404).send({
          error: {
            code: 'not_found',
            message: 'No enabled Alertmanager integration has this key.',
            details: null,
          },
        });
      }
      const parsed = formats.alertmanager.parsePrometheusAlerts(
        request.body,
        parseContext(request, ctx.clock.now()),
      );
      if (!parsed.ok) {
        return reply.code(400).send({
          error: {
            code: 'validation_failed',
            message: parsed.errors[0]!,
            details: { errors: parsed.errors },
          },
        });
      }
      await commit(target, parsed, request);
      return reply.code(200).send();
    },
  });
}

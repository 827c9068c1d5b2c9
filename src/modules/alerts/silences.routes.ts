import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { idParams } from './alert-rules.input.js';
import { createSilenceBody, listSilencesQuery, silenceView, updateSilenceBody } from './silences.schema.js';
import { createSilence, expireSilence, getSilence, listSilences, updateSilence } from './silences.service.js';

const tags = ['silences'];

export function registerSilenceRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/silences';

  app.get(base, {
    config: { policy: 'silence.read' },
    schema: {
      tags,
      summary: 'Silences, newest first',
      description: 'state: pending (starts later), active (in force now) or expired.',
      querystring: listSilencesQuery,
      response: {
        200: z.object({ items: z.array(silenceView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listSilences(ctx, request.query),
  });

  app.post(base, {
    config: { policy: 'silence.create' },
    schema: {
      tags,
      summary: 'Create a silence',
      description:
        'Alerts whose labels (plus the pseudo-labels service, severity and source) match every matcher between startsAt and endsAt are stored as silenced and page nobody. Regex matchers (=~, !~) are anchored at both ends.',
      body: createSilenceBody,
      response: { 201: silenceView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createSilence(ctx, actorOf(request), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'silence.read' },
    schema: {
      tags,
      summary: 'A silence',
      params: idParams,
      response: { 200: silenceView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getSilence(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'silence.update' },
    schema: {
      tags,
      summary: 'Change a pending or active silence',
      params: idParams,
      body: updateSilenceBody,
      response: { 200: silenceView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updateSilence(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    config: { policy: 'silence.expire' },
    schema: {
      tags,
      summary: 'Expire a silence',
      description:
        'Sets endsAt to now and keeps the silence (as Alertmanager does); answers it, now expired.',
      params: idParams,
      response: { 200: silenceView, ...errors(401, 403, 404) },
    },
    handler: async (request) => expireSilence(ctx, actorOf(request), request.params.id),
  });
}

import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import type { EventBus } from '../../lib/events.js';
import {
  acknowledge,
  addIncidentNote,
  assign,
  changeImpact,
  changePriority,
  changeRoles,
  changeSeverity,
  createIncident,
  mergeIncident,
  reopenIncident,
  resolve,
  snoozeIncident,
  updateIncident,
  type IncidentsContext,
} from './incident-actions.service.js';
import { getIncident, listIncidents } from './incident-queries.service.js';
import { incidentDetail, incidentView } from './incidents.presenter.js';
import {
  assignBody,
  createIncidentBody,
  impactBody,
  incidentParams,
  listIncidentsQuery,
  mergeBody,
  noteBody,
  priorityBody,
  resolveBody,
  rolesBody,
  severityBody,
  snoozeBody,
  updateIncidentBody,
} from './incidents.schema.js';

const tags = ['incidents'];
const acted = { 200: incidentDetail, ...errors(400, 401, 403, 404, 409) };

export function registerIncidentRoutes(
  app: KeelApp,
  service: ServiceContext,
  events: EventBus,
  hooks: Pick<IncidentsContext, 'onResolved' | 'onMerged'> = {},
): void {
  const ctx: IncidentsContext = { ...service, events, ...hooks };
  const base = '/api/v1/incidents';

  app.get(base, {
    config: { policy: 'incident.read' },
    schema: {
      tags,
      summary: 'List incidents',
      querystring: listIncidentsQuery,
      response: {
        200: z.object({ items: z.array(incidentView), nextCursor: z.string().nullable(), total: z.number() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listIncidents(ctx, request.query),
  });

  app.post(base, {
    config: { policy: 'incident.create' },
    schema: {
      tags,
      summary: 'Open an incident by hand',
      description:
        'Only `title` is required. Defaults: SEV3, high urgency, impact from the severity, priority from impact × urgency.',
      body: createIncidentBody,
      response: { 201: incidentDetail, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createIncident(ctx, actorOf(request), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'incident.read' },
    schema: {
      tags,
      summary: 'An incident with its timeline and assignees',
      params: incidentParams,
      response: { 200: incidentDetail, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => getIncident(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'incident.update' },
    schema: {
      tags,
      summary: 'Change the title, description or category',
      params: incidentParams,
      body: updateIncidentBody,
      response: acted,
    },
    handler: async (request) => updateIncident(ctx, actorOf(request), request.params.id, request.body),
  });

  app.post(`${base}/:id/acknowledge`, {
    config: { policy: 'incident.act' },
    schema: { tags, summary: 'Acknowledge (409 when resolved)', params: incidentParams, response: acted },
    handler: async (request) => acknowledge(ctx, actorOf(request), request.params.id),
  });

  app.post(`${base}/:id/resolve`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Resolve, with an optional note',
      params: incidentParams,
      body: resolveBody,
      response: acted,
    },
    handler: async (request) => resolve(ctx, actorOf(request), request.params.id, request.body.note),
  });

  app.post(`${base}/:id/reopen`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Reopen a resolved incident (it triggers again)',
      params: incidentParams,
      response: acted,
    },
    handler: async (request) => reopenIncident(ctx, actorOf(request), request.params.id),
  });

  app.post(`${base}/:id/notes`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Add a markdown note to the timeline',
      params: incidentParams,
      body: noteBody,
      response: acted,
    },
    handler: async (request) => addIncidentNote(ctx, actorOf(request), request.params.id, request.body.body),
  });

  app.post(`${base}/:id/assign`, {
    config: { policy: 'incident.act' },
    schema: { tags, summary: 'Set the assignees', params: incidentParams, body: assignBody, response: acted },
    handler: async (request) => assign(ctx, actorOf(request), request.params.id, request.body.userIds),
  });

  app.post(`${base}/:id/severity`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Change the severity',
      description:
        'The impact follows when it was the old severity’s default; the priority follows unless set by hand.',
      params: incidentParams,
      body: severityBody,
      response: acted,
    },
    handler: async (request) =>
      changeSeverity(ctx, actorOf(request), request.params.id, request.body.severity),
  });

  app.post(`${base}/:id/priority`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Set the priority by hand (null: back to the matrix)',
      params: incidentParams,
      body: priorityBody,
      response: acted,
    },
    handler: async (request) =>
      changePriority(ctx, actorOf(request), request.params.id, request.body.priority),
  });

  app.post(`${base}/:id/impact`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Change the impact (the priority follows unless set by hand)',
      params: incidentParams,
      body: impactBody,
      response: acted,
    },
    handler: async (request) => changeImpact(ctx, actorOf(request), request.params.id, request.body.impact),
  });

  app.post(`${base}/:id/roles`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Set the commander, communications lead or scribe (null clears)',
      params: incidentParams,
      body: rolesBody,
      response: acted,
    },
    handler: async (request) => changeRoles(ctx, actorOf(request), request.params.id, request.body),
  });

  app.post(`${base}/:id/snooze`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Pause escalation for 1 minute to 7 days',
      description:
        'Only triggered or acknowledged incidents (409 otherwise). The status stays; `snoozedUntil` is set.',
      params: incidentParams,
      body: snoozeBody,
      response: acted,
    },
    handler: async (request) =>
      snoozeIncident(ctx, actorOf(request), request.params.id, request.body.minutes),
  });

  app.post(`${base}/:id/merge`, {
    config: { policy: 'incident.act' },
    schema: {
      tags,
      summary: 'Merge into another open incident',
      description: 'This incident becomes resolved with `mergedIntoId`; both timelines record the merge.',
      params: incidentParams,
      body: mergeBody,
      response: acted,
    },
    handler: async (request) => mergeIncident(ctx, actorOf(request), request.params.id, request.body.intoId),
  });
}

import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { createTeamBody, listTeamsQuery, memberBody, memberParams, updateTeamBody } from './teams.schema.js';
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  removeMember,
  setMember,
  updateTeam,
} from './teams.service.js';
import { idParam, userView } from './users.schema.js';

const teamView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number(),
  isSample: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const teamDetail = teamView.extend({
  members: z.array(z.object({ user: userView, role: z.enum(['member', 'manager']), joinedAt: z.string() })),
});

export function registerTeamRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/teams', {
    config: { policy: 'team.read' },
    schema: {
      tags: ['teams'],
      summary: 'List teams',
      querystring: listTeamsQuery,
      response: {
        200: z.object({ items: z.array(teamView), nextCursor: z.string().nullable(), total: z.number() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listTeams(ctx, request.query),
  });

  app.post('/api/v1/teams', {
    config: { policy: 'team.create' },
    schema: {
      tags: ['teams'],
      summary: 'Create a team',
      body: createTeamBody,
      response: { 201: teamView, ...errors(400, 401, 403, 409) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createTeam(ctx, actorOf(request), request.body)),
  });

  app.get('/api/v1/teams/:id', {
    config: { policy: 'team.read' },
    schema: {
      tags: ['teams'],
      summary: 'Get a team with its members',
      params: idParam,
      response: { 200: teamDetail, ...errors(401, 403, 404) },
    },
    handler: async (request) => getTeam(ctx, request.params.id),
  });

  app.patch('/api/v1/teams/:id', {
    config: { policy: 'team.update' },
    schema: {
      tags: ['teams'],
      summary: 'Change a team',
      params: idParam,
      body: updateTeamBody,
      response: { 200: teamView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updateTeam(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete('/api/v1/teams/:id', {
    config: { policy: 'team.delete' },
    schema: {
      tags: ['teams'],
      summary: 'Delete a team',
      params: idParam,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteTeam(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  app.put('/api/v1/teams/:id/members/:userId', {
    config: { policy: 'team.update' },
    schema: {
      tags: ['teams'],
      summary: 'Add a member, or change their team role',
      params: memberParams,
      body: memberBody,
      response: { 200: teamDetail, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) =>
      setMember(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.userId,
        (request.body ?? { role: 'member' }).role,
      ),
  });

  app.delete('/api/v1/teams/:id/members/:userId', {
    config: { policy: 'team.update' },
    schema: {
      tags: ['teams'],
      summary: 'Remove a member',
      params: memberParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await removeMember(ctx, actorOf(request), request.params.id, request.params.userId);
      return reply.code(204).send();
    },
  });
}

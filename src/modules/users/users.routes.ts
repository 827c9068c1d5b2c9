import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { issueResetLinkFor } from './passwords.service.js';
import { createUserBody, idParam, listUsersQuery, updateUserBody, userView } from './users.schema.js';
import { createUser, deleteUser, getUser, listUsers, updateUser } from './users.service.js';

export function registerUserRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/users', {
    config: { policy: 'user.read' },
    schema: {
      tags: ['users'],
      summary: 'List users',
      description:
        'Ordered by name. `q` matches name or e-mail. Pages with `cursor` = the previous page’s `nextCursor`.',
      querystring: listUsersQuery,
      response: {
        200: z.object({ items: z.array(userView), nextCursor: z.string().nullable(), total: z.number() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listUsers(ctx, request.query),
  });

  app.post('/api/v1/users', {
    config: { policy: 'user.create' },
    schema: {
      tags: ['users'],
      summary: 'Create a user',
      description:
        'Without a password, the answer carries a one-time `inviteUrl` (valid 7 days) for the person to choose one.',
      body: createUserBody,
      response: {
        201: z.object({ user: userView, inviteUrl: z.string().nullable() }),
        ...errors(400, 401, 403, 409),
      },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createUser(ctx, actorOf(request), request.body)),
  });

  app.get('/api/v1/users/:id', {
    config: { policy: 'user.read' },
    schema: {
      tags: ['users'],
      summary: 'Get a user',
      params: idParam,
      response: { 200: userView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getUser(ctx, request.params.id),
  });

  app.patch('/api/v1/users/:id', {
    config: { policy: 'user.update' },
    schema: {
      tags: ['users'],
      summary: 'Change a user',
      description:
        'Disabling a user signs them out everywhere. Only owners change owners; the last active owner stays.',
      params: idParam,
      body: updateUserBody,
      response: { 200: userView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updateUser(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete('/api/v1/users/:id', {
    config: { policy: 'user.delete' },
    schema: {
      tags: ['users'],
      summary: 'Delete a user',
      params: idParam,
      response: { 204: noContent, ...errors(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteUser(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/users/:id/password-reset', {
    config: { policy: 'user.reset_password' },
    schema: {
      tags: ['users'],
      summary: 'Issue a one-time password reset link for a user',
      description:
        'For when mail is not configured or did not arrive: hand the link to the person. Valid one hour.',
      params: idParam,
      response: { 200: z.object({ url: z.string(), expiresAt: z.string() }), ...errors(401, 403, 404) },
    },
    handler: async (request) => {
      const { url, expiresAt } = await issueResetLinkFor(ctx, actorOf(request), request.params.id);
      return { url, expiresAt };
    },
  });
}

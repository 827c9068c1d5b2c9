import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { setSessionCookie, clearSessionCookie } from '../../http/session-cookie.js';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import type { Mailer } from '../mail/index.js';
import {
  changePassword,
  completePasswordReset,
  disableTotp,
  enableTotp,
  presentUser,
  requestPasswordReset,
  setupTotp,
  updateUser,
  userSchemas,
} from '../users/index.js';
import {
  disableTotpBody,
  loginBody,
  resetCompleteBody,
  resetRequestBody,
  sessionResponse,
  totpBody,
} from './auth.schema.js';
import { completeTotpLogin, login, logout } from './sessions.service.js';
import type { NewSession } from './sessions.service.js';

const authLimit = { max: 30, timeWindow: '1 minute' };

export function registerAuthRoutes(app: KeelApp, ctx: ServiceContext, mailer: Mailer): void {
  const answerSession = (reply: FastifyReply, s: NewSession) => {
    setSessionCookie(reply, ctx.config, s.token, s.expiresAt, ctx.clock.now());
    return s.mfaRequired
      ? { mfaRequired: true, csrfToken: s.csrfToken }
      : { user: presentUser(s.user), csrfToken: s.csrfToken };
  };

  app.post('/api/v1/auth/login', {
    config: { public: true, rateLimit: authLimit },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with e-mail and password',
      description:
        'Sets the session cookie. With two-factor sign-in on, answers `mfaRequired` and a code must follow at /auth/totp.',
      body: loginBody,
      response: { 200: sessionResponse, ...errors(400, 401, 429) },
    },
    handler: async (request, reply) => {
      const s = await login(ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      return answerSession(reply, s);
    },
  });

  app.post('/api/v1/auth/totp', {
    config: { policy: 'me.read', allowMfaPending: true, rateLimit: authLimit },
    schema: {
      tags: ['auth'],
      summary: 'Finish signing in with a two-factor code',
      body: totpBody,
      response: { 200: sessionResponse, ...errors(400, 401, 409, 429) },
    },
    handler: async (request, reply) => {
      const s = await completeTotpLogin(ctx, request.principal!, request.body.code, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      return answerSession(reply, s);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { policy: 'me.read', allowMfaPending: true },
    schema: {
      tags: ['auth'],
      summary: 'Sign out (ends this session)',
      response: { 204: noContent, ...errors(401, 403) },
    },
    handler: async (request, reply) => {
      await logout(ctx, request.principal!);
      clearSessionCookie(reply, ctx.config);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/auth/password-reset/request', {
    config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'E-mail a password reset link',
      body: resetRequestBody,
      response: { 202: noContent, ...errors(400, 429) },
    },
    handler: async (request, reply) => {
      await requestPasswordReset(ctx, mailer, request.body.email);
      return reply.code(202).send();
    },
  });

  app.post('/api/v1/auth/password-reset/complete', {
    config: { public: true, rateLimit: authLimit },
    schema: {
      tags: ['auth'],
      summary: 'Choose a new password with a reset link',
      body: resetCompleteBody,
      response: { 204: noContent, ...errors(400, 410, 429) },
    },
    handler: async (request, reply) => {
      await completePasswordReset(ctx, request.body.token, request.body.newPassword);
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/me', {
    config: { policy: 'me.read' },
    schema: {
      tags: ['me'],
      summary: 'The caller',
      description:
        'The signed-in user (or the API key’s user), with the CSRF token for cookie sessions and how the caller authenticated.',
      response: {
        200: userSchemas.userView.extend({
          csrfToken: z.string().nullable(),
          via: z.enum(['session', 'api_key']),
        }),
        ...errors(401),
      },
    },
    handler: async (request) => {
      const p = request.principal!;
      return { ...presentUser(p.user), csrfToken: p.csrfToken, via: p.via };
    },
  });

  app.patch('/api/v1/me', {
    config: { policy: 'me.update' },
    schema: {
      tags: ['me'],
      summary: 'Change your name or time zone',
      body: userSchemas.updateMeBody,
      response: { 200: userSchemas.userView, ...errors(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return updateUser(ctx, actor, actor.userId!, request.body);
    },
  });

  app.post('/api/v1/me/password', {
    config: { policy: 'me.update', sessionOnly: true, rateLimit: authLimit },
    schema: {
      tags: ['me'],
      summary: 'Change your password (signs out your other sessions)',
      body: userSchemas.changePasswordBody,
      response: { 204: noContent, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) => {
      await changePassword(
        ctx,
        actorOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.principal!.sessionId,
      );
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/me/totp/setup', {
    config: { policy: 'me.update', sessionOnly: true },
    schema: {
      tags: ['me'],
      summary: 'Start two-factor enrolment',
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), ...errors(401, 409) },
    },
    handler: async (request) => setupTotp(ctx, actorOf(request)),
  });

  app.post('/api/v1/me/totp/enable', {
    config: { policy: 'me.update', sessionOnly: true, rateLimit: authLimit },
    schema: {
      tags: ['me'],
      summary: 'Turn two-factor sign-in on with a first code',
      body: totpBody,
      response: { 204: noContent, ...errors(400, 401, 409) },
    },
    handler: async (request, reply) => {
      await enableTotp(ctx, actorOf(request), request.body.code);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/me/totp/disable', {
    config: { policy: 'me.update', sessionOnly: true, rateLimit: authLimit },
    schema: {
      tags: ['me'],
      summary: 'Turn two-factor sign-in off (needs your password)',
      body: disableTotpBody,
      response: { 204: noContent, ...errors(400, 401) },
    },
    handler: async (request, reply) => {
      await disableTotp(ctx, actorOf(request), request.body.password);
      return reply.code(204).send();
    },
  });
}

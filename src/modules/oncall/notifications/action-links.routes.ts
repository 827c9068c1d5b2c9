import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { KeelApp } from '../../../http/route-types.js';
import { actOnLink, inspectLink, type ActionLinkDeps } from './action-links.service.js';
import { confirmPage, donePage, errorPage } from './action-links.page.js';
import type { NotificationsContext } from './notifications.context.js';

const params = z.object({ token: z.string().min(1).max(1000) });
const html = 'text/html; charset=utf-8';

/**
 * `GET /act/<token>`: a confirmation page, never an action. `POST /act/<token>` (its form,
 * no session and no CSRF token: the signed token is the credential) acts and answers a page.
 * Invalid or expired links get a page saying so, with 403/410.
 */
export function registerActionLinkRoutes(
  app: KeelApp,
  ctx: NotificationsContext,
  deps: ActionLinkDeps,
): void {
  void app.register((plain, _opts, done) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // An HTML form posts application/x-www-form-urlencoded; the body carries nothing we need.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_r, _b, cb) => cb(null, {}),
    );
    const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

    scope.get(
      '/act/:token',
      { config: { public: true, ...limit }, schema: { hide: true, params } },
      async (request, reply) => {
        const view = await inspectLink(ctx, request.params.token);
        void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type(html);
        if (!view.ok) return reply.code(view.status).send(errorPage(view.message));
        return reply.send(
          confirmPage({
            action: view.claims.action,
            number: view.incident.number,
            title: view.incident.title,
            status: view.incident.status,
            userName: view.userName,
          }),
        );
      },
    );

    scope.post(
      '/act/:token',
      { config: { public: true, ...limit }, schema: { hide: true, params } },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type(html);
        const view = await inspectLink(ctx, request.params.token);
        if (!view.ok) return reply.code(view.status).send(errorPage(view.message));
        const out = await actOnLink(ctx, deps, view.claims, { ip: request.ip, requestId: request.id });
        if (!out) return reply.code(404).send(errorPage('This incident no longer exists.'));
        return reply.send(donePage(out));
      },
    );
    done();
  });
}

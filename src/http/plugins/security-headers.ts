import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface RouteShorthandOptions {
    /** `false`: this route's answers get none of the security headers (e.g. /healthz). */
    helmet?: false;
  }
  interface FastifyContextConfig {
    /** Set from the route's `helmet: false`. */
    noSecurityHeaders?: boolean;
  }
}

/**
 * Helmet's security headers on every answer, except on routes registered with `helmet: false`.
 * The same headers @fastify/helmet sets, but its middleware is built once here: @fastify/helmet
 * builds it again for every request (Content-Security-Policy directives parsed anew, about 15 µs
 * per request, the largest single cost of answering a small request). Helmet's middleware only
 * sets and removes fixed headers, so one instance serves every request.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const apply = helmet(options);
  const done = (err?: unknown): void => {
    if (err) throw err;
  };
  app.addHook('onRoute', (route) => {
    if (route.helmet === false) route.config = { ...route.config, noSecurityHeaders: true };
  });
  app.addHook('onRequest', (request, reply, next) => {
    if (request.routeOptions.config.noSecurityHeaders !== true) apply(request.raw, reply.raw, done);
    next();
  });
}

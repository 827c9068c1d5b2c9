import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * The same headers @fastify/helmet sets, computed once here: @fastify/helmet built helmet's
 * middleware again for every request (Content-Security-Policy directives parsed anew, about 15 µs
 * per request). Helmet's middleware only sets fixed headers (and removes X-Powered-By, which
 * neither Node nor Fastify sets), so it is run once against a recorder and the recorded headers
 * are given to each reply, which writes them with its own, as a route's headers are.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onRoute', (route) => {
    if (route.helmet === false) route.config = { ...route.config, noSecurityHeaders: true };
  });
  app.addHook('onRequest', (request, reply, next) => {
    if (request.routeOptions.config.noSecurityHeaders !== true) void reply.headers(headers);
    next();
  });
}

/** The headers helmet's middleware sets with these options, lower-cased names. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const set: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete set[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return Object.freeze(set);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { routeConfig } from '../route-config.js';

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
  const machineHeaders = machineTrafficHeaders(headers);
  app.addHook('onRoute', (route) => {
    if (route.helmet === false) route.config = { ...route.config, noSecurityHeaders: true };
  });
  app.addHook('onRequest', (request, reply, next) => {
    const config = routeConfig(request);
    if (config.noSecurityHeaders !== true)
      void reply.headers(config.machineTraffic ? machineHeaders : headers);
    next();
  });
}

/**
 * Routes that machines call (senders' ingest URLs, heartbeat pings: `machineTraffic`) answer a
 * few bytes of JSON that no browser renders as a page, so the headers that guard pages (content
 * policy, framing, cross-origin isolation, referrer, prefetching) say nothing there; only
 * `X-Content-Type-Options: nosniff` keeps a meaning (the JSON is never sniffed as HTML). At ingest
 * rates the other ten headers cost several percent of the main thread (set, validated, written).
 */
export function machineTrafficHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  const nosniff = headers['x-content-type-options'];
  if (nosniff) kept['x-content-type-options'] = nosniff;
  return Object.freeze(kept);
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

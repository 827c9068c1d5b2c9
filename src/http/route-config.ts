import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A route's config as Fastify keeps it: the route's own, with its `url` and `method`. */
type RouteConfig = FastifyRequest['routeOptions']['config'];

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's route config, read once (see routeConfig). */
    keelRouteConfig: RouteConfig | null;
  }
}

/** Lets requests carry their route config, read once (routeConfig). Register before any hook. */
export function registerRouteConfig(app: FastifyInstance): void {
  app.decorateRequest('keelRouteConfig', null);
}

/**
 * The request's route config (with Fastify's `url`: the route pattern, undefined when nothing
 * matched). Fastify's `request.routeOptions` is a getter that builds a new object on every read;
 * the hooks every request passes through (authorization, security headers, body parsing, NUL
 * guard, request log) each read the config, so it is read once here and kept on the request.
 */
export function routeConfig(request: FastifyRequest): RouteConfig {
  return (request.keelRouteConfig ??= request.routeOptions.config);
}

import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies: an empty body is "no body" (so the route's schema decides), anything else must be
 * valid JSON; prototype-poisoning keys are refused by Fastify's own parser underneath. JSON is the
 * only body Keel takes: every other content type (text/plain included, which Fastify parses by
 * default) is 415. Media-type parameters such as `; charset=utf-8` are allowed.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep the body's text as request.rawBody (signature checks, raw event storage). */
    rawBody?: boolean;
  }
  interface FastifyRequest {
    rawBody?: string;
  }
}

export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(?:;|$)/,
    { parseAs: 'string' },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (request.routeOptions.config.rawBody) request.rawBody = text;
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      void parse(request, text, done);
    },
  );
}

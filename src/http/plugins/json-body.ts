import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { routeConfig } from '../route-config.js';

/**
 * JSON bodies: an empty body is "no body" (so the route's schema decides), anything else must be
 * valid JSON in valid UTF-8; prototype-poisoning keys are refused by Fastify's own parser
 * underneath. JSON is the only body Keel takes: every other content type (text/plain included,
 * which Fastify parses by default) is 415. Media-type parameters such as `; charset=utf-8` are
 * allowed.
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
    { parseAs: 'buffer' },
    (request, body, done) => {
      // JSON is UTF-8 (RFC 8259); decoding invalid bytes would silently store U+FFFD instead.
      if (typeof body !== 'string' && !isUtf8(body)) {
        done(new AppError('malformed_json', 'The request body is not valid UTF-8.'), undefined);
        return;
      }
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (routeConfig(request).rawBody) request.rawBody = text;
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      void parse(request, text, done);
    },
  );
}

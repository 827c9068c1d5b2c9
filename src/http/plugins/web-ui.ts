import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { sendError } from './errors.js';

/**
 * Serves the built single-page app at `/`: hashed assets with a long cache, and index.html for any
 * other GET that is not an API path, so client-side routes survive a reload. API paths that match
 * no route get the JSON 404.
 */
export function registerWebUi(app: FastifyInstance, webRoot: string | null): void {
  const indexPath = webRoot ? join(webRoot, 'index.html') : null;
  const hasUi = indexPath !== null && existsSync(indexPath);
  const indexHtml = hasUi ? readFileSync(indexPath) : null;

  if (hasUi && webRoot) {
    void app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders(res, path) {
        if (path.includes('/assets/'))
          void res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url === '/api';
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (!isApi && wantsPage && indexHtml) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return sendError(
      reply,
      new AppError('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
    );
  });
}

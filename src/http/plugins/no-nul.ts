import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { routeConfig } from '../route-config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's body goes through a format parser whose input guard refuses NUL characters (and
     * more) in that format's own error shape (the ingest routes, src/modules/alerts/formats):
     * this hook then checks only params and query, not the body a second time.
     */
    formatGuardsBody?: boolean;
  }
}

interface Frame {
  value: unknown;
  key: string | number | null;
  parent: Frame | null;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * The path to the first string (or key) holding U+0000 in a parsed input, or null. Iterative,
 * not recursive: a body can nest arrays hundreds of thousands deep within the size limit.
 */
function nulPath(root: unknown): (string | number)[] | null {
  if (root === undefined || root === null || typeof root === 'number' || typeof root === 'boolean')
    return null;
  const stack: Frame[] = [{ value: root, key: null, parent: null }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const value = frame.value;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(frame);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: frame });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>).reverse()) {
        const child = { value: v, key: k, parent: frame };
        if (k.includes('\u0000')) return pathOf(child);
        stack.push(child);
      }
    }
  }
  return null;
}

/**
 * Text with a NUL character (U+0000) is refused in the path, the query and the body, before
 * validation: PostgreSQL cannot store or compare it (the query fails, which would be a 500) while
 * SQLite would store it, and no Keel input needs it.
 */
/** True for undefined and for an object without own keys (most paths and queries): nothing to walk. */
function nothingIn(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object') return false;
  for (const _ in value) return false;
  return true;
}

export function registerNoNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const body = routeConfig(request).formatGuardsBody === true ? undefined : request.body;
    if (nothingIn(request.params) && nothingIn(request.query) && nothingIn(body)) {
      done();
      return;
    }
    const inputs = [
      ['params', request.params],
      ['querystring', request.query],
      ['body', body],
    ] as const;
    for (const [where, value] of inputs) {
      const path = nulPath(value);
      if (path) {
        const message = 'must not contain the NUL character (U+0000)';
        done(
          new AppError('validation_failed', `${[where, ...path].join('.')}: ${message}`, {
            issues: [{ in: where, path, message }],
          }),
        );
        return;
      }
    }
    done();
  });
}

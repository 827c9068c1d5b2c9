import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** The path to the first string (or key) holding U+0000 in a parsed input, or null. */
function nulPath(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.includes('\u0000')) return [...path, k];
      const found = nulPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Text with a NUL character (U+0000) is refused in the path, the query and the body, before
 * validation: PostgreSQL cannot store or compare it (the query fails, which would be a 500) while
 * SQLite would store it, and no Keel input needs it.
 */
export function registerNoNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const inputs = [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const;
    for (const [where, value] of inputs) {
      const path = nulPath(value, []);
      if (path) {
        const message = 'must not contain the NUL character (U+0000)';
        done(new AppError('validation_failed', `${[where, ...path].join('.')}: ${message}`, { issues: [{ in: where, path, message }] }));
        return;
      }
    }
    done();
  });
}

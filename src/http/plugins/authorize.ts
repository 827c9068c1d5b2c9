import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../lib/context.js';
import { safeEqual } from '../../lib/crypto.js';
import { resolveApiKey, resolveSession, type Principal } from '../../modules/auth/index.js';
import { sessionCookie } from '../session-cookie.js';
import { AppError } from '../errors.js';
import { policies } from '../policies.js';
import { routeConfig } from '../route-config.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

async function resolvePrincipal(ctx: ServiceContext, request: FastifyRequest): Promise<Principal | null> {
  const bearer = bearerOf(request);
  if (bearer === null)
    throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <API key>".');
  if (bearer !== undefined) {
    const principal = await resolveApiKey(ctx, bearer);
    if (!principal) throw new AppError('unauthenticated', 'The API key is unknown, revoked or expired.');
    return principal;
  }
  const token = request.cookies[sessionCookie];
  return token ? resolveSession(ctx, token) : null;
}

/**
 * The one place authorization is enforced. Every /api route declares either `public` or a
 * `policy`; a route that declares neither fails at start-up, so nothing is open by accident.
 */
export function registerAuthorization(app: FastifyInstance, ctx: ServiceContext): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/v1/')) return;
    const config = route.config ?? {};
    if (!config.public && !config.policy)
      throw new Error(`route ${route.method} ${url} declares no policy and is not public`);
    if (config.policy && !(config.policy in policies))
      throw new Error(`route ${url}: unknown policy ${config.policy}`);
  });

  // A callback hook, so public routes (probes, ingest) pay for no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const config = routeConfig(request);
    if ((config.public && !config.optionalAuth) || (!config.public && !config.policy)) {
      done(); // public, or not an API route (static files, 404)
      return;
    }
    authorize(request, config).then(() => done(), done);
  });

  async function authorize(
    request: FastifyRequest,
    config: FastifyRequest['routeOptions']['config'],
  ): Promise<void> {
    const principal = await resolvePrincipal(ctx, request);
    request.principal = principal;
    if (config.public) return;
    if (!principal) throw new AppError('unauthenticated');
    if (principal.mfaPending && !config.allowMfaPending) {
      throw new AppError('unauthenticated', 'Finish signing in with your two-factor code.');
    }

    if (config.sessionOnly && principal.via !== 'session') {
      throw new AppError('forbidden', 'This can only be done by a signed-in person, not with an API key.');
    }

    if (principal.via === 'session' && !safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError('csrf_failed');
      }
    }

    const rule = policies[config.policy!];
    if (!rule.roles.includes(principal.user.role)) throw new AppError('forbidden');
    if (principal.scopes && !principal.scopes.has(rule.scope)) {
      throw new AppError('insufficient_scope', `This API key needs the "${rule.scope}" scope for this.`, {
        required: rule.scope,
      });
    }
  }
}

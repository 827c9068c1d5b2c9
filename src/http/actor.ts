import type { FastifyRequest } from 'fastify';
import type { Actor } from '../lib/context.js';
import type { Principal } from '../modules/auth/principal.js';
import type { PolicyName } from './policies.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The `<resource>.<action>` rule this route needs (src/http/policies.ts). */
    policy?: PolicyName;
    /** Anyone may call it. */
    public?: boolean;
    /** On a public route, still read credentials when sent (request.principal may be set). */
    optionalAuth?: boolean;
    /** A session waiting for its TOTP code may call this route (only the code check and sign-out). */
    allowMfaPending?: boolean;
    /** Only a signed-in person, never an API key (password, two-factor enrolment). */
    sessionOnly?: boolean;
    /** Probes: no request log line. */
    quiet?: boolean;
    /**
     * High-volume machine traffic whose every success is recorded in the database anyway (ingest
     * events in alert_events, heartbeat pings in the monitor's results): a 2xx/3xx answer's request
     * line is logged at debug, a 4xx or 5xx as on every route (docs/api.md "Logs").
     */
    machineTraffic?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The actor for services and the audit log, from the request's principal. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) throw new AppError('unauthenticated');
  const who = `${p.user.name} <${p.user.email}>`;
  return {
    userId: p.user.id,
    role: p.user.role,
    label: p.via === 'api_key' ? `${who} via API key "${p.apiKeyName ?? ''}"` : who,
    via: p.via,
    ip: request.ip,
    requestId: request.id,
  };
}

import { setMaxListeners } from 'node:events';
import type { z } from 'zod';
import type { TargetPolicy } from './target-policy.js';

/**
 * The one seam between the monitor engine and the ways a target can be checked. Each type is
 * one small file (http.ts, tls.ts, …) listed in registry.ts; adding a type is a new file and
 * one line there. docs/monitors.md "Checkers" describes each one.
 */

export type CheckStatus = 'up' | 'down' | 'degraded';

export interface CheckResult {
  /** The raw outcome, before inversion and retries (the engine applies those). */
  status: CheckStatus;
  /** Measured, integer milliseconds (0 when meaningless, e.g. refused before connecting). */
  latencyMs: number;
  /** Short and human: "HTTP 503", "keyword 'ok' not found", "certificate expires in 5 days". */
  message: string;
  /** HTTP only: the final response's status (after redirects). */
  statusCode?: number;
  /** TLS and HTTPS: the peer certificate's notAfter, epoch ms. */
  certExpiresAt?: number;
}

export interface CheckContext {
  /** The whole check, connect to last byte (all redirects of an HTTP check included). */
  timeoutMs: number;
  /** Aborts the check (shutdown); an aborted check ends as down. */
  signal: AbortSignal;
  /** Injected clock: certificate expiry is computed against it. Latency uses performance.now(). */
  now(): number;
  /** Allow/deny networks; checkers resolve names through it and connect to the checked address. */
  targets: TargetPolicy;
}

/**
 * One monitor type. `configSchema` validates what the API stores (its messages are shown to the
 * user); check() receives parsed config and should not throw (the registry turns a throw into
 * a down result anyway).
 */
export interface Checker<T extends string, C> {
  readonly type: T;
  readonly configSchema: z.ZodType<C>;
  check(config: C, ctx: CheckContext): Promise<CheckResult>;
}

/** Milliseconds since `started` (a performance.now() reading), as an integer. */
export function elapsedMs(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

/**
 * A latency threshold applied to any result: an up result slower than `degradedAboveMs` becomes
 * degraded. The HTTP checker applies its own option; the engine may apply a monitor-level one
 * to every type with this.
 */
export function degradeIfSlow(result: CheckResult, degradedAboveMs: number | undefined): CheckResult {
  if (degradedAboveMs === undefined || result.status !== 'up' || result.latencyMs <= degradedAboveMs) {
    return result;
  }
  return {
    ...result,
    status: 'degraded',
    message: `${result.message}; slow: ${result.latencyMs} ms > ${degradedAboveMs} ms`,
  };
}

/** A down result, for failures before or instead of a measurement. */
export function down(message: string, latencyMs = 0): CheckResult {
  return { status: 'down', latencyMs, message };
}

/** A system error's code (ECONNREFUSED, ETIMEDOUT, …) and a one-line reason, for result messages. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  // OpenSSL's messages are "<id>:error:<hex>:SSL routines:<function>:<reason>:<file>:<line>:".
  const ssl = /SSL routines:[^:]*:([^:]+)/.exec(err.message);
  const reason = (ssl ? ssl[1]! : err.message).split('\n')[0]!.trim().slice(0, 200);
  return code && !reason.includes(code) ? `${code}: ${reason}` : reason;
}

const shared = new WeakSet<AbortSignal>();

/**
 * The engine passes one shutdown signal to every running check, so hundreds of abort listeners
 * on it are normal, not a leak (each check removes its own): lift Node's warning threshold once.
 */
export function shareSignal(signal: AbortSignal): AbortSignal {
  if (!shared.has(signal)) {
    setMaxListeners(0, signal);
    shared.add(signal);
  }
  return signal;
}

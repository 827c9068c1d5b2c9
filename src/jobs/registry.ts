import type { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { defaultBackoff } from './backoff.js';

/**
 * What a handler gets besides its payload.
 *
 * Jobs run at least once: a worker can die after a side effect and before recording success,
 * and the job then runs again. Every side effect must therefore be idempotent, keyed by `key`
 * (stable across attempts) — store it in a unique column, or send it as the receiver's
 * idempotency key — so a repeat is dropped rather than repeated. `attemptKey` differs per
 * attempt and is for recording attempts (a delivery-log row per try), never for dedup.
 */
export interface JobContext {
  readonly jobId: string;
  readonly jobName: string;
  /** 1 on the first run, incremented by every claim (including a claim after a lost lease). */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** `<jobName>:<jobId>`: the same on every attempt. Use it for side-effect idempotency. */
  readonly key: string;
  /** `job:<jobId>:attempt:<n>`: unique per attempt. */
  readonly attemptKey: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: Db;
  /**
   * Aborted when this attempt no longer owns the job (its lease was lost, or it exceeded the
   * job's timeout). Pass it to fetch() and friends; work after an abort may be repeated.
   */
  readonly signal: AbortSignal;
  /**
   * Marks the job done inside the handler's own transaction `trx`, so its outcome and its
   * effects commit together (one write instead of two). Optional: without a call the worker
   * marks it done after the handler returns. Call it only in a transaction that either commits
   * or makes the handler throw; absent in contexts built by hand (tests).
   */
  readonly completeIn?: (trx: Db) => Promise<void>;
}

/** A job type: a name, a typed payload, a retry policy and an idempotent handler. */
export interface JobDefinition<P = unknown, I = P> {
  readonly name: string;
  /** Validates the payload at enqueue (rejecting bad input early) and again before the handler. */
  readonly payload: z.ZodType<P, I>;
  readonly maxAttempts: number;
  /** Delay in ms before retrying after failed attempt `attempt` (1-based). */
  backoff(attempt: number): number;
  /** How long one claim holds the job; the worker extends it every leaseMs/3 while running. */
  readonly leaseMs: number;
  /** A running attempt is abandoned (and retried later) after this long. */
  readonly timeoutMs: number;
  handler(payload: P, ctx: JobContext): Promise<void>;
  /**
   * What people may see of a payload in the jobs admin view. Jobs whose payloads carry secrets
   * (a mailed reset link) show less. Default: the payload as stored.
   */
  describe(payload: unknown): unknown;
}

export interface JobSpec<S extends z.ZodType> {
  name: string;
  payload: S;
  /** Default 10. */
  maxAttempts?: number;
  /** Default `defaultBackoff`: exponential with equal jitter, 1 s doubling, capped at 1 h. */
  backoff?: (attempt: number) => number;
  /** Default 60 000. */
  leaseMs?: number;
  /** Default 300 000. */
  timeoutMs?: number;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
  /** Default: the stored payload. */
  describe?: (payload: z.output<S>) => unknown;
}

const namePattern = /^[a-z][a-z0-9_.:-]{0,99}$/;

/** Declares a job type; register it in a JobRegistry for a worker to run it. */
export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition<z.output<S>, z.input<S>> {
  if (!namePattern.test(spec.name)) throw new Error(`invalid job name: ${spec.name}`);
  const maxAttempts = spec.maxAttempts ?? 10;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`${spec.name}: maxAttempts must be ≥ 1`);
  const leaseMs = spec.leaseMs ?? 60_000;
  if (leaseMs < 30) throw new Error(`${spec.name}: leaseMs must be ≥ 30`);
  const backoff = spec.backoff ?? ((attempt: number) => defaultBackoff(attempt));
  return Object.freeze({
    name: spec.name,
    payload: spec.payload as z.ZodType<z.output<S>, z.input<S>>,
    maxAttempts,
    backoff,
    leaseMs,
    timeoutMs: spec.timeoutMs ?? 300_000,
    handler: spec.handler,
    describe: (payload: unknown) => {
      if (!spec.describe) return payload;
      const parsed = spec.payload.safeParse(payload);
      return parsed.success ? spec.describe(parsed.data as z.output<S>) : '(payload hidden)';
    },
  });
}

/**
 * Thrown by a handler when retrying cannot help (the incident it pages for was deleted, the
 * receiver answered 4xx): the job goes straight to the dead letter.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** The job types a worker can run, registered explicitly (no directory scanning). */
export class JobRegistry {
  readonly #defs = new Map<string, JobDefinition>();

  register<P, I>(def: JobDefinition<P, I>): this {
    if (this.#defs.has(def.name)) throw new Error(`job ${def.name} is already registered`);
    this.#defs.set(def.name, def);
    return this;
  }

  get(name: string): JobDefinition | undefined {
    return this.#defs.get(name);
  }

  names(): string[] {
    return [...this.#defs.keys()];
  }
}

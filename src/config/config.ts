import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseNetworkList } from '../lib/networks.js';

/**
 * Keel's configuration: read from the environment and, when KEEL_CONFIG_FILE names one, a JSON
 * file whose keys are the same variable names (the environment wins). Validated once, then frozen.
 */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const databaseUrl = z.string().refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
  message: 'must be sqlite:<path> or postgres://…',
});

const optionalUrl = z
  .string()
  .url()
  .transform((v) => v.replace(/\/+$/, ''))
  .optional();

// CIDR lists for monitor targets ("10.0.0.0/8, fd00::/8"); docs/monitors.md "Targets".
const networkList = z.string().transform((v, ctx) => {
  const parsed = parseNetworkList(v);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: databaseUrl.default('sqlite:./data/keel.db'),
    KEEL_ADMIN_EMAIL: z.string().email().optional(),
    KEEL_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    LOG_LEVEL: z.enum(logLevels).default('info'),
    KEEL_LOG_FILE: z.string().min(1).optional(),
    KEEL_PUBLIC_URL: optionalUrl,
    KEEL_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be smtp://… or smtps://…')
      .optional(),
    KEEL_MAIL_FROM: z.string().min(3).default('Keel <keel@localhost>'),
    KEEL_SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(24 * 14),
    KEEL_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    KEEL_TRUST_PROXY: bool.default(false),
    KEEL_SECURE_COOKIES: bool.optional(),
    KEEL_JOBS_WORKERS: z.coerce.number().int().min(0).max(64).default(4),
    KEEL_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
    KEEL_INGEST_THREAD: bool.default(true),
    KEEL_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    KEEL_STREAMS_MAX: z.coerce.number().int().min(1).max(100_000).default(2000),
    // Days, fractions allowed (0.5 = 12 hours); at least an hour, at most ten years.
    KEEL_RAW_EVENT_RETENTION_DAYS: z.coerce
      .number()
      .min(1 / 24, 'must be at least 0.0417 (one hour)')
      .max(3650)
      .default(7),
    // Encrypts contact-method secrets and signs action links; unset: one is generated and kept in the database.
    KEEL_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    KEEL_MONITOR_ALLOW_NETWORKS: networkList.optional(),
    KEEL_MONITOR_DENY_NETWORKS: networkList.optional(),
    // Days raw monitor check results are kept (rollups outlive them); fractions allowed.
    KEEL_MONITOR_RAW_RETENTION: z.coerce
      .number()
      .min(1 / 24, 'must be at least 0.0417 (one hour)')
      .max(90)
      .default(2),
  })
  .refine((c) => (c.KEEL_ADMIN_EMAIL === undefined) === (c.KEEL_ADMIN_PASSWORD === undefined), {
    message: 'KEEL_ADMIN_EMAIL and KEEL_ADMIN_PASSWORD must be set together',
    path: ['KEEL_ADMIN_PASSWORD'],
  });

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly admin: { readonly email: string; readonly password: string } | null;
  readonly logLevel: (typeof logLevels)[number];
  readonly logFile: string | null;
  readonly publicUrl: string;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly sessionTtlMs: number;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly secureCookies: boolean;
  readonly jobWorkers: number;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** SQLite file databases: commit ingested events on a writer thread of their own (ingest-thread.ts). */
  readonly ingestThread: boolean;
  /** Live-update streams (GET /api/v1/stream) one user may hold open on this node. */
  readonly streamsPerUser: number;
  /** Live-update streams this node holds open in all. */
  readonly streamsMax: number;
  /** How long raw alert events (alert_events) are kept, in milliseconds. */
  readonly rawEventRetentionMs: number;
  /** KEEL_SECRET_KEY; null: the key generated once and kept in the database (secret_keys). */
  readonly secretKey: string | null;
  /** Monitor targets: when non-empty, only these networks (CIDRs) may be checked. */
  readonly monitorAllowNetworks: readonly string[];
  /** Monitor targets refused, on top of the built-in link-local/metadata networks. */
  readonly monitorDenyNetworks: readonly string[];
  /** How long raw monitor results (monitor_results) are kept, in milliseconds. */
  readonly monitorRawRetentionMs: number;
}

/** Thrown when configuration is invalid; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readFileEnv(path: string): Env {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `KEEL_CONFIG_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`KEEL_CONFIG_FILE: ${path} is not valid JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`KEEL_CONFIG_FILE: ${path} must hold a JSON object of VARIABLE: value`);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v == null ? undefined : String(v)]));
}

/** Reads, validates and freezes configuration. Empty strings count as unset. */
export function loadConfig(env: Env = process.env): Config {
  const fromFile = env.KEEL_CONFIG_FILE ? readFileEnv(env.KEEL_CONFIG_FILE) : {};
  const merged: Env = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || 'configuration';
    throw new ConfigError(
      `${name}: ${issue?.message ?? 'invalid'} (got ${JSON.stringify(merged[name] ?? null)})`,
    );
  }
  const c = parsed.data;
  const shownHost = c.HOST === '0.0.0.0' || c.HOST === '::' ? '127.0.0.1' : c.HOST;
  const publicUrl = c.KEEL_PUBLIC_URL ?? `http://${shownHost}:${c.PORT}`;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    admin:
      c.KEEL_ADMIN_EMAIL && c.KEEL_ADMIN_PASSWORD
        ? Object.freeze({ email: c.KEEL_ADMIN_EMAIL.toLowerCase(), password: c.KEEL_ADMIN_PASSWORD })
        : null,
    logLevel: c.LOG_LEVEL,
    logFile: c.KEEL_LOG_FILE ?? null,
    publicUrl,
    smtpUrl: c.KEEL_SMTP_URL ?? null,
    mailFrom: c.KEEL_MAIL_FROM,
    sessionTtlMs: c.KEEL_SESSION_TTL_HOURS * 3600_000,
    bodyLimitBytes: c.KEEL_BODY_LIMIT_BYTES,
    trustProxy: c.KEEL_TRUST_PROXY,
    secureCookies: c.KEEL_SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    jobWorkers: c.KEEL_JOBS_WORKERS,
    sqliteSynchronous: c.KEEL_SQLITE_SYNCHRONOUS,
    ingestThread: c.KEEL_INGEST_THREAD,
    streamsPerUser: c.KEEL_STREAMS_PER_USER,
    streamsMax: c.KEEL_STREAMS_MAX,
    rawEventRetentionMs: Math.round(c.KEEL_RAW_EVENT_RETENTION_DAYS * 86_400_000),
    secretKey: c.KEEL_SECRET_KEY ?? null,
    monitorAllowNetworks: Object.freeze(c.KEEL_MONITOR_ALLOW_NETWORKS ?? []),
    monitorDenyNetworks: Object.freeze(c.KEEL_MONITOR_DENY_NETWORKS ?? []),
    monitorRawRetentionMs: Math.round(c.KEEL_MONITOR_RAW_RETENTION * 86_400_000),
  });
}

/** Configuration for tests and tools: defaults plus overrides, never the process environment. */
export function testConfig(overrides: Env = {}): Config {
  return loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...overrides });
}

import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { testConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/database.js';
import type { DialectKind } from '../../src/db/dialect.js';
import { errorCatalogue, type ErrorCode } from '../../src/http/errors.js';
import { FakeClock } from '../../src/lib/clock.js';
import { systemActor, type ServiceContext } from '../../src/lib/context.js';
import { createSession } from '../../src/modules/auth/index.js';
import { createUser, findUserById, type Role, type UserView } from '../../src/modules/users/index.js';
import { setupOwner, startTestServer, type Session, type TestServer } from './server.js';

/**
 * Route-test fixtures: a Keel on a fresh database with a fake clock and a signed-in owner,
 * users of any role signed in without password hashing (fast), the catalogue error check, and
 * row counts to prove a rejected request wrote nothing.
 */

export interface Api {
  server: TestServer;
  app: FastifyInstance;
  db: Db;
  clock: FakeClock;
  /** The same database, clock and config the app uses, for calling services directly. */
  ctx: ServiceContext;
  owner: Session;
  close(): Promise<void>;
}

export const ownerCredentials = {
  email: 'owner@example.com',
  name: 'Olive Owner',
  password: 'correct horse battery',
};

export async function startApi(kind: DialectKind, env: Record<string, string> = {}): Promise<Api> {
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  const server = await startTestServer({ kind, clock, env });
  const { keel } = server;
  const config = testConfig({ DATABASE_URL: 'sqlite::memory:', KEEL_PUBLIC_URL: 'http://keel.test', ...env });
  const ctx: ServiceContext = {
    db: keel.database.db,
    kind: keel.database.kind,
    clock,
    config,
    logger: keel.logger,
  };
  const owner = await setupOwner(server.app, ownerCredentials);
  return { server, app: server.app, db: keel.database.db, clock, ctx, owner, close: () => server.close() };
}

let seq = 0;

/** A user made through the service (no password: no hashing), with a session of their own. */
export async function signedIn(
  api: Api,
  role: Role,
  fields: { email?: string; name?: string } = {},
): Promise<Session & { user: UserView }> {
  const n = ++seq;
  const { user } = await createUser(api.ctx, systemActor, {
    email: fields.email ?? `${role}${n}@example.com`,
    name: fields.name ?? `Test ${role} ${n}`,
    role,
    timeZone: 'UTC',
  });
  const row = await findUserById(api.db, user.id);
  const s = await createSession(api.ctx, row!, { ip: '127.0.0.1', userAgent: null }, false);
  return { cookie: `keel_session=${s.token}`, csrfToken: s.csrfToken, userId: user.id, user };
}

/** A stack frame ("at fn (file.ts:1:2)") or a thrown error's name leaking into a body. */
const leak =
  /\bat \S+ \(|\bat \S+\.(?:ts|js|mjs|cjs):\d+|\.(?:ts|js|mjs|cjs):\d+:\d+|\b[A-Z]\w*Error:|\bError:/;

/**
 * Asserts the exact status and catalogue code, the exact `{"error":{"code","message","details"}}`
 * shape, a code whose catalogue status is the status sent, and no stack or error name in the body.
 */
export function assertApiError(
  res: LightMyRequestResponse,
  status: number,
  code: ErrorCode,
): { code: string; message: string; details: unknown } {
  assert.equal(
    res.statusCode,
    status,
    `expected ${status} ${code}, got ${res.statusCode}: ${res.body.slice(0, 500)}`,
  );
  assertErrorShape(res);
  const { error } = res.json<{ error: { code: string; message: string; details: unknown } }>();
  assert.equal(error.code, code, res.body.slice(0, 500));
  return error;
}

/** The catalogue shape with a known code matching the status; no 5xx, no stack. */
export function assertErrorShape(res: LightMyRequestResponse): void {
  assert.ok(
    res.statusCode >= 400 && res.statusCode < 500,
    `expected a 4xx, got ${res.statusCode}: ${res.body.slice(0, 500)}`,
  );
  assert.match(
    String(res.headers['content-type']),
    /^application\/json/,
    `not JSON: ${res.body.slice(0, 200)}`,
  );
  assert.doesNotMatch(res.body, leak, 'the body leaks a stack or an error name');
  const body = res.json<{ error: { code: string; message: string; details: unknown } }>();
  assert.deepEqual(Object.keys(body), ['error'], res.body.slice(0, 500));
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'message'], res.body.slice(0, 500));
  assert.ok(body.error.code in errorCatalogue, `unknown code ${body.error.code}`);
  assert.equal(
    errorCatalogue[body.error.code as ErrorCode].status,
    res.statusCode,
    `status of ${body.error.code}`,
  );
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  assert.ok(res.headers['x-request-id'], 'every answer has an X-Request-Id');
}

/** The `details.issues` of a validation error; asserts there is at least one. */
export function issuesOf(error: {
  details: unknown;
}): { path: (string | number)[]; message: string; in?: string }[] {
  const issues = (error.details as { issues?: unknown } | null)?.issues;
  assert.ok(
    Array.isArray(issues) && issues.length > 0,
    `details.issues missing in ${JSON.stringify(error.details)}`,
  );
  return issues as { path: (string | number)[]; message: string }[];
}

export function assertStatus(res: LightMyRequestResponse, status: number): void {
  assert.equal(
    res.statusCode,
    status,
    `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`,
  );
}

export const tables = [
  'users',
  'teams',
  'team_members',
  'sessions',
  'api_keys',
  'password_resets',
  'login_attempts',
  'audit_log',
  'jobs',
] as const;

/** Rows per table, in one query. */
export async function rowCounts(db: Db): Promise<Record<(typeof tables)[number], number>> {
  const cols = sql.join(tables.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`));
  const { rows } = await sql<Record<string, number | string>>`select ${cols}`.execute(db);
  const row = rows[0]!;
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])])) as Record<
    (typeof tables)[number],
    number
  >;
}

/** Sends a request and asserts that no table gained or lost a row. */
export async function injectWritingNothing(
  api: Pick<Api, 'app' | 'db'>,
  opts: InjectOptions,
): Promise<LightMyRequestResponse> {
  const before = await rowCounts(api.db);
  const res = await api.app.inject(opts);
  assert.deepEqual(
    await rowCounts(api.db),
    before,
    `${opts.method ?? 'GET'} ${String(opts.url)} → ${res.statusCode} changed row counts`,
  );
  return res;
}

/** Headers of a request with an API key. */
export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/**
 * Every "METHOD /path" Fastify knows, from printRoutes' tree (children print their path relative
 * to their parent). HEAD routes Fastify adds for GET are left out.
 */
export function knownRoutes(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (method !== 'HEAD') out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testConfig } from '../../src/config/config.js';
import type { DialectKind } from '../../src/db/dialect.js';
import type { Clock } from '../../src/lib/clock.js';
import { startKeel, type Keel } from '../../src/main/bootstrap.js';
import { createTestDatabase } from './db.js';

export interface TestServer {
  keel: Keel;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> when listening, else ''. */
  url: string;
  /** The database it runs on, for a second node (`databaseUrl`). */
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  kind?: DialectKind;
  env?: Record<string, string>;
  clock?: Clock;
  /** Serve the built UI from this folder (default none). */
  webRoot?: string | null;
  /** Listen on 127.0.0.1, a free port (default false: use app.inject). */
  listen?: boolean;
  /** Run the job worker (default false: tests drive jobs themselves). */
  runWorker?: boolean;
  /** Open this database instead of a fresh one: a second node on another server's database. */
  databaseUrl?: string;
}

/** A whole Keel on a fresh database of the given dialect. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  let url = opts.databaseUrl;
  if (!url) {
    const database = await createTestDatabase(opts.kind ?? 'sqlite');
    url = database.url;
    await database.close();
  }
  const config = testConfig({ DATABASE_URL: url, KEEL_PUBLIC_URL: 'http://keel.test', ...opts.env });
  const keel = await startKeel(config, {
    ...(opts.clock && { clock: opts.clock }),
    webRoot: opts.webRoot ?? null,
    runWorker: opts.runWorker ?? false,
    processMetrics: false,
    eagerIngestThread: false,
  });
  let address = '';
  if (opts.listen) {
    await keel.app.listen({ port: 0, host: '127.0.0.1' });
    const a = keel.app.server.address();
    if (a && typeof a === 'object') address = `http://127.0.0.1:${a.port}`;
  }
  return { keel, app: keel.app, url: address, databaseUrl: url, close: () => keel.close() };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) throw new Error(`no cookie set (status ${res.statusCode}: ${res.body})`);
  return first.split(';')[0]!;
}

/** Creates the first owner through the setup endpoint and returns its session. */
export async function setupOwner(
  app: FastifyInstance,
  owner = { email: 'owner@example.com', name: 'Olive Owner', password: 'correct horse battery' },
): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: string }; csrfToken: string }>();
  return { cookie: cookieFrom(res), csrfToken: body.csrfToken, userId: body.user.id };
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: string }; csrfToken: string }>();
  return { cookie: cookieFrom(res), csrfToken: body.csrfToken, userId: body.user.id };
}

/** Headers for a cookie-authenticated request (mutations carry the CSRF token). */
export function as(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

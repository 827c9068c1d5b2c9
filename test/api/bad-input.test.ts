import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { ErrorCode } from '../../src/http/errors.js';
import {
  assertApiError,
  assertStatus,
  injectWritingNothing,
  issuesOf,
  knownRoutes,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, startTestServer } from '../helpers/server.js';

/**
 * Bad input on every route. The routes come from the OpenAPI document (checked against every
 * /api/v1 route Fastify knows), so a new route is covered without touching this file: its
 * credentials, body, path parameters and query are attacked from the schemas it declares. Every
 * answer must be the catalogue error with the exact status and code, never a 5xx or a stack, and
 * must leave every table as it was.
 */

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
}
interface Parameter {
  in: 'path' | 'query';
  name: string;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Route {
  method: string;
  /** As the OpenAPI document writes it: /api/v1/users/{id}. */
  path: string;
  key: string;
  pathParams: string[];
  query: Parameter[];
  body: Schema | null;
  isPublic: boolean;
}

/** Routes anyone may call. Everything else must answer 401 without credentials. */
const publicRoutes = new Set([
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/auth/password-reset/complete',
  // A monitor's badge: the secret token in the URL is the credential (test/api/monitors-results.test.ts).
  'GET /api/v1/badges/:file',
  // Heartbeat pings: the token is the credential (test/api/monitors-heartbeat.test.ts).
  'GET /api/v1/heartbeat/:token',
  'POST /api/v1/heartbeat/:token',
  'GET /api/v1/heartbeat/:token/start',
  'POST /api/v1/heartbeat/:token/start',
  'GET /api/v1/heartbeat/:token/fail',
  'POST /api/v1/heartbeat/:token/fail',
]);
/**
 * Routes that speak another product's protocol (its status codes and error bodies, e.g. an
 * alerting vendor's compatible endpoint), which this file cannot judge. Each needs tests of its
 * own; keep the list short.
 */
const foreignProtocolRoutes = new Set<string>([
  // Alert ingest answers in each sender's own shapes; test/api/ingest.test.ts covers them.
  'POST /api/v1/ingest/:key',
  'PUT /api/v1/ingest/:key',
  'POST /api/v1/ingest/:key/v2/alerts',
  'POST /api/v1/ingest/:key/v2/alerts/:identifier/close',
  'POST /api/v1/ingest/:key/v2/alerts/:identifier/acknowledge',
  'PUT /api/v1/ingest/:key/v2/alerts/:identifier/message',
  'PUT /api/v1/ingest/:key/v2/alerts/:identifier/description',
  'POST /api/v1/ingest/:key/api/v2/alerts',
  'POST /v2/enqueue',
  'POST /v2/alerts',
  'POST /v2/alerts/:identifier/close',
  'POST /v2/alerts/:identifier/acknowledge',
  'PUT /v2/alerts/:identifier/message',
  'PUT /v2/alerts/:identifier/description',
]);
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const unknownId = '01000000-0000-7000-8000-000000000000';
/** Nesting far deeper than any recursive walk of the parsed body survives, within the size limit. */
const deepArrays = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
const deepObjects = `{"name":"x","deep":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}}`;
/** Just over the default KEEL_BODY_LIMIT_BYTES (1 MiB). */
const oversized = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });

// Read the document once, from a throwaway Keel, before the suites are declared.
const probe = await startTestServer({ kind: 'sqlite' });
const doc = (await probe.app.inject({ url: '/api/openapi.json' })).json<{
  paths: Record<string, Record<string, Operation>>;
}>();
const printed = knownRoutes(probe.app);
await probe.close();

const routes: Route[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([m, op]) => {
    const method = m.toUpperCase();
    const key = `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
    const params = op.parameters ?? [];
    const content = op.requestBody?.content;
    if (content) assert.deepEqual(Object.keys(content), ['application/json'], `${key} takes only JSON`);
    return {
      method,
      path,
      key,
      pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      query: params.filter((p) => p.in === 'query'),
      body: content?.['application/json']?.schema ?? null,
      isPublic: publicRoutes.has(key),
    };
  }),
);

/** A value the schema accepts; the smallest one that is clearly valid. */
function sample(s: Schema, where: string): unknown {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf[0]!, where);
  switch (s.type) {
    case 'object':
      return Object.fromEntries(
        (s.required ?? []).map((k) => [k, sample(s.properties![k]!, `${where}.${k}`)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items!, `${where}[]`)).slice(
        0,
        1,
      );
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'string':
      if (s.format === 'email') return 'probe@example.com';
      if (s.format === 'date-time') return '2099-01-01T00:00:00Z';
      if (s.pattern === '^\\d{6}$') return '123456';
      assert.equal(s.pattern, undefined, `${where}: teach sample() a value for the pattern ${s.pattern}`);
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case undefined:
      // No type: the route takes any JSON here.
      assert.deepEqual(
        Object.keys(s).filter((k) => k !== 'description'),
        [],
        `${where}: teach sample() the schema ${JSON.stringify(s)}`,
      );
      return {};
    default:
      throw new Error(`${where}: teach sample() the schema ${JSON.stringify(s)}`);
  }
}

/** A value of the wrong JSON type for the schema. */
function wrongType(s: Schema): unknown {
  const type = s.type ?? (s.enum ? typeof s.enum[0] : 'string');
  return type === 'string'
    ? 12345
    : type === 'boolean'
      ? 'yes'
      : type === 'array'
        ? 'not-a-list'
        : type === 'object'
          ? 'not-an-object'
          : 'many';
}

const urlFor = (route: Route, values: Record<string, string> = {}): string =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? unknownId);

test('the OpenAPI document lists every /api/v1 route, and the public list is current', () => {
  const documented = routes.map((r) => r.key);
  for (const key of printed.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/'))) {
    assert.ok(
      documented.includes(key),
      `${key} is missing from the OpenAPI document, so nothing here tests it`,
    );
  }
  for (const key of documented) assert.ok(printed.includes(key), `${key} is documented but not routed`);
  assert.ok(routes.length >= 20, `only ${routes.length} routes`);
  for (const key of [...publicRoutes, ...foreignProtocolRoutes])
    assert.ok(printed.includes(key), `${key} is gone: update this file`);
});

describeEachDialect('bad input', (kind) => {
  let api: Api;
  let n = 0;
  /** A fresh client address per request, so per-address rate limits never answer first. */
  const remoteAddress = () => `10.77.${Math.floor(n / 250) % 250}.${(n++ % 250) + 1}`;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  /** Sends one bad request and checks the answer and that nothing was written. */
  async function expectRejected(label: string, opts: InjectOptions, status: number, code: ErrorCode) {
    try {
      const res = await injectWritingNothing(api, { remoteAddress: remoteAddress(), ...opts });
      return assertApiError(res, status, code);
    } catch (err) {
      (err as Error).message =
        `${opts.method ?? 'GET'} ${String(opts.url).slice(0, 120)} (${label}): ${(err as Error).message}`;
      throw err;
    }
  }

  /** Asserts every issue of a validation error is about `field` (so the rest of the body was valid). */
  function issuesAbout(error: { details: unknown }, where: string, field: string, label: string): void {
    const issues = issuesOf(error);
    for (const i of issues) {
      assert.equal(i.in, where, `${label}: ${JSON.stringify(issues)}`);
      assert.equal(i.path[0], field, `${label}: ${JSON.stringify(issues)}`);
    }
  }

  for (const route of routes) {
    const skip = foreignProtocolRoutes.has(route.key) && 'speaks another product’s protocol';
    test(`${route.key}`, { skip }, async () => {
      const auth = () => (route.isPublic ? {} : as(api.owner));
      const base = route.body ? sample(route.body, 'body') : undefined;
      const json = (payload: unknown) => ({
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      const send = (
        label: string,
        req: { headers?: Record<string, string>; payload?: string | Buffer; url?: string },
        status: number,
        code: ErrorCode,
      ) =>
        expectRejected(
          label,
          {
            method: route.method as InjectOptions['method'],
            url: req.url ?? urlFor(route),
            headers: req.headers ?? {},
            ...(req.payload !== undefined && { payload: req.payload }),
          },
          status,
          code,
        );
      /** The valid body (when the route takes one), so only the thing under test is wrong. */
      const withBody: { headers: Record<string, string>; payload?: string } = route.body
        ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(base) }
        : { headers: {} };

      // Credentials.
      if (!route.isPublic) {
        const session = as(api.owner);
        const unauthenticated: [string, Record<string, string>][] = [
          ['no credentials (if the route is meant to be public, add it to publicRoutes)', {}],
          ['an unknown session cookie', { cookie: `keel_session=${randomBytes(32).toString('base64url')}` }],
          ['a garbage session cookie', { cookie: 'keel_session=%%%not-a-token' }],
          ['Basic authorization', { authorization: 'Basic b3duZXI6c2VjcmV0' }],
          ['Bearer without a key', { authorization: 'Bearer' }],
          ['Bearer with two words', { authorization: 'Bearer keel_a keel_b' }],
          ['an unknown API key', { authorization: `Bearer keel_${randomBytes(32).toString('base64url')}` }],
          ['a key without the prefix', { authorization: `Bearer ${randomBytes(32).toString('base64url')}` }],
          ['a valid cookie but a malformed Authorization', { ...session, authorization: 'Token abc' }],
        ];
        for (const [label, headers] of unauthenticated) {
          await send(
            label,
            { ...withBody, headers: { ...withBody.headers, ...headers } },
            401,
            'unauthenticated',
          );
        }
        if (route.method !== 'GET') {
          const { cookie } = api.owner;
          await send(
            'no CSRF token',
            { ...withBody, headers: { ...withBody.headers, cookie } },
            403,
            'csrf_failed',
          );
          await send(
            'a wrong CSRF token',
            { ...withBody, headers: { ...withBody.headers, cookie, 'x-csrf-token': 'x'.repeat(32) } },
            403,
            'csrf_failed',
          );
        }
      }

      // The body.
      if (route.method !== 'GET') {
        for (const text of [
          '{"a":',
          "{'a':1}",
          '{"a":1}}',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"admin":true}}}',
        ]) {
          await send(
            `malformed JSON ${text}`,
            { headers: { ...auth(), 'content-type': 'application/json' }, payload: text },
            400,
            'malformed_json',
          );
        }
        for (const [ct, text] of [
          ['text/plain', 'hello'],
          ['application/x-www-form-urlencoded', 'name=x'],
          [
            'multipart/form-data; boundary=zz',
            '--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--zz--',
          ],
        ] as const) {
          await send(
            `content type ${ct}`,
            { headers: { ...auth(), 'content-type': ct }, payload: text },
            415,
            'unsupported_media_type',
          );
        }
        const nulBody = await send(
          'a NUL character anywhere in the body',
          {
            headers: { ...auth(), 'content-type': 'application/json' },
            payload: '{"note":["ok","a\\u0000b"]}',
          },
          400,
          'validation_failed',
        );
        assert.deepEqual(
          issuesOf(nulBody).map((i) => [i.in, i.path]),
          [['body', ['note', 1]]],
        );
        await send(
          'no content type',
          { headers: auth(), payload: Buffer.from(JSON.stringify(base ?? {})) },
          415,
          'unsupported_media_type',
        );
        await send(
          'a body over the limit',
          { headers: { ...auth(), 'content-type': 'application/json' }, payload: oversized },
          413,
          'payload_too_large',
        );
      }
      if (route.body) {
        const schema = route.body;
        const props = schema.properties ?? {};
        for (const text of schema.type === 'object'
          ? ['[]', '"text"', 'null', '', deepArrays, deepObjects]
          : []) {
          const e = await send(
            `non-object body ${text.slice(0, 10) || '(empty)'}`,
            { headers: { ...auth(), 'content-type': 'application/json' }, payload: text },
            400,
            'validation_failed',
          );
          issuesOf(e);
        }
        for (const [field, s] of Object.entries(props)) {
          const label = `${field} of the wrong type`;
          if (s.type !== undefined || s.enum)
            issuesAbout(
              await send(
                label,
                json({ ...(base as object), [field]: wrongType(s) }),
                400,
                'validation_failed',
              ),
              'body',
              field,
              label,
            );
          if (s.type === 'string' && !s.enum) {
            const nul = `${field} with a NUL character`;
            issuesAbout(
              await send(nul, json({ ...(base as object), [field]: 'a\u0000b' }), 400, 'validation_failed'),
              'body',
              field,
              nul,
            );
          }
          if (s.maxLength !== undefined) {
            const long = `${field} too long`;
            issuesAbout(
              await send(
                long,
                json({ ...(base as object), [field]: 'x'.repeat(s.maxLength + 1) }),
                400,
                'validation_failed',
              ),
              'body',
              field,
              long,
            );
          }
        }
        for (const field of schema.required ?? []) {
          const rest = Object.fromEntries(Object.entries(base as object).filter(([k]) => k !== field));
          issuesAbout(
            await send(`${field} missing`, json(rest), 400, 'validation_failed'),
            'body',
            field,
            `${field} missing`,
          );
        }
        if (schema.additionalProperties === false) {
          const unknown = await send(
            'an unknown field',
            json({ ...(base as object), sneaky: true }),
            400,
            'validation_failed',
          );
          const issues = issuesOf(unknown);
          assert.ok(
            issues.every((i) => i.path.includes('sneaky') || i.message.includes('sneaky')),
            `${route.key}: only the unknown field is reported: ${JSON.stringify(issues)}`,
          );
        }
      }

      // Path parameters.
      for (const name of route.pathParams) {
        const long = `${name} of 65 characters`;
        const e = await send(
          long,
          {
            ...withBody,
            headers: { ...withBody.headers, ...auth() },
            url: urlFor(route, { [name]: 'x'.repeat(65) }),
          },
          400,
          'validation_failed',
        );
        issuesAbout(e, 'params', name, long);
        await send(
          `${name} past the router's limit`,
          {
            ...withBody,
            headers: { ...withBody.headers, ...auth() },
            url: urlFor(route, { [name]: 'x'.repeat(201) }),
          },
          400,
          'bad_request',
        );
        await send(
          `${name} with a bad %-encoding`,
          {
            ...withBody,
            headers: { ...withBody.headers, ...auth() },
            url: urlFor(route, { [name]: '%E0%A4%A' }),
          },
          400,
          'bad_request',
        );
        const nul = `${name} with a NUL character`;
        issuesAbout(
          await send(
            nul,
            {
              ...withBody,
              headers: { ...withBody.headers, ...auth() },
              url: urlFor(route, { [name]: 'a%00b' }),
            },
            400,
            'validation_failed',
          ),
          'params',
          name,
          nul,
        );
      }
      if (route.pathParams.length > 0) {
        await send(
          'unknown ids',
          { ...withBody, headers: { ...withBody.headers, ...auth() } },
          404,
          'not_found',
        );
      }

      // The query.
      for (const q of route.query) {
        const s = q.schema;
        const bad: [string, string][] = [
          [
            'given twice',
            `${q.name}=${encodeURIComponent(String(sample(s, q.name)))}&${q.name}=${encodeURIComponent(String(sample(s, q.name)))}`,
          ],
        ];
        if (s.enum) bad.push(['not one of the choices', `${q.name}=not-a-choice`]);
        if (s.type === 'integer' || s.type === 'number') {
          bad.push(['not a number', `${q.name}=abc`], ['a fraction', `${q.name}=1.5`]);
          if (s.minimum !== undefined) bad.push(['below the minimum', `${q.name}=${s.minimum - 1}`]);
          if (s.maximum !== undefined) bad.push(['above the maximum', `${q.name}=${s.maximum + 1}`]);
        }
        if (s.type === 'string' && !s.enum) bad.push(['with a NUL character', `${q.name}=a%00b`]);
        if (s.maxLength !== undefined) bad.push(['too long', `${q.name}=${'x'.repeat(s.maxLength + 1)}`]);
        for (const [label, query] of bad) {
          const e = await send(
            `query ${q.name} ${label}`,
            { headers: auth(), url: `${urlFor(route)}?${query}` },
            400,
            'validation_failed',
          );
          issuesAbout(e, 'querystring', q.name, `query ${q.name} ${label}`);
        }
      }
    });
  }

  test('a method a path does not have, and unknown paths, are 404 route_not_found', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const route = { path } as Route;
      for (const method of methods.filter((m) => !(m.toLowerCase() in ops))) {
        const e = await expectRejected(
          'an unrouted method',
          { method, url: urlFor(route), headers: as(api.owner) },
          404,
          'route_not_found',
        );
        assert.equal(e.message, `No route ${method} ${urlFor(route)}.`);
      }
    }
    for (const url of [
      '/api/v1/nope',
      '/api/v1/users/x/y/z',
      '/api/v1',
      '/api/v2/users',
      '/api/v1/users/../../etc/passwd',
      '/API/V1/USERS',
      '/api/v1/%2e%2e/x',
    ]) {
      for (const method of methods) {
        await expectRejected(
          'an unknown route',
          { method, url, headers: as(api.owner) },
          404,
          'route_not_found',
        );
        await expectRejected('an unknown route, no credentials', { method, url }, 404, 'route_not_found');
      }
    }
  });

  test('KEEL_BODY_LIMIT_BYTES is the limit', async () => {
    const small = await startApi(kind, { KEEL_BODY_LIMIT_BYTES: '2048' });
    try {
      const post = (description: string) =>
        injectWritingNothing(small, {
          method: 'POST',
          url: '/api/v1/teams',
          headers: { ...as(small.owner), 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'Limited', description }),
        });
      assertApiError(await post('d'.repeat(2048)), 413, 'payload_too_large');
      const fits = await small.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: as(small.owner),
        payload: { name: 'Limited', description: 'd'.repeat(1900) },
      });
      assertStatus(fits, 201);
    } finally {
      await small.close();
    }
  });
});

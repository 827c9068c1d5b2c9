import { z } from 'zod';
import { type CheckContext, type CheckResult, type Checker, down, elapsedMs, errorText } from './checker.js';
import {
  bodyMatchSchema,
  checkBodyMatch,
  checkJson,
  expectedStatusSchema,
  jsonAssertionSchema,
  statusMatches,
} from './http-assert.js';
import { ExchangeError, exchange, maxBodyBytes, type ExchangeResponse } from './http-exchange.js';
import { TargetRefusedError } from './target-policy.js';

/**
 * HTTP(S): one request (and the redirects it follows, each target checked again), judged by
 * status, then body keyword/regex, then a JSON value; an up answer slower than degradedAboveMs
 * is degraded. docs/monitors.md "Checkers" lists every option.
 */

/** An http(s) URL, with a message for each way it can be wrong. */
export const monitorUrl = z
  .string({ message: 'url is required' })
  .max(2048, 'url is longer than 2048 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 100)}" is not a valid URL` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({
        code: 'custom',
        message: `unsupported scheme "${url.protocol.replace(/:$/, '')}"; use http:// or https://`,
      });
    } else if (!url.hostname) {
      ctx.addIssue({ code: 'custom', message: 'url has no host' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'put credentials in auth, not in the url' });
    }
  });

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const httpAuth = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('basic'), username: z.string().max(256), password: z.string().max(1024) }),
    z.object({ type: z.literal('bearer'), token: z.string().min(1).max(4096) }),
  ],
  { message: 'auth type must be "basic" or "bearer"' },
);

export const httpConfig = z.object({
  url: monitorUrl,
  method: z.enum(httpMethods, { message: `method must be one of ${httpMethods.join(', ')}` }).default('GET'),
  headers: z
    .record(
      z.string(),
      z
        .string()
        .max(4096)
        .regex(/^[^\r\n\0]*$/, 'a header value cannot contain line breaks'),
    )
    .superRefine((h, ctx) => {
      const names = Object.keys(h);
      if (names.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 headers' });
      for (const name of names) {
        if (!headerName.test(name))
          ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid header name' });
      }
    })
    .default({}),
  body: z.string().max(65_536, 'body is longer than 64 KiB').optional(),
  /** 0: a redirect is the final answer (expect 301 to check a redirect itself). */
  maxRedirects: z.number().int().min(0).max(20, 'at most 20 redirects').default(5),
  expectedStatus: expectedStatusSchema,
  match: bodyMatchSchema.optional(),
  json: jsonAssertionSchema.optional(),
  /** An up answer slower than this (ms, redirects included) is degraded. */
  degradedAboveMs: z.number().int().positive().optional(),
  tlsVerify: z.boolean().default(true),
  auth: httpAuth.optional(),
});
export type HttpConfig = z.infer<typeof httpConfig>;
/** What the API accepts (defaults not yet applied). */
export type HttpConfigInput = z.input<typeof httpConfig>;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function baseHeaders(config: HttpConfig): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'Keel-Monitor/1', accept: '*/*' };
  if (config.auth?.type === 'basic') {
    const token = Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  } else if (config.auth?.type === 'bearer') {
    headers.authorization = `Bearer ${config.auth.token}`;
  }
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * The first request of a config: its URL and headers (the host's included), built once per parsed
 * config (the engine keeps each monitor's, so every check after the first reuses them). Neither is
 * changed by a check: a redirect builds its own.
 */
const firstRequests = new WeakMap<HttpConfig, { url: URL; headers: Record<string, string> }>();

function firstRequest(config: HttpConfig): { url: URL; headers: Record<string, string> } {
  let first = firstRequests.get(config);
  if (!first) {
    const url = new URL(config.url);
    first = { url, headers: { ...baseHeaders(config), host: url.host } };
    firstRequests.set(config, first);
  }
  return first;
}

async function run(config: HttpConfig, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const deadline = started + ctx.timeoutMs;
  const wantsBody = config.match !== undefined || config.json !== undefined;
  const first = firstRequest(config);
  let url = first.url;
  let method: string = config.method;
  let body = config.body;
  /** A redirect's headers without the host (built at the first redirect), and the request's. */
  let headers: Record<string, string> | null = null;
  let requestHeaders = first.headers;
  const visited = [url.href];
  let res: ExchangeResponse;
  for (;;) {
    const target = await ctx.targets.resolve(url.hostname);
    const following = (status: number, h: { location?: string }) =>
      config.maxRedirects > 0 && redirectStatuses.has(status) && h.location !== undefined;
    res = await exchange({
      url,
      target,
      method,
      headers: requestHeaders,
      body,
      tlsVerify: config.tlsVerify,
      keepBody: (status, h) => wantsBody && !following(status, h),
      deadline,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
    if (!following(res.status, res.headers)) break;
    let next: URL;
    try {
      next = new URL(res.headers.location!, url);
    } catch {
      return down(`HTTP ${res.status} redirect to an invalid location`, elapsedMs(started));
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return down(`HTTP ${res.status} redirect to unsupported scheme ${next.protocol}`, elapsedMs(started));
    }
    if (visited.includes(next.href)) {
      return down(`redirect loop: ${[...visited, next.href].map(pathOf).join(' → ')}`, elapsedMs(started));
    }
    if (visited.length > config.maxRedirects) {
      return down(`more than ${config.maxRedirects} redirects`, elapsedMs(started));
    }
    visited.push(next.href);
    // 303 always, and 301/302 after a POST, become GET without a body (what browsers do).
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
    }
    headers ??= baseHeaders(config);
    // Credentials stay with the origin they were written for.
    if (next.origin !== url.origin) {
      const { authorization: _dropped, cookie: _cookie, ...rest } = headers;
      headers = rest;
    }
    url = next;
    requestHeaders = { ...headers, host: url.host };
  }
  const latencyMs = elapsedMs(started);
  const result = judge(config, res, latencyMs);
  if (res.certExpiresAt !== undefined) result.certExpiresAt = res.certExpiresAt;
  return result;
}

function judge(config: HttpConfig, res: ExchangeResponse, latencyMs: number): CheckResult {
  const statusCode = res.status;
  const fail = (message: string): CheckResult => ({ status: 'down', latencyMs, message, statusCode });
  if (!statusMatches(statusCode, config.expectedStatus)) {
    return fail(`HTTP ${statusCode} (expected ${config.expectedStatus.join(', ')})`);
  }
  const text = res.body ? res.body.toString('utf8') : '';
  if (config.match) {
    const problem = checkBodyMatch(config.match, text, res.truncated);
    if (problem) return fail(problem);
  }
  if (config.json) {
    const problem = checkJson(config.json, text, res.truncated);
    if (problem) return fail(problem);
  }
  const slow = config.degradedAboveMs !== undefined && latencyMs > config.degradedAboveMs;
  return {
    status: slow ? 'degraded' : 'up',
    latencyMs,
    message: slow
      ? `HTTP ${statusCode}, slow: ${latencyMs} ms > ${config.degradedAboveMs} ms`
      : `HTTP ${statusCode}`,
    statusCode,
  };
}

function pathOf(href: string): string {
  const u = new URL(href);
  return u.pathname + u.search;
}

export const httpChecker: Checker<'http', HttpConfig> = {
  type: 'http',
  configSchema: httpConfig,
  async check(config, ctx) {
    const started = performance.now();
    try {
      return await run(config, ctx);
    } catch (err) {
      if (err instanceof TargetRefusedError || err instanceof ExchangeError) {
        return down(err.message, elapsedMs(started));
      }
      return down(errorText(err), elapsedMs(started));
    }
  },
};

export { maxBodyBytes };

import type { ChannelContext, DeliveryResult, HttpAnswer } from './channel.js';

/** One outbound request of a channel. */
export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Strings that must not appear in an error (tokens, secret URLs); masked if they do. */
  secrets: readonly string[];
  /** A service-specific reason from an error body (Telegram's description, Twilio's message). */
  errorDetail?: (body: string) => string | undefined;
  /** A retry hint from an error body, when the service sends none in Retry-After (Telegram). */
  retryAfterFromBody?: (body: string) => number | undefined;
}

/** The most of a response body read (error text only needs the start). */
const maxBodyChars = 2_000;

/**
 * POSTs once and classifies the outcome: 2xx ok; 408, 429, 5xx, a timeout or a network error
 * retryable (with Retry-After as a hint); anything else not retryable, so a dead URL or a
 * revoked token is not retried forever. Redirects are not followed (a moved webhook is a
 * configuration error, and following one would resend the body somewhere unchecked).
 */
export async function postOnce(ctx: ChannelContext, req: OutboundRequest): Promise<DeliveryResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let res: HttpAnswer;
  let text: string;
  try {
    const headers = { 'user-agent': 'Keel', ...req.headers };
    res = ctx.post
      ? await ctx.post(req.url, { headers, body: req.body, timeoutMs: ctx.timeoutMs })
      : await viaFetch(ctx, req.url, headers, req.body);
    text = res.text.slice(0, maxBodyChars);
  } catch (err) {
    return {
      ok: false,
      retryable: isTransient(err),
      latencyMs: latency(),
      error: redact(describeError(err, ctx), req.secrets),
    };
  }
  const result = classifyStatus(res.status, res.header('retry-after'), ctx.clock.now());
  if (result.ok) return { ...result, latencyMs: latency() };
  if (result.retryable && result.retryAfterMs === undefined) {
    const hint = req.retryAfterFromBody?.(text);
    if (hint !== undefined) result.retryAfterMs = hint;
  }
  const detail = req.errorDetail?.(text) ?? firstLine(text);
  const error = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  return { ...result, latencyMs: latency(), error: redact(error, req.secrets) };
}

async function viaFetch(
  ctx: ChannelContext,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<HttpAnswer> {
  const res = await ctx.fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(ctx.timeoutMs),
  });
  return { status: res.status, header: (name) => res.headers.get(name), text: await res.text() };
}

/** The status rules, without timing: see postOnce. */
export function classifyStatus(
  status: number,
  retryAfter: string | null,
  now: number,
): Omit<DeliveryResult, 'latencyMs'> {
  if (status >= 200 && status < 300) return { ok: true, status, retryable: false };
  const retryable = status === 408 || status === 429 || status >= 500;
  const hint = retryable ? parseRetryAfter(retryAfter, now) : undefined;
  return { ok: false, status, retryable, ...(hint !== undefined && { retryAfterMs: hint }) };
}

/** Retry-After in milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A JSON body's fields, or null when it is not a JSON object (error bodies are untrusted). */
export function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Replaces every secret (and its URL-encoded form) with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // fetch's own failures: a timeout (TimeoutError) or a network error (TypeError "fetch failed",
  // with the socket error as cause). Anything else (an invalid header value) is our bug.
  return err.name === 'TimeoutError' || err.name === 'AbortError' || err.message === 'fetch failed';
}

function describeError(err: unknown, ctx: ChannelContext): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return `timed out after ${ctx.timeoutMs} ms`;
  const cause = err.cause instanceof Error ? err.cause : null;
  const code = cause && 'code' in cause ? String(cause.code) : null;
  if (cause) return `${err.message}: ${code ?? cause.message}`;
  return err.message;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim().slice(0, 200);
}

/**
 * The parts of a secret URL to mask in errors: the URL, its path and query, and each long
 * path segment and query value (webhook tokens live there).
 */
export function urlSecrets(url: string): string[] {
  const u = new URL(url);
  const parts = [url, u.pathname + u.search];
  for (const segment of u.pathname.split('/')) if (segment.length >= 8) parts.push(segment);
  for (const value of u.searchParams.values()) if (value.length >= 8) parts.push(value);
  return parts;
}

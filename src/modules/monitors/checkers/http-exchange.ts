import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { shareSignal } from './checker.js';
import type { ResolvedTarget } from './target-policy.js';

/**
 * One HTTP request/response of a check, on node:http directly: a keep-alive Agent per scheme
 * (fetch/undici costs about 1 ms of CPU per request; this path is the 0.5 ms budget's), the
 * connection made to the address the target policy checked, and the body read capped.
 */

/** The most of a response body read; past it the connection is dropped (documented). */
export const maxBodyBytes = 1024 * 1024;

// LIFO hands out the most recently used socket, so surplus idle ones age out. `timeout` is the
// agent's idle limit for free sockets (destroyed after 30 s unused, longer than the 20 s
// interval the benchmark uses); an active request's time is bounded by the check's own deadline.
const agentOptions = { keepAlive: true, timeout: 30_000, maxFreeSockets: 1024, scheduling: 'lifo' } as const;
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

export interface ExchangeRequest {
  url: URL;
  target: ResolvedTarget;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  tlsVerify: boolean;
  /** Whether to keep the body of a response with this status (redirects and plain checks drain it). */
  keepBody(status: number, headers: IncomingHttpHeaders): boolean;
  /** performance.now() after which the exchange fails with a timeout. */
  deadline: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, at most maxBodyBytes; null when not kept. */
  body: Buffer | null;
  /** True when the body was longer than maxBodyBytes (the rest was not read). */
  truncated: boolean;
  certExpiresAt?: number;
}

/** A failure with a message fit for a result ("timed out after 5000 ms"). */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
}

// getPeerCertificate() builds a large object; a kept-alive socket's certificate does not change.
const certExpiry = new WeakMap<TLSSocket, number | undefined>();

function peerCertExpiry(socket: TLSSocket): number | undefined {
  if (certExpiry.has(socket)) return certExpiry.get(socket);
  const validTo = socket.getPeerCertificate?.()?.valid_to;
  const at = validTo ? Date.parse(validTo) : NaN;
  const value = Number.isNaN(at) ? undefined : at;
  certExpiry.set(socket, value);
  return value;
}

/** A lookup that answers with the checked address, whatever the name (no second resolution). */
function fixedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** A kept-alive socket the server had closed just as it was reused: safe to send again once. */
class StaleSocketError extends Error {}

/**
 * Sends the request and reads the response. A request that failed on a reused keep-alive socket
 * before any response (the server closed it as it was handed out) is sent once more on a new one.
 */
export async function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  try {
    return await attempt(req);
  } catch (err) {
    if (err instanceof StaleSocketError) return attempt(req);
    throw err;
  }
}

function attempt(req: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = req.url.protocol === 'https:';
    const hostname = req.url.hostname.replace(/^\[|\]$/g, '');
    let settled = false;
    let failure: Error | null = null;
    const settle = (err: Error | null, value?: ExchangeResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      if (err) reject(failure ?? err);
      else resolve(value!);
    };
    const options: https.RequestOptions = {
      protocol: req.url.protocol,
      hostname,
      port: req.url.port || (isHttps ? 443 : 80),
      path: req.url.pathname + req.url.search,
      method: req.method,
      headers: req.headers,
      agent: isHttps ? httpsAgent : httpAgent,
      lookup: fixedLookup(req.target),
    };
    if (isHttps) {
      options.rejectUnauthorized = req.tlsVerify;
      if (hostname !== req.target.address) options.servername = hostname;
    }
    let responded = false;
    const request = (isHttps ? https : http).request(options, (res) => {
      responded = true;
      const status = res.statusCode ?? 0;
      const keep = req.keepBody(status, res.headers);
      const certExpiresAt = isHttps ? peerCertExpiry(res.socket as TLSSocket) : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) => {
        const body = keep ? Buffer.concat(chunks) : null;
        settle(null, { status, headers: res.headers, body, truncated, certExpiresAt });
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          if (keep) chunks.push(chunk.subarray(0, chunk.length - (size - maxBodyBytes)));
          done(true);
          request.destroy();
          return;
        }
        if (keep) chunks.push(chunk);
      });
      res.on('end', () => done(false));
      res.on('error', (err) => settle(err));
      // 'close' follows every response, 'end' first: an error (its stack trace) only when it did not.
      res.on('close', () => {
        if (!settled) settle(new ExchangeError('connection closed before the response ended'));
      });
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      const stale = request.reusedSocket && !responded && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      settle(stale && failure === null ? new StaleSocketError(err.message) : err);
    });
    const timer = setTimeout(
      () => {
        failure = new ExchangeError(`timed out after ${req.timeoutMs} ms`);
        request.destroy(failure);
      },
      Math.max(0, req.deadline - performance.now()),
    );
    const onAbort = () => {
      failure = new ExchangeError('check aborted');
      request.destroy(failure);
    };
    if (req.signal.aborted) onAbort();
    else shareSignal(req.signal).addEventListener('abort', onAbort, { once: true });
    request.end(req.body);
  });
}

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { HttpPost } from '../channels/channel.js';
import { isBlockedAddress } from './outbound-guard.js';

/**
 * The outbound POST every HTTP channel and outgoing webhook uses in production: node:http(s)
 * with keep-alive agents, about a third of the CPU of globalThis.fetch (undici's WHATWG layers:
 * Request, Headers, web streams, AbortSignal plumbing) per request. It behaves as postOnce
 * expects fetch to: redirects are not followed; a network error is a TypeError "fetch failed"
 * with the socket error as its cause, a timeout an error named TimeoutError (both retryable);
 * a link-local (cloud metadata) target is refused with a plain error (not retryable).
 *
 * The link-local guard checks the address actually connected to: a literal is checked before
 * the request, a name by the lookup the socket itself uses, so there is one DNS lookup per
 * connection (none while a kept-alive one is reused) and no window between check and connect
 * in which the name could be re-pointed.
 */

const refusedMessage = 'refused: link-local (cloud metadata) address';
class RefusedAddress extends Error {
  constructor() {
    super(refusedMessage);
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

type Resolve = (
  hostname: string,
  options: LookupOptions & { all: true },
  cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A socket lookup (dns.lookup by default) that fails when any address of the name is link-local. */
export function lookupRefusingLinkLocal(resolve: Resolve = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      if (addresses.some((a) => isBlockedAddress(a.address))) return callback(new RefusedAddress(), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}
const guardedLookup = lookupRefusingLinkLocal();

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 32 });

/** The most of a response body kept (postOnce only reads the start of an error body). */
const maxBodyBytes = 16_384;

export const leanPost: HttpPost = (url, init) => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new TypeError(`Invalid URL`));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return Promise.reject(new Error(`unsupported URL scheme ${u.protocol}`));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isBlockedAddress(host)) return Promise.reject(new RefusedAddress());
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, value?: Awaited<ReturnType<HttpPost>>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    };
    const failed = (err: Error) => {
      if (err instanceof RefusedAddress || err.name === 'TimeoutError') finish(err);
      else finish(new TypeError('fetch failed', { cause: err }));
    };
    const https = u.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const req = send(
      {
        protocol: u.protocol,
        hostname: host,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: https ? httpsAgent : httpAgent,
        lookup: guardedLookup,
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const answer = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const header = (name: string) => {
            const v = res.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          };
          finish(null, { status: res.statusCode ?? 0, header, text });
        };
        res.on('data', (c: Buffer) => {
          if (size >= maxBodyBytes) return;
          chunks.push(c);
          size += c.length;
          if (size >= maxBodyBytes) {
            // Enough of it: answer now and drop the connection rather than read the rest.
            answer();
            res.destroy();
          }
        });
        res.on('end', answer);
        res.on('error', failed);
        res.on('close', () => {
          if (!res.complete) failed(new Error('the response was cut short'));
        });
      },
    );
    const timer = setTimeout(() => {
      const err = new Error(`timed out after ${init.timeoutMs} ms`);
      err.name = 'TimeoutError';
      failed(err);
      req.destroy(err);
    }, init.timeoutMs);
    req.on('error', failed);
    req.end(init.body);
  });
};

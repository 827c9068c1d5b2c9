import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the listener received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to answer: a status, headers and body; or 'hang' to never answer (timeouts). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A fixed reply, or one computed from the request (to echo it back, for instance). */
export type Replier = Reply | ((req: ReceivedRequest) => Reply);

export interface HttpListener {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: ReceivedRequest[];
  /** The answer to the next requests (default 200 "ok"). */
  reply(next: Replier): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (a free port) that records every request, for testing
 * outbound calls against a listener instead of a mock.
 */
export async function startHttpListener(): Promise<HttpListener> {
  const requests: ReceivedRequest[] = [];
  let next: Replier = { status: 200, body: 'ok' };
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const reply = typeof next === 'function' ? next(received) : next;
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(r) {
      next = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

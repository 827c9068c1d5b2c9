import { request, type IncomingHttpHeaders } from 'node:http';

/** One received Server-Sent Events frame. */
export interface SseFrame {
  event: string;
  data: string;
}

/**
 * A Server-Sent Events reader over real HTTP (not inject: a stream never ends), recording every
 * frame, comment and `retry:` line it reads, for tests to wait on.
 */
export interface SseClient {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body when the answer is not a stream (an error). */
  body(): Promise<string>;
  frames: SseFrame[];
  comments: string[];
  retry: number | null;
  /** Resolves with the first frame (already received or to come) that matches, or rejects after `timeoutMs`. */
  next(match: (f: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      let raw = '';
      const waiters = new Set<() => void>();
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endedResolve = r));
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames: [],
        comments: [],
        retry: null,
        body: () => ended.then(() => raw),
        next(match, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = (): boolean => {
              const found = client.frames.find(match);
              if (!found) return false;
              clearTimeout(timer);
              waiters.delete(waiter);
              ok(found);
              return true;
            };
            const waiter = (): void => void check();
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              fail(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(client.frames)}`));
            }, timeoutMs);
            if (!check()) waiters.add(waiter);
          });
        },
        ended,
        close: () => req.destroy(),
      };
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = { event: 'message', data: '' };
          let isFrame = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else if (line.startsWith('retry: ')) client.retry = Number(line.slice(7));
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              frame.data += line.slice(6);
              isFrame = true;
            }
          }
          if (isFrame) client.frames.push(frame);
        }
        for (const waiter of [...waiters]) waiter();
      });
      res.on('end', endedResolve);
      res.on('close', endedResolve);
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The parsed data of frames named `event`. */
export function dataOf<T>(frames: SseFrame[], event: string): T[] {
  return frames.filter((f) => f.event === event).map((f) => JSON.parse(f.data) as T);
}

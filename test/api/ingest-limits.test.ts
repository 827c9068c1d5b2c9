import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { ingestCounts, startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * 10 MB bodies over a real keep-alive connection: each is refused with 413 in the sender's shape,
 * whether sent with a Content-Length or chunked, nothing is stored, the refused connection is
 * closed cleanly (announced with `Connection: close`) and the next request is served.
 */
interface Answer {
  status: number;
  body: string;
  reusedSocket: boolean;
  connection: string | undefined;
}

function post(
  agent: Agent,
  base: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
        ...headers,
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          reusedSocket: req.reusedSocket,
          connection: res.headers.connection,
        }),
      );
    });
    req.on('error', reject);
    // Written in 1 MiB pieces, as a client streaming a large body does.
    for (let i = 0; i < body.length; i += 1024 * 1024) req.write(body.subarray(i, i + 1024 * 1024));
    req.end();
  });
}

describeEachDialect('ingest: 10 MB bodies over a real connection', (kind) => {
  let api: IngestApi;
  let base = '';
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  before(async () => {
    api = await startIngestApi(kind);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    agent.destroy();
    await api.close();
  });

  const huge = (fields: object) =>
    Buffer.from(JSON.stringify({ ...fields, pad: 'x'.repeat(10 * 1024 * 1024) }));

  for (const chunked of [false, true]) {
    test(`refused in each shape, nothing stored, the server keeps serving (${chunked ? 'chunked' : 'Content-Length'})`, async () => {
      const cases: {
        path: string;
        headers: Record<string, string>;
        body: Buffer;
        check: (b: Record<string, unknown>) => void;
      }[] = [
        {
          path: '/v2/enqueue',
          headers: {},
          body: huge({ routing_key: api.keys.pagerduty, event_action: 'trigger' }),
          check: (b: Record<string, unknown>) => assert.equal(b.status, 'invalid event'),
        },
        {
          path: '/v2/alerts',
          headers: { authorization: `GenieKey ${api.keys.opsgenie}` },
          body: huge({ message: 'm' }),
          check: (b: Record<string, unknown>) => assert.ok(typeof b.message === 'string' && 'requestId' in b),
        },
        {
          path: `/api/v1/ingest/${api.keys.keel}`,
          headers: {},
          body: huge({ action: 'trigger', summary: 's' }),
          check: (b: Record<string, unknown>) =>
            assert.equal((b.error as { code: string }).code, 'payload_too_large'),
        },
      ];
      for (const c of cases) {
        const before = await ingestCounts(api);
        const refused = await post(agent, base, c.path, c.body, c.headers, chunked);
        assert.equal(refused.status, 413, `${c.path}: ${refused.body.slice(0, 200)}`);
        c.check(JSON.parse(refused.body) as Record<string, unknown>);
        assert.deepEqual(await ingestCounts(api), before, `${c.path} stored nothing`);
        const next = await post(
          agent,
          base,
          `/api/v1/ingest/${api.keys.keel}`,
          Buffer.from(JSON.stringify({ action: 'trigger', summary: 'after a huge body' })),
          {},
        );
        assert.equal(next.status, 202, next.body);
        // Either the socket was kept, or the 413 said `Connection: close` (Keel does not read
        // 10 MB to throw it away), so a client knows to reconnect instead of meeting a reset.
        assert.ok(
          next.reusedSocket || refused.connection === 'close',
          `${c.path}: connection ${refused.connection}, reused ${next.reusedSocket}`,
        );
      }
    });
  }
});

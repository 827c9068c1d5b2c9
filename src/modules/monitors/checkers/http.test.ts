import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { testContext } from './checker.test-support.js';
import { httpChecker, httpConfig, maxBodyBytes, type HttpConfigInput } from './http.js';
import { checkerFor } from './registry.js';
import { createTargetPolicy } from './target-policy.js';

let server: Server;
let base: string;
let connections = 0;

/** A target with a route per behaviour: codes, bodies, delays, redirects, huge and dripping bodies. */
function handler(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    switch (parts[0]) {
      case 'status':
        res.writeHead(Number(parts[1])).end(url.searchParams.get('body') ?? '');
        return;
      case 'text':
        res.writeHead(200, { 'content-type': 'text/plain' }).end(url.searchParams.get('t') ?? '');
        return;
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: 'ok',
            load: 0.4,
            count: '12',
            items: [{ state: 'green' }, { state: 'red' }],
            tags: ['a', 'b'],
          }),
        );
        return;
      case 'delay':
        setTimeout(() => res.writeHead(200).end('late'), Number(parts[1]));
        return;
      case 'loop':
        res.writeHead(302, { location: parts[1] === 'a' ? '/loop/b' : '/loop/a' }).end();
        return;
      case 'chain': {
        const n = Number(parts[1]);
        if (n === 0) res.writeHead(200).end('arrived');
        else res.writeHead(301, { location: `/chain/${n - 1}` }).end('moved');
        return;
      }
      case 'to':
        res
          .writeHead(Number(url.searchParams.get('code') ?? 302), { location: url.searchParams.get('l')! })
          .end();
        return;
      case 'echo':
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: req.method,
            headers: req.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        return;
      case 'huge': {
        // 8 MiB, with the keyword only at the very end.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const block = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 128) {
            sent++;
            if (!res.write(block)) return void res.once('drain', pump);
          }
          res.end('NEEDLE');
        };
        pump();
        res.on('error', () => undefined);
        return;
      }
      case 'drip': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default:
        res.writeHead(404).end('no such route');
    }
  });
}

before(async () => {
  server = createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (c: HttpConfigInput, ctx = testContext()) => httpChecker.check(httpConfig.parse(c), ctx);

test('2xx is up with status and latency; other codes are down unless expected (codes and ranges)', async () => {
  const ok = await check({ url: `${base}/status/204` });
  assert.deepEqual(
    { status: ok.status, statusCode: ok.statusCode, message: ok.message },
    { status: 'up', statusCode: 204, message: 'HTTP 204' },
  );
  assert.ok(Number.isInteger(ok.latencyMs) && ok.latencyMs >= 0);

  const bad = await check({ url: `${base}/status/503` });
  assert.deepEqual(
    { status: bad.status, statusCode: bad.statusCode, message: bad.message },
    { status: 'down', statusCode: 503, message: 'HTTP 503 (expected 200-299)' },
  );

  assert.equal((await check({ url: `${base}/status/404`, expectedStatus: [404] })).status, 'up');
  assert.equal(
    (await check({ url: `${base}/status/418`, expectedStatus: ['200-299', '400-499'] })).status,
    'up',
  );
  assert.equal((await check({ url: `${base}/status/500`, expectedStatus: ['200-299', 404] })).status, 'down');
});

test('method, headers, body and basic/bearer auth are sent', async () => {
  const r = await check({
    url: `${base}/echo`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Probe': 'keel' },
    body: '{"ping":1}',
    auth: { type: 'basic', username: 'mon', password: 's3cret' },
    json: { path: '$.body', op: '==', value: '{"ping":1}' },
  });
  assert.equal(r.status, 'up', r.message);
  // The echo route answers with what it received; the checker's own JSON assertion reads it.
  const echoed = (c: Partial<HttpConfigInput>) => check({ url: `${base}/echo`, ...c });
  assert.equal((await echoed({ method: 'PUT', json: { path: '$.method', value: 'PUT' } })).status, 'up');
  assert.equal(
    (await echoed({ headers: { 'x-probe': 'keel' }, json: { path: "$.headers['x-probe']", value: 'keel' } }))
      .status,
    'up',
  );
  const basic = Buffer.from('mon:s3cret').toString('base64');
  assert.equal(
    (
      await echoed({
        auth: { type: 'basic', username: 'mon', password: 's3cret' },
        json: { path: '$.headers.authorization', value: `Basic ${basic}` },
      })
    ).status,
    'up',
  );
  assert.equal(
    (
      await echoed({
        auth: { type: 'bearer', token: 'tok-1' },
        json: { path: '$.headers.authorization', value: 'Bearer tok-1' },
      })
    ).status,
    'up',
  );
  assert.equal(
    (await echoed({ json: { path: "$.headers['user-agent']", value: 'Keel-Monitor/1' } })).status,
    'up',
  );
});

test('keyword and regular expression, present and absent, case-insensitive on request', async () => {
  const url = `${base}/text?t=${encodeURIComponent('All systems OK, build 1234')}`;
  assert.equal((await check({ url, match: { kind: 'keyword', value: 'systems OK' } })).status, 'up');
  const missing = await check({ url, match: { kind: 'keyword', value: 'degraded' } });
  assert.deepEqual(
    { status: missing.status, message: missing.message, code: missing.statusCode },
    { status: 'down', message: "keyword 'degraded' not found", code: 200 },
  );
  const present = await check({ url, match: { kind: 'keyword', value: 'OK', absent: true } });
  assert.deepEqual(
    { status: present.status, message: present.message },
    { status: 'down', message: "keyword 'OK' found" },
  );
  assert.equal((await check({ url, match: { kind: 'keyword', value: 'error', absent: true } })).status, 'up');
  assert.equal(
    (await check({ url, match: { kind: 'keyword', value: 'all SYSTEMS', caseSensitive: false } })).status,
    'up',
  );
  assert.equal((await check({ url, match: { kind: 'regex', value: 'build \\d{4}$' } })).status, 'up');
  assert.equal((await check({ url, match: { kind: 'regex', value: '(?i)ALL systems' } })).status, 'up');
  const noMatch = await check({ url, match: { kind: 'regex', value: 'build \\d{5}' } });
  assert.equal(noMatch.message, 'pattern /build \\d{5}/ not found');
  assert.equal(
    (await check({ url, match: { kind: 'regex', value: 'fail(ed|ure)', absent: true } })).status,
    'up',
  );
});

test('a pattern the saved-pattern checks let through still runs in linear time on 64 KiB', async () => {
  // (a|aa)+$ is exponential on a backtracking engine against "aaaa…b"; the linear engine runs it.
  const text = `${'a'.repeat(60_000)}b`;
  const listener = createServer((_req, res) => res.end(text));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const started = performance.now();
  const r = await check({
    url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}/`,
    match: { kind: 'regex', value: '(a|aa)+$' },
  });
  assert.equal(r.message, 'pattern /(a|aa)+$/ not found');
  assert.ok(performance.now() - started < 1500, `took ${performance.now() - started} ms`);
  listener.closeAllConnections();
  await new Promise((resolve) => listener.close(resolve));
});

test('JSON-path assertions: equality, comparisons, contains, exists/missing; non-JSON is down', async () => {
  const url = `${base}/json`;
  const cases: [HttpConfigInput['json'], 'up' | 'down', string?][] = [
    [{ path: '$.status', op: '==', value: 'ok' }, 'up'],
    [{ path: '$.status', op: '==', value: 'down' }, 'down', '$.status is "ok", expected "down"'],
    [{ path: '$.items[0].state', op: '==', value: 'green' }, 'up'],
    [{ path: '$.items[-1].state', op: '!=', value: 'green' }, 'up'],
    [{ path: '$.load', op: '<', value: 0.5 }, 'up'],
    [{ path: '$.load', op: '>=', value: 1 }, 'down', '$.load is 0.4, expected >= 1'],
    [{ path: '$.count', op: '==', value: 12 }, 'up'],
    [{ path: '$.count', op: '>', value: 10 }, 'up'],
    [{ path: '$.tags', op: 'contains', value: 'b' }, 'up'],
    [{ path: '$.status', op: 'contains', value: 'k' }, 'up'],
    [{ path: '$.items[5]', op: 'exists' }, 'down', '$.items[5] is missing'],
    [{ path: '$.error', op: 'missing' }, 'up'],
    [{ path: '$.constructor', op: 'exists' }, 'down', '$.constructor is missing'],
  ];
  for (const [json, status, message] of cases) {
    const r = await check({ url, json });
    assert.equal(r.status, status, `${JSON.stringify(json)}: ${r.message}`);
    if (message) assert.equal(r.message, message);
  }
  const notJson = await check({ url: `${base}/text?t=hello`, json: { path: '$.a', op: 'exists' } });
  assert.deepEqual(
    { status: notJson.status, message: notJson.message },
    { status: 'down', message: 'body is not JSON' },
  );
});

test('a slow answer over degradedAboveMs is degraded, not down', async () => {
  const r = await check({ url: `${base}/delay/120`, degradedAboveMs: 50 });
  assert.equal(r.status, 'degraded');
  assert.match(r.message, /^HTTP 200, slow: \d+ ms > 50 ms$/);
  assert.ok(r.latencyMs >= 100, `latency ${r.latencyMs}`);
  assert.equal((await check({ url: `${base}/delay/1`, degradedAboveMs: 1000 })).status, 'up');
});

test('the timeout is honoured: a server that never finishes is down at the deadline', async () => {
  const started = performance.now();
  const r = await check({ url: `${base}/delay/5000` }, testContext({ timeoutMs: 200 }));
  const took = performance.now() - started;
  assert.deepEqual(
    { status: r.status, message: r.message },
    { status: 'down', message: 'timed out after 200 ms' },
  );
  assert.ok(took >= 190 && took < 2000, `took ${took} ms`);

  const drip = await check(
    { url: `${base}/drip`, match: { kind: 'keyword', value: 'done' } },
    testContext({ timeoutMs: 300 }),
  );
  assert.deepEqual(
    { status: drip.status, message: drip.message },
    { status: 'down', message: 'timed out after 300 ms' },
  );
  assert.ok(drip.latencyMs >= 290 && drip.latencyMs < 2000, `drip latency ${drip.latencyMs}`);
});

test('a huge body is read only up to the cap (1 MiB); a keyword past it is not found, and says why', async () => {
  assert.equal(maxBodyBytes, 1024 * 1024);
  const plain = await check({ url: `${base}/huge` });
  assert.equal(plain.status, 'up', 'without a body check the status decides');
  const r = await check({ url: `${base}/huge`, match: { kind: 'keyword', value: 'NEEDLE' } });
  assert.deepEqual(
    { status: r.status, message: r.message },
    { status: 'down', message: "keyword 'NEEDLE' not found in the first 1 MiB" },
  );
  const json = await check({ url: `${base}/huge`, json: { path: '$.a', op: 'exists' } });
  assert.equal(json.message, 'body is larger than 1 MiB; the JSON check needs all of it');
  const found = await check({ url: `${base}/huge`, match: { kind: 'keyword', value: 'xxxx' } });
  assert.equal(found.status, 'up');
});

test('redirects: followed up to the limit, loops detected, 0 means the redirect is the answer', async () => {
  const chain = await check({ url: `${base}/chain/3` });
  assert.deepEqual({ status: chain.status, code: chain.statusCode }, { status: 'up', code: 200 });
  const tooMany = await check({ url: `${base}/chain/3`, maxRedirects: 2 });
  assert.deepEqual(
    { status: tooMany.status, message: tooMany.message },
    { status: 'down', message: 'more than 2 redirects' },
  );
  const loop = await check({ url: `${base}/loop/a` });
  assert.deepEqual(
    { status: loop.status, message: loop.message },
    { status: 'down', message: 'redirect loop: /loop/a → /loop/b → /loop/a' },
  );
  const itself = await check({ url: `${base}/chain/1`, maxRedirects: 0, expectedStatus: [301] });
  assert.deepEqual({ status: itself.status, code: itself.statusCode }, { status: 'up', code: 301 });
  const body = await check({ url: `${base}/chain/2`, match: { kind: 'keyword', value: 'arrived' } });
  assert.equal(body.status, 'up', 'the body judged is the final one');
});

test('a POST redirected with 303 becomes a GET; credentials are dropped on a redirect to another origin', async () => {
  const port = (server.address() as AddressInfo).port;
  const r = await check({
    url: `${base}/to?code=303&l=/echo`,
    method: 'POST',
    body: 'x',
    json: { path: '$.method', value: 'GET' },
  });
  assert.equal(r.status, 'up', r.message);
  const sameOrigin = await check({
    url: `${base}/to?l=/echo`,
    auth: { type: 'bearer', token: 'tok-2' },
    json: { path: '$.headers.authorization', value: 'Bearer tok-2' },
  });
  assert.equal(sameOrigin.status, 'up', sameOrigin.message);
  const other = await check(
    {
      url: `${base}/to?l=${encodeURIComponent(`http://localhost:${port}/echo`)}`,
      auth: { type: 'bearer', token: 'tok-2' },
      json: { path: '$.headers.authorization', op: 'missing' },
    },
    testContext({ lookup: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) }),
  );
  assert.equal(other.status, 'up', other.message);
});

test('target policy: a metadata address is refused before connecting, also when reached by redirect or by name', async () => {
  const ctx = testContext({ targets: createTargetPolicy() });
  const direct = await check({ url: 'http://169.254.169.254/latest/meta-data/' }, ctx);
  assert.equal(direct.status, 'down');
  assert.match(
    direct.message,
    /target refused: 169\.254\.169\.254 is in a denied network \(169\.254\.0\.0\/16/,
  );
  const redirected = await check(
    { url: `${base}/to?l=${encodeURIComponent('http://169.254.169.254/')}` },
    ctx,
  );
  assert.match(redirected.message, /target refused: 169\.254\.169\.254/);
  const named = testContext({ lookup: () => Promise.resolve([{ address: '169.254.169.254', family: 4 }]) });
  const viaName = await check({ url: 'http://metadata.internal/' }, named);
  assert.match(viaName.message, /metadata\.internal resolves to 169\.254\.169\.254/);
});

test('connections are kept alive between checks', async () => {
  await check({ url: `${base}/status/200` });
  const before = connections;
  for (let i = 0; i < 20; i++) assert.equal((await check({ url: `${base}/status/200` })).status, 'up');
  assert.equal(connections, before, 'no new connection for 20 sequential checks');
});

test('a kept-alive socket the server dropped is retried once on a new connection', async () => {
  // Answers the first request of each connection (keep-alive) and resets on the second,
  // the race of a server closing an idle socket just as the client reuses it.
  let opened = 0;
  const sockets: Socket[] = [];
  const raw = createNetServer((socket) => {
    opened++;
    sockets.push(socket);
    let served = 0;
    socket.on('data', () => {
      if (served++ === 0)
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      else socket.resetAndDestroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
  assert.equal((await check({ url })).status, 'up');
  const second = await check({ url });
  assert.equal(second.status, 'up', second.message);
  assert.equal(opened, 2, 'the retry used a new connection');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => raw.close(resolve));
});

test('an IPv6 literal URL reaches a server on ::1', async () => {
  const v6 = createServer((_req, res) => res.end('six'));
  await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
  const r = await check({
    url: `http://[::1]:${(v6.address() as AddressInfo).port}/`,
    match: { kind: 'keyword', value: 'six' },
  });
  assert.equal(r.status, 'up', r.message);
  v6.closeAllConnections();
  await new Promise((resolve) => v6.close(resolve));
});

test('refused connections and an aborted check are down with the reason', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const refused = await check({ url: `http://127.0.0.1:${port}/` });
  assert.equal(refused.status, 'down');
  assert.match(refused.message, /ECONNREFUSED/);

  const controller = new AbortController();
  const pending = check({ url: `${base}/delay/3000` }, testContext({ signal: controller.signal }));
  setTimeout(() => controller.abort(), 50);
  assert.deepEqual((await pending).message, 'check aborted');
});

test('validation: clear messages for bad URLs, schemes, status specs, patterns and paths', () => {
  const issue = (c: unknown) => {
    const r = httpConfig.safeParse(c);
    assert.equal(r.success, false, JSON.stringify(c));
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  assert.equal(issue({ url: 'not a url' }), 'url: "not a url" is not a valid URL');
  assert.equal(
    issue({ url: 'ftp://example.com/' }),
    'url: unsupported scheme "ftp"; use http:// or https://',
  );
  assert.equal(issue({ url: 'http://u:p@example.com/' }), 'url: put credentials in auth, not in the url');
  assert.equal(
    issue({ url: 'http://example.com', expectedStatus: ['2xx'] }),
    'expectedStatus.0: must be a status code like "200" or a range like "200-299"',
  );
  assert.equal(
    issue({ url: 'http://example.com', expectedStatus: ['299-200'] }),
    'expectedStatus.0: a range goes from low to high, like "200-299"',
  );
  assert.match(
    issue({ url: 'http://example.com', match: { kind: 'regex', value: '(a+)+$' } }),
    /^match\.value: pattern nested repetition/,
  );
  assert.match(
    issue({ url: 'http://example.com', match: { kind: 'regex', value: '(' } }),
    /^match\.value: pattern is not a valid regular expression/,
  );
  assert.equal(
    issue({ url: 'http://example.com', json: { path: 'status', value: 1 } }),
    'json.path: JSON path must start with $',
  );
  assert.equal(
    issue({ url: 'http://example.com', json: { path: '$.a', op: '>' } }),
    'json.value: op > needs a value to compare with',
  );
  assert.equal(
    issue({ url: 'http://example.com', method: 'BREW' }),
    'method: method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  );
  assert.equal(
    issue({ url: 'http://example.com', headers: { 'bad header': 'x' } }),
    'headers.bad header: is not a valid header name',
  );
  assert.deepEqual(httpConfig.parse({ url: 'https://example.com' }), {
    url: 'https://example.com',
    method: 'GET',
    headers: {},
    maxRedirects: 5,
    expectedStatus: ['200-299'],
    tlsVerify: true,
  });
});

test('the registry validates stored config and never throws', async () => {
  const http = checkerFor('http')!;
  const r = await http.check(
    { url: 'gopher://x', auth: { type: 'bearer', token: 'SECRET-TOKEN' } },
    testContext(),
  );
  assert.deepEqual(r, { status: 'down', latencyMs: 0, message: 'invalid http configuration: url' });
  assert.equal(checkerFor('nope'), undefined);
  const ok = await http.check({ url: `${base}/status/200` }, testContext());
  assert.equal(ok.status, 'up');
});

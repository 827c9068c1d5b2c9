import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { testContext } from './checker.test-support.js';
import { createPingChecker, parsePingOutput, pingChecker, pingConfig } from './ping.js';
import { createTargetPolicy } from './target-policy.js';
import { tcpChecker, tcpConfig } from './tcp.js';

test('tcp: an open port is up, a closed one down (refused), a denied address never dialled', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const open = await tcpChecker.check(tcpConfig.parse({ host: '127.0.0.1', port }), testContext());
  assert.deepEqual(
    { status: open.status, message: open.message },
    { status: 'up', message: `port ${port} open` },
  );
  assert.ok(Number.isInteger(open.latencyMs));
  await new Promise((resolve) => server.close(resolve));
  const closed = await tcpChecker.check(tcpConfig.parse({ host: '127.0.0.1', port }), testContext());
  assert.deepEqual(
    { status: closed.status, message: closed.message },
    { status: 'down', message: `port ${port} closed (connection refused)` },
  );
  const denied = await tcpChecker.check(
    tcpConfig.parse({ host: '169.254.169.254', port: 80 }),
    testContext({ targets: createTargetPolicy() }),
  );
  assert.match(denied.message, /^target refused: 169\.254\.169\.254 is in a denied network/);
  const outside = await tcpChecker.check(tcpConfig.parse({ host: '192.0.2.1', port: 80 }), testContext());
  assert.equal(outside.message, 'target refused: 192.0.2.1 is not in KEEL_MONITOR_ALLOW_NETWORKS');
});

test('tcp: validation names the field', () => {
  const r = tcpConfig.safeParse({ host: 'db.internal:5432', port: 0 });
  assert.deepEqual(
    r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    [
      'host: "db.internal:5432" is not a host name or IP address (no scheme, path or port here)',
      'port: port must be 1–65535',
    ],
  );
});

const hasPing = (() => {
  try {
    execFileSync('ping', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test(
  'ping 127.0.0.1 with the system ping',
  {
    skip: hasPing
      ? false
      : 'no ping binary on this machine (Node has no raw ICMP sockets; install iputils-ping)',
  },
  async () => {
    const r = await pingChecker.check(
      pingConfig.parse({ host: '127.0.0.1', count: 2 }),
      testContext({ timeoutMs: 3000 }),
    );
    assert.equal(r.status, 'up', r.message);
    assert.match(r.message, /^reply from 127\.0\.0\.1, avg [\d.]+ ms$/);
    assert.ok(Number.isInteger(r.latencyMs) && r.latencyMs >= 0);
  },
);

test('ping: a missing binary is a clear down result; a denied target is never pinged', async () => {
  const missing = createPingChecker('/nonexistent/ping');
  const r = await missing.check(pingConfig.parse({ host: '127.0.0.1' }), testContext());
  assert.deepEqual(r, {
    status: 'down',
    latencyMs: 0,
    message: 'ping is not installed on this server (/nonexistent/ping not found; install iputils-ping)',
  });
  const denied = await missing.check(
    pingConfig.parse({ host: '169.254.169.254' }),
    testContext({ targets: createTargetPolicy() }),
  );
  assert.match(denied.message, /^target refused/);
});

test('ping output parsing: iputils and BusyBox, loss and no reply', () => {
  assert.deepEqual(
    parsePingOutput(
      '3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.031/0.045/0.060/0.011 ms\n',
    ),
    { sent: 3, received: 3, avgMs: 0.045 },
  );
  assert.deepEqual(
    parsePingOutput(
      '3 packets transmitted, 2 packets received, 33% packet loss\nround-trip min/avg/max = 1.1/2.5/3.9 ms\n',
    ),
    { sent: 3, received: 2, avgMs: 2.5 },
  );
  assert.deepEqual(parsePingOutput('1 packets transmitted, 0 received, 100% packet loss, time 0ms\n'), {
    sent: 1,
    received: 0,
    avgMs: null,
  });
  assert.equal(parsePingOutput('ping: unknown host'), null);
});

import assert from 'node:assert/strict';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { dayMs, makeCertificate, testContext, type TestCertificate } from './checker.test-support.js';
import { httpChecker, httpConfig } from './http.js';
import { tlsChecker, tlsConfig, type TlsConfig } from './tls.js';

const now = Date.now();
// Whole seconds: certificates carry no milliseconds.
const at = (offsetMs: number) => new Date(Math.floor((now + offsetMs) / 1000) * 1000);

const certs: Record<'valid' | 'expiring' | 'expired' | 'otherName', TestCertificate & { notAfter: Date }> =
  {} as never;
const servers: Server[] = [];
const ports: Record<keyof typeof certs, number> = {} as never;

before(async () => {
  const specs = {
    valid: { notBefore: at(-dayMs), notAfter: at(90.5 * dayMs) },
    expiring: { notBefore: at(-dayMs), notAfter: at(5.5 * dayMs) },
    expired: { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2020-02-01T00:00:00Z') },
    otherName: { notBefore: at(-dayMs), notAfter: at(90.5 * dayMs), dns: ['other.example'], ips: [] },
  };
  for (const [name, spec] of Object.entries(specs) as [keyof typeof certs, (typeof specs)['otherName']][]) {
    certs[name] = { ...makeCertificate(spec), notAfter: spec.notAfter };
    const server = createHttpsServer({ key: certs[name].key, cert: certs[name].cert }, (_req, res) =>
      res.end('secure ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports[name] = (server.address() as AddressInfo).port;
  }
});
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const tls = (c: Partial<TlsConfig> & { port: number }, ctx = testContext()) =>
  tlsChecker.check(tlsConfig.parse({ host: '127.0.0.1', verifyChain: false, ...c }), ctx);

test('a valid certificate is up, with its expiry', async () => {
  const r = await tls({ port: ports.valid });
  assert.equal(r.status, 'up', r.message);
  assert.match(r.message, /^certificate valid for 90 days \(until \d{4}-\d\d-\d\d\)$/);
  assert.equal(r.certExpiresAt, certs.valid.notAfter.getTime());
  const byName = await tls({ host: 'localhost', port: ports.valid });
  assert.equal(byName.status, 'up', byName.message);
});

test('a certificate expiring within warnDays is degraded (or down when warnStatus says so)', async () => {
  const r = await tls({ port: ports.expiring });
  assert.equal(r.status, 'degraded');
  assert.match(r.message, /^certificate expires in 5 days \(/);
  assert.equal((await tls({ port: ports.expiring, warnStatus: 'down' })).status, 'down');
  assert.equal((await tls({ port: ports.expiring, warnDays: 3 })).status, 'up');
});

test('an expired certificate is down', async () => {
  const r = await tls({ port: ports.expired });
  assert.equal(r.status, 'down');
  assert.match(r.message, /^certificate expired \d+ days ago \(2020-02-01\)$/);
  assert.equal(r.certExpiresAt, Date.parse('2020-02-01T00:00:00Z'));
});

test('expiry follows the injected clock', async () => {
  const later = testContext({ now: () => certs.valid.notAfter.getTime() + 2 * dayMs });
  const r = await tls({ port: ports.valid }, later);
  assert.deepEqual(
    { status: r.status, message: r.message.replace(/\(.*\)/, '()') },
    { status: 'down', message: 'certificate expired 2 days ago ()' },
  );
  const soon = testContext({ now: () => certs.valid.notAfter.getTime() - 3.5 * dayMs });
  assert.match((await tls({ port: ports.valid }, soon)).message, /^certificate expires in 3 days/);
});

test('a hostname mismatch is down and names the certificate’s names', async () => {
  const r = await tls({ port: ports.otherName });
  assert.equal(r.status, 'down');
  assert.equal(r.message, 'hostname mismatch: 127.0.0.1 is not in the certificate (DNS:other.example)');
  const sni = await tls({ port: ports.valid, servername: 'wrong.example' });
  assert.match(
    sni.message,
    /^hostname mismatch: wrong\.example is not in the certificate \(DNS:localhost, IP Address:127\.0\.0\.1\)$/,
  );
});

test('an untrusted (self-signed) chain is down when verifyChain is on', async () => {
  const r = await tls({ port: ports.valid, verifyChain: true });
  assert.deepEqual(
    { status: r.status, message: r.message },
    { status: 'down', message: 'certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT' },
  );
});

test('no TLS server: a plain-TCP peer and a refused port are down with the reason', async () => {
  const sockets: Socket[] = [];
  const plain = createNetServer((s) => {
    sockets.push(s);
    s.end('SSH-2.0-nope\r\n');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const port = (plain.address() as AddressInfo).port;
  const r = await tls({ port });
  assert.deepEqual(
    { status: r.status, message: r.message },
    { status: 'down', message: 'ERR_SSL_WRONG_VERSION_NUMBER: wrong version number' },
  );
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => plain.close(resolve));
  const refused = await tls({ port });
  assert.equal(refused.status, 'down');
  assert.match(refused.message, /ECONNREFUSED/);
});

test('HTTPS through the HTTP checker: certificate expiry captured; verification on refuses self-signed and expired', async () => {
  const check = (port: number, tlsVerify: boolean) =>
    httpChecker.check(
      httpConfig.parse({
        url: `https://127.0.0.1:${port}/`,
        tlsVerify,
        match: { kind: 'keyword', value: 'secure ok' },
      }),
      testContext(),
    );
  const ok = await check(ports.valid, false);
  assert.deepEqual(
    { status: ok.status, code: ok.statusCode, cert: ok.certExpiresAt },
    { status: 'up', code: 200, cert: certs.valid.notAfter.getTime() },
  );
  const again = await check(ports.valid, false);
  assert.equal(again.certExpiresAt, certs.valid.notAfter.getTime(), 'also on a kept-alive connection');
  const selfSigned = await check(ports.valid, true);
  assert.equal(selfSigned.status, 'down');
  assert.match(selfSigned.message, /DEPTH_ZERO_SELF_SIGNED_CERT|self.signed/);
  const expired = await check(ports.expired, true);
  assert.equal(expired.status, 'down');
  assert.match(expired.message, /CERT_HAS_EXPIRED|expired/);
  const byName = await httpChecker.check(
    httpConfig.parse({ url: `https://localhost:${ports.valid}/`, tlsVerify: false }),
    testContext(),
  );
  assert.equal(byName.status, 'up', byName.message);
});

test('validation: host without scheme or port, port range, warnDays', () => {
  const issue = (c: unknown) =>
    tlsConfig
      .safeParse(c)
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
  assert.equal(
    issue({ host: 'https://example.com' }),
    'host: "https://example.com" is not a host name or IP address (no scheme, path or port here)',
  );
  assert.equal(issue({ host: 'example.com', port: 70000 }), 'port: port must be 1–65535');
  assert.equal(issue({ host: 'example.com', warnDays: 400 }), 'warnDays: warnDays is at most 365');
  assert.deepEqual(tlsConfig.parse({ host: '[::1]' }), {
    host: '::1',
    port: 443,
    warnDays: 14,
    warnStatus: 'degraded',
    verifyChain: true,
  });
});

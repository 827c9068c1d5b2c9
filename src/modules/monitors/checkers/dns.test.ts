import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { testContext } from './checker.test-support.js';
import { dnsChecker, dnsConfig, parseResolver, type DnsConfig } from './dns.js';
import { createTargetPolicy } from './target-policy.js';

/**
 * A tiny authoritative DNS responder on loopback UDP: enough of RFC 1035 to answer one
 * question from a fixed zone. Unknown names get NXDOMAIN; `silent.test` is never answered.
 */
type Rdata = Buffer;
const typeCodes = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])),
    Buffer.from([0]),
  ]);
}
const a = (ip: string) => Buffer.from(ip.split('.').map(Number));
const aaaa = (groups: number[]) => Buffer.from(groups.flatMap((g) => [g >> 8, g & 255]));
const mx = (pref: number, host: string) =>
  Buffer.concat([Buffer.from([pref >> 8, pref & 255]), encodeName(host)]);
const txt = (...chunks: string[]) =>
  Buffer.concat(chunks.map((c) => Buffer.concat([Buffer.from([c.length]), Buffer.from(c)])));

const zone: Record<string, Partial<Record<keyof typeof typeCodes, Rdata[]>>> = {
  'app.test': {
    A: [a('192.0.2.10'), a('192.0.2.11')],
    AAAA: [aaaa([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])],
    MX: [mx(10, 'mx1.app.test'), mx(20, 'mx2.app.test')],
    TXT: [txt('v=spf1 ', '-all'), txt('hello')],
    NS: [encodeName('ns1.app.test')],
  },
  'www.app.test': { CNAME: [encodeName('app.test')] },
};

function answer(query: Buffer): Buffer {
  let offset = 12;
  const labels: string[] = [];
  while (query[offset]! !== 0) {
    const len = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + len).toString());
    offset += len + 1;
  }
  const questionEnd = offset + 5;
  const qtype = query.readUInt16BE(offset + 1);
  const name = labels.join('.').toLowerCase();
  const records = zone[name];
  const typeName = (Object.keys(typeCodes) as (keyof typeof typeCodes)[]).find((t) => typeCodes[t] === qtype);
  const rdatas = (records && typeName && records[typeName]) || [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(records ? 0x8580 : 0x8583, 2); // response, authoritative, RD, RA; rcode 0 or 3
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const answers = rdatas.map((rdata) => {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

let socket: Socket;
let resolver: string;
before(async () => {
  socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    if (msg.includes(Buffer.from('\x06silent\x04test'))) return;
    socket.send(answer(msg), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  resolver = `127.0.0.1:${socket.address().port}`;
});
after(() => socket.close());

const check = (c: Partial<DnsConfig> & { name: string }, ctx = testContext()) =>
  dnsChecker.check(dnsConfig.parse({ resolver, ...c }), ctx);

test('each record type from the chosen resolver, with and without an expected value', async () => {
  const cases: [Partial<DnsConfig> & { name: string }, 'up' | 'down', string][] = [
    [{ name: 'app.test' }, 'up', 'A 192.0.2.10, 192.0.2.11'],
    [{ name: 'app.test', expected: '192.0.2.11' }, 'up', 'A 192.0.2.10, 192.0.2.11'],
    [
      { name: 'app.test', expected: '192.0.2.99' },
      'down',
      'A app.test is 192.0.2.10, 192.0.2.11, expected 192.0.2.99',
    ],
    [{ name: 'app.test', recordType: 'AAAA', expected: '2001:0db8:0:0:0:0:0:1' }, 'up', 'AAAA 2001:db8::1'],
    [{ name: 'www.app.test', recordType: 'CNAME', expected: 'APP.test.' }, 'up', 'CNAME app.test'],
    [
      { name: 'app.test', recordType: 'MX', expected: 'mx2.app.test' },
      'up',
      'MX 10 mx1.app.test, 20 mx2.app.test',
    ],
    [
      { name: 'app.test', recordType: 'MX', expected: '10 mx1.app.test' },
      'up',
      'MX 10 mx1.app.test, 20 mx2.app.test',
    ],
    [{ name: 'app.test', recordType: 'TXT', expected: 'v=spf1 -all' }, 'up', 'TXT v=spf1 -all, hello'],
    [{ name: 'app.test', recordType: 'NS', expected: 'ns1.app.test' }, 'up', 'NS ns1.app.test'],
    [{ name: 'www.app.test', recordType: 'MX' }, 'down', 'no MX records for www.app.test'],
  ];
  for (const [config, status, message] of cases) {
    const r = await check(config);
    assert.deepEqual({ status: r.status, message: r.message }, { status, message }, JSON.stringify(config));
    assert.ok(Number.isInteger(r.latencyMs));
  }
});

test('NXDOMAIN and a silent resolver (timeout) are down with the reason', async () => {
  const nx = await check({ name: 'missing.test' });
  assert.deepEqual(
    { status: nx.status, message: nx.message },
    { status: 'down', message: `missing.test does not exist (NXDOMAIN at ${resolver})` },
  );
  const started = performance.now();
  const silent = await check({ name: 'silent.test' }, testContext({ timeoutMs: 300 }));
  assert.deepEqual(
    { status: silent.status, message: silent.message },
    { status: 'down', message: `resolver ${resolver} did not answer within 300 ms` },
  );
  assert.ok(performance.now() - started < 2500);
});

test('a resolver on IPv6 loopback, written [::1]:port', async () => {
  const v6 = createSocket('udp6');
  v6.on('message', (msg, rinfo) => v6.send(answer(msg), rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => v6.bind(0, '::1', resolve));
  const r = await check({ name: 'app.test', resolver: `[::1]:${v6.address().port}`, expected: '192.0.2.10' });
  assert.equal(r.status, 'up', r.message);
  v6.close();
});

test('the resolver is a target too: a denied resolver address is refused', async () => {
  const r = await check(
    { name: 'app.test', resolver: '169.254.169.253' },
    testContext({ targets: createTargetPolicy() }),
  );
  assert.match(r.message, /^resolver refused: 169\.254\.169\.253 is in a denied network/);
});

test('resolver validation: ip, ip:port, [v6]:port, named; anything else is refused clearly', () => {
  assert.deepEqual(parseResolver('1.1.1.1'), { address: '1.1.1.1', port: 53 });
  assert.deepEqual(parseResolver('10.0.0.2:5353'), { address: '10.0.0.2', port: 5353 });
  assert.deepEqual(parseResolver('[2606:4700::1111]:53'), { address: '2606:4700::1111', port: 53 });
  assert.deepEqual(parseResolver('2606:4700::1111'), { address: '2606:4700::1111', port: 53 });
  assert.deepEqual(parseResolver('Cloudflare'), { address: '1.1.1.1', port: 53 });
  const issue = (c: unknown) =>
    dnsConfig
      .safeParse(c)
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
  assert.equal(
    issue({ name: 'example.com', resolver: 'my-dns' }),
    'resolver: unknown resolver "my-dns": use an IP address, ip:port, [ipv6]:port, or one of cloudflare, google, quad9',
  );
  assert.equal(
    issue({ name: 'example.com', resolver: '1.1.1.1:99999' }),
    'resolver: resolver port must be 1–65535 (got 99999)',
  );
  assert.equal(
    issue({ name: 'example.com', recordType: 'SRV' }),
    'recordType: recordType must be one of A, AAAA, CNAME, MX, TXT, NS',
  );
  assert.equal(
    issue({ name: 'https://example.com/' }),
    'name: name must be a domain name like example.com (no scheme or path)',
  );
});

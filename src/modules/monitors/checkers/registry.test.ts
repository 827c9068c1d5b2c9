import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { testContext } from './checker.test-support.js';
import { checkerFor, checkers, checkerTypes, type CheckerType } from './registry.js';

/**
 * A valid stored config per type and one that is not, with the fields the registry must name.
 * Record<CheckerType, …>: a checker added to the registry without samples here fails the type check.
 */
const samples: Record<CheckerType, { valid: unknown; invalid: unknown; fields: string }> = {
  http: {
    valid: { url: 'https://example.com/health' },
    invalid: { url: 'ftp://x', auth: { type: 'bearer', token: 'TOKEN-SECRET' } },
    fields: 'url',
  },
  tls: {
    valid: { host: 'example.com' },
    invalid: { host: 'example.com', port: 0, warnDays: -1 },
    fields: 'port, warnDays',
  },
  tcp: { valid: { host: 'db.internal', port: 5432 }, invalid: { host: 'db.internal' }, fields: 'port' },
  dns: {
    valid: { name: 'example.com', recordType: 'MX', resolver: 'quad9' },
    invalid: { name: 'example.com', resolver: 'corp-dns' },
    fields: 'resolver',
  },
  ping: { valid: { host: '::1' }, invalid: { host: 'a b', count: 50 }, fields: 'host, count' },
};

test('the registry lists every type once, in order', () => {
  assert.deepEqual(checkerTypes, ['http', 'tls', 'tcp', 'dns', 'ping']);
  assert.deepEqual(
    checkers.map((c) => c.type),
    checkerTypes,
  );
  for (const type of checkerTypes) assert.equal(checkerFor(type)?.type, type);
  assert.equal(checkerFor('keyword'), undefined, 'keyword and JSON checks are http options');
});

test('each schema accepts its sample and refuses the bad one; an invalid stored config is down naming fields only', async () => {
  for (const type of checkerTypes) {
    const checker = checkerFor(type)!;
    const { valid, invalid, fields } = samples[type];
    assert.equal(checker.configSchema.safeParse(valid).success, true, `${type} valid sample`);
    assert.equal(checker.configSchema.safeParse(invalid).success, false, `${type} invalid sample`);
    const r = await checker.check(invalid, testContext());
    assert.deepEqual(r, {
      status: 'down',
      latencyMs: 0,
      message: `invalid ${type} configuration: ${fields}`,
    });
    assert.ok(!r.message.includes('SECRET'));
  }
});

test('a stored config object is parsed once and reused', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const stored = { host: '127.0.0.1', port };
  const tcp = checkerFor('tcp')!;
  assert.equal((await tcp.check(stored, testContext())).status, 'up');
  // Mutating the stored object after the first check shows the cached parse is used (the engine
  // hands over a fresh object when a monitor is edited).
  stored.port = 0;
  assert.equal((await tcp.check(stored, testContext())).status, 'up');
  assert.equal((await tcp.check({ ...stored }, testContext())).status, 'down');
  await new Promise((resolve) => server.close(resolve));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../config/config.js';
import {
  cachedLookup,
  createTargetPolicy,
  normalizeAddress,
  targetPolicyFromConfig,
  TargetRefusedError,
} from './target-policy.js';

test('metadata addresses are refused by default; loopback and private networks are allowed', () => {
  const policy = createTargetPolicy();
  assert.match(policy.refusal('169.254.169.254') ?? '', /169\.254\.0\.0\/16/);
  assert.match(policy.refusal('fd00:ec2::254') ?? '', /fd00:ec2::254/);
  assert.match(policy.refusal('::ffff:169.254.169.254') ?? '', /169\.254\.0\.0\/16/, 'IPv4-mapped IPv6 too');
  assert.match(policy.refusal('::ffff:a9fe:a9fe') ?? '', /169\.254\.0\.0\/16/, 'hex-mapped too');
  assert.throws(() => policy.assertAllowed('169.254.169.254'), TargetRefusedError);
  for (const ok of ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.1', '8.8.8.8', '2001:db8::1']) {
    assert.equal(policy.refusal(ok), null, ok);
  }
  assert.match(policy.refusal('example.com') ?? '', /not an IP address/);
});

test('the deny list refuses, and wins over the allow list', () => {
  const policy = createTargetPolicy({
    deny: ['10.0.0.0/8', '2001:db8::/32'],
    allow: ['10.0.0.0/16', '127.0.0.0/8'],
  });
  assert.match(
    policy.refusal('10.0.0.5') ?? '',
    /denied network \(10\.0\.0\.0\/8, KEEL_MONITOR_DENY_NETWORKS\)/,
  );
  assert.match(policy.refusal('2001:db8::7') ?? '', /2001:db8::\/32/);
  assert.equal(policy.refusal('127.0.0.1'), null);
});

test('an allow list admits only its networks, and can re-open link-local on purpose', () => {
  const policy = createTargetPolicy({ allow: ['192.168.1.0/24', '169.254.0.0/16'] });
  assert.equal(policy.refusal('192.168.1.20'), null);
  assert.match(policy.refusal('192.168.2.1') ?? '', /not in KEEL_MONITOR_ALLOW_NETWORKS/);
  assert.match(policy.refusal('127.0.0.1') ?? '', /not in KEEL_MONITOR_ALLOW_NETWORKS/);
  assert.equal(policy.refusal('169.254.10.10'), null);
});

test('resolve checks the address a name resolves to, and returns that address to connect to', async () => {
  const policy = createTargetPolicy({
    lookup: (host) =>
      Promise.resolve(
        host === 'metadata.test'
          ? [{ address: '169.254.169.254', family: 4 }]
          : [{ address: '127.0.0.1', family: 4 }],
      ),
  });
  await assert.rejects(policy.resolve('metadata.test'), (err: Error) => {
    assert.ok(err instanceof TargetRefusedError);
    assert.match(err.message, /metadata\.test resolves to 169\.254\.169\.254/);
    return true;
  });
  assert.deepEqual(await policy.resolve('app.test'), { address: '127.0.0.1', family: 4 });
  assert.deepEqual(await policy.resolve('[::1]'), { address: '::1', family: 6 });
  await assert.rejects(policy.resolve('169.254.169.254'), TargetRefusedError);
});

test('the real system lookup: localhost resolves to loopback, IPv4 first', async () => {
  const target = await createTargetPolicy().resolve('localhost');
  assert.equal(target.address, '127.0.0.1');
});

test('normalizeAddress', () => {
  assert.deepEqual(normalizeAddress('[::1]'), { address: '::1', family: 6 });
  assert.deepEqual(normalizeAddress('::ffff:127.0.0.1'), { address: '127.0.0.1', family: 4 });
  assert.equal(normalizeAddress('nope'), null);
});

test('configuration: KEEL_MONITOR_ALLOW_NETWORKS / KEEL_MONITOR_DENY_NETWORKS, bad CIDRs named', () => {
  const base = { DATABASE_URL: 'sqlite::memory:' };
  const config = loadConfig({ ...base, KEEL_MONITOR_DENY_NETWORKS: '10.0.0.0/8, 192.168.0.0/16 fd00::/8' });
  assert.deepEqual(config.monitorDenyNetworks, ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8']);
  assert.deepEqual(config.monitorAllowNetworks, []);
  assert.match(targetPolicyFromConfig(config).refusal('192.168.3.3') ?? '', /denied/);
  assert.throws(
    () => loadConfig({ ...base, KEEL_MONITOR_ALLOW_NETWORKS: '10.0.0.0/33' }),
    /KEEL_MONITOR_ALLOW_NETWORKS: "10\.0\.0\.0\/33" is not a network: the prefix must be 0–32/,
  );
  assert.throws(
    () => loadConfig({ ...base, KEEL_MONITOR_DENY_NETWORKS: 'intranet' }),
    /KEEL_MONITOR_DENY_NETWORKS: "intranet" is not a network: "intranet" is not an IP address/,
  );
});

test('cachedLookup: one lookup per name per TTL, shared while in flight; failures kept 5 s at most', async () => {
  let t = 0;
  let calls = 0;
  let fail = false;
  const lookup = cachedLookup(
    (host) => {
      calls++;
      return fail
        ? Promise.reject(new Error(`ENOTFOUND ${host}`))
        : Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    },
    30_000,
    () => t,
  );
  await Promise.all([lookup('a.test'), lookup('A.test'), lookup('a.test')]);
  assert.equal(calls, 1);
  t = 29_999;
  await lookup('a.test');
  assert.equal(calls, 1);
  t = 30_000;
  await lookup('a.test');
  assert.equal(calls, 2);
  fail = true;
  await assert.rejects(lookup('b.test'));
  await assert.rejects(lookup('b.test'));
  assert.equal(calls, 3);
  t += 5_000;
  fail = false;
  assert.deepEqual(await lookup('b.test'), [{ address: '127.0.0.1', family: 4 }]);
  assert.equal(calls, 4);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedUrlReason, guardedFetch, isBlockedAddress } from './outbound-guard.js';

test('link-local and metadata addresses are blocked; loopback and private networks are not', () => {
  for (const a of [
    '169.254.169.254',
    '169.254.0.1',
    'fd00:ec2::254',
    'FD00:EC2:0:0:0:0:0:254',
    'fe80::1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
  ]) {
    assert.equal(isBlockedAddress(a), true, a);
  }
  for (const a of [
    '127.0.0.1',
    '::1',
    '10.0.0.1',
    '192.168.1.1',
    '::ffff:127.0.0.1',
    'fd00::1',
    'example.com',
  ]) {
    assert.equal(isBlockedAddress(a), false, a);
  }
  assert.match(blockedUrlReason('http://169.254.169.254/latest/')!, /link-local/);
  assert.match(blockedUrlReason('http://[fd00:ec2::254]/')!, /link-local/);
  assert.equal(blockedUrlReason('http://127.0.0.1:8080/hook'), null);
});

test('guardedFetch refuses a blocked address before any connection, not as a retryable network error', async () => {
  let called = 0;
  const inner = (() => {
    called++;
    return Promise.resolve(new Response('ok'));
  }) as typeof fetch;
  const f = guardedFetch(inner);
  await assert.rejects(f('http://169.254.169.254/latest/meta-data/'), (err: Error) => {
    assert.notEqual(err.message, 'fetch failed');
    return /link-local/.test(err.message);
  });
  assert.equal(called, 0);
  const res = await f('http://127.0.0.1:1/x');
  assert.equal(await res.text(), 'ok');
  assert.equal(called, 1);
});

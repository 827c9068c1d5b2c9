import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, base32Encode, hotp, otpauthUrl, totpStep, verifyTotp } from './totp.domain.js';

// RFC 6238 appendix B: the SHA-1 secret is ASCII "12345678901234567890"; codes are the last 6 digits.
const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));

test('matches the RFC 6238 SHA-1 test vectors', () => {
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ];
  for (const [seconds, code] of vectors)
    assert.equal(hotp(rfcSecret, totpStep(seconds * 1000)), code, `t=${seconds}`);
});

test('base32 round-trips', () => {
  const buf = Buffer.from([0, 1, 2, 250, 251, 255, 17]);
  assert.deepEqual(base32Decode(base32Encode(buf)), buf);
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
});

test('accepts one step of drift and refuses replays', () => {
  const now = 1_700_000_000_000;
  const step = totpStep(now);
  const code = hotp(rfcSecret, step - 1);
  assert.equal(verifyTotp(rfcSecret, code, now, null), step - 1);
  assert.equal(verifyTotp(rfcSecret, code, now, step - 1), null, 'replay refused');
  assert.equal(verifyTotp(rfcSecret, hotp(rfcSecret, step - 2), now, null), null, 'too old');
  assert.equal(verifyTotp(rfcSecret, 'abcdef', now, null), null);
});

test('builds an otpauth URL authenticator apps read', () => {
  const url = new URL(otpauthUrl('ABC', 'ada@example.com'));
  assert.equal(url.protocol, 'otpauth:');
  assert.equal(url.searchParams.get('secret'), 'ABC');
  assert.equal(url.searchParams.get('issuer'), 'Keel');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretBox } from '../../../lib/secret-box.js';
import { signActionToken, verifyActionToken } from './action-token.js';

const box = new SecretBox('x'.repeat(40));
const claims = {
  incidentId: '0195f3c2-7b1a-7000-8000-000000000042',
  action: 'resolve' as const,
  userId: '0195f3c2-7b1a-7000-8000-0000000000aa',
  expiresAt: Date.parse('2026-03-02T12:00:00Z'),
};

test('a token is short enough for a URL segment and round-trips until it expires', () => {
  const token = signActionToken(box, claims);
  assert.ok(token.length <= 80, `${token.length} characters`);
  assert.match(token, /^[\w-]+\.[\w-]+$/);
  assert.deepEqual(verifyActionToken(box, token, claims.expiresAt - 1), { ok: true, claims });
  assert.deepEqual(verifyActionToken(box, token, claims.expiresAt), { ok: false, reason: 'expired' });
});

test('tampered, truncated, foreign-key and malformed tokens are invalid', () => {
  const token = signActionToken(box, claims);
  const [payload, sig] = token.split('.') as [string, string];
  const raw = Buffer.from(payload, 'base64url');
  raw[1] = 0; // resolve → acknowledge
  for (const bad of [
    `${raw.toString('base64url')}.${sig}`,
    `${payload}.${sig.slice(0, -1)}`,
    payload,
    `${token}.x`,
    signActionToken(new SecretBox('y'.repeat(40)), claims),
    '',
  ]) {
    assert.deepEqual(verifyActionToken(box, bad, 0), { ok: false, reason: 'invalid' }, bad);
  }
  assert.throws(() => signActionToken(box, { ...claims, userId: 'not-a-uuid' }));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSecretKey, SecretBox } from './secret-box.js';

test('seal/open round-trips, a fresh IV each time, and refuses tampering or another key', () => {
  const box = new SecretBox(generateSecretKey());
  const a = box.seal('{"url":"https://hooks.example.com/T/B/secret"}');
  const b = box.seal('{"url":"https://hooks.example.com/T/B/secret"}');
  assert.notEqual(a, b);
  assert.ok(!a.includes('secret'));
  assert.equal(box.open(a), '{"url":"https://hooks.example.com/T/B/secret"}');
  // One bit of the ciphertext changed (editing a base64url character could leave the bytes as
  // they were: one time in 64 the old version of this line tampered with nothing).
  const bytes = Buffer.from(a.slice(3), 'base64url');
  bytes[bytes.length - 1]! ^= 1;
  const flipped = `v1.${bytes.toString('base64url')}`;
  assert.notEqual(flipped, a);
  assert.throws(() => box.open(flipped));
  assert.throws(() => new SecretBox(generateSecretKey()).open(a));
  assert.throws(() => box.open('plain text'));
});

test('signatures verify only for the same data and key; keys under 32 characters are refused', () => {
  const key = 'k'.repeat(32);
  const box = new SecretBox(key);
  const sig = box.sign('act:payload');
  assert.equal(box.verify('act:payload', sig), true);
  assert.equal(box.verify('act:payloaD', sig), false);
  assert.equal(new SecretBox('j'.repeat(32)).verify('act:payload', sig), false);
  assert.throws(() => new SecretBox('short'), /at least 32/);
});

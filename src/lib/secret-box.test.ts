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
  const flipped = `${a.slice(0, -2)}${a.endsWith('A') ? 'B' : 'A'}${a.slice(-1)}`;
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

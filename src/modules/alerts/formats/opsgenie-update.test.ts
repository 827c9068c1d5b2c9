import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOpsgenieUpdate } from './opsgenie-update.js';
import { sha256Hex } from './text.js';

test('update message: required, cut to 130; the alias keyed as create keys it', () => {
  assert.deepEqual(parseOpsgenieUpdate('message', 'k', 'alias', { message: 'New' }), {
    ok: true,
    update: { field: 'message', dedupKey: 'k', value: 'New', truncated: {} },
  });
  const long = parseOpsgenieUpdate('message', 'a'.repeat(513), 'alias', { message: 'm'.repeat(131) });
  assert.ok(long.ok);
  assert.equal(long.update.dedupKey, sha256Hex('a'.repeat(513)));
  assert.equal(long.update.value, `${'m'.repeat(129)}…`);
  assert.deepEqual(long.update.truncated, { summary: { originalChars: 131 } });
  for (const [body, error] of [
    [{}, 'message is required'],
    [undefined, 'body is empty'],
    [{ message: ' ' }, 'message must not be blank'],
    [{ message: 1 }, 'message must be a string'],
  ] as const) {
    assert.deepEqual(parseOpsgenieUpdate('message', 'k', 'alias', body), { ok: false, errors: [error] });
  }
});

test('update description: optional (absent clears it), cut to 15 000', () => {
  const cleared = parseOpsgenieUpdate('description', 'k', 'alias', {});
  assert.ok(cleared.ok);
  assert.equal(cleared.update.value, '');
  const cut = parseOpsgenieUpdate('description', 'k', 'alias', { description: 'd'.repeat(15_001) });
  assert.ok(cut.ok);
  assert.equal([...cut.update.value].length, 15_000);
  assert.deepEqual(parseOpsgenieUpdate('description', 'k', 'alias', { description: [] }), {
    ok: false,
    errors: ['description must be a string'],
  });
});

test('only identifierType=alias is taken', () => {
  const res = parseOpsgenieUpdate('message', 'k', undefined, { message: 'x' });
  assert.ok(!res.ok);
  assert.match(res.errors[0]!, /identifierType must be alias/);
});

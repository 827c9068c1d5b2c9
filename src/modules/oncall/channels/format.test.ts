import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samplePage } from './channel.test-support.js';
import { charLength, escapeHtml, fitEscaped, links, truncate } from './format.js';

test('truncate counts code points, never splits an emoji, and marks a cut with …', () => {
  assert.equal(truncate('short', 5), 'short');
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('😀😀😀', 2), '😀…');
  assert.equal(charLength(truncate('😀'.repeat(100), 10)), 10);
});

test('fitEscaped: the escaped result fits, even when escaping lengthens every character', () => {
  const out = fitEscaped('&'.repeat(100), 20, escapeHtml);
  assert.ok(charLength(out) <= 20, out);
  assert.match(out, /^(&amp;)+…$/, 'no entity is split');
  assert.equal(fitEscaped('a<b', 20, escapeHtml), 'a&lt;b');
});

test('links: acknowledge only while a page, resolve until resolved, the incident always', () => {
  const labels = (kind: Parameters<typeof samplePage>[0]) => links(samplePage(kind)).map((l) => l.label);
  assert.deepEqual(labels({ kind: 'trigger' }), ['Acknowledge', 'Resolve', 'Open incident']);
  assert.deepEqual(labels({ kind: 'escalation' }), ['Acknowledge', 'Resolve', 'Open incident']);
  assert.deepEqual(labels({ kind: 'acknowledged' }), ['Resolve', 'Open incident']);
  assert.deepEqual(labels({ kind: 'resolved' }), ['Open incident']);
  assert.deepEqual(labels({ kind: 'trigger', ackUrl: undefined, resolveUrl: undefined }), ['Open incident']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAlertmanager } from './alertmanager.js';
import { finishEvent, type EventDraft } from './event.js';
import { limits } from './limits.js';
import { defaultSeverity, lookupSeverity, mapSeverity } from './severity.js';
import { clone, events, loadFixture, testContext } from './test-support.js';
import { parseTimestamp, senderTime } from './timestamp.js';

const draft = (more: Partial<EventDraft> = {}): EventDraft => ({
  action: 'trigger',
  dedupKey: 'k',
  summary: 's',
  severity: 'error',
  ...more,
});

test('severity: the documented spellings, case and spaces ignored; anything else is the default', () => {
  const table: [string, string][] = [
    ['critical', 'critical'],
    ['CRIT', 'critical'],
    ['page', 'critical'],
    ['P1', 'critical'],
    [' sev1 ', 'critical'],
    ['error', 'error'],
    ['err', 'error'],
    ['High', 'error'],
    ['major', 'error'],
    ['p2', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['medium', 'warning'],
    ['minor', 'warning'],
    ['p3', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
    ['p4', 'info'],
    ['P5', 'info'],
  ];
  for (const [raw, want] of table) assert.equal(mapSeverity(raw), want, raw);
  assert.equal(defaultSeverity, 'error');
  for (const raw of ['', 'bad', 'constructor', '__proto__', 'toString', undefined, 3]) {
    assert.equal(lookupSeverity(raw), null, String(raw));
    assert.equal(mapSeverity(raw), 'error', String(raw));
  }
});

test('timestamps: the ISO 8601 forms senders emit, and nothing else', () => {
  const ok: [string, number][] = [
    ['2026-11-27T14:03:00.568Z', Date.UTC(2026, 10, 27, 14, 3, 0, 568)],
    ['2026-11-27T14:03:04.881099423Z', Date.UTC(2026, 10, 27, 14, 3, 4, 881)],
    ['2021-10-12T09:51:03.157076+02:00', Date.UTC(2021, 9, 12, 7, 51, 3, 157)],
    ['2015-07-17T08:42:58.315+0000', Date.UTC(2015, 6, 17, 8, 42, 58, 315)],
    ['2026-01-01 00:00:00-0530', Date.UTC(2026, 0, 1, 5, 30)],
    ['2026-01-01T10:00', Date.UTC(2026, 0, 1, 10)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ];
  for (const [text, ms] of ok) assert.equal(parseTimestamp(text), ms, text);
  for (const text of [
    '',
    'now',
    '2026-13-01T00:00:00Z',
    '2025-02-29',
    '2026-01-01T24:00:00Z',
    '1795788180',
    'Nov 27 2026',
  ]) {
    assert.equal(parseTimestamp(text), null, text);
  }
  assert.equal(senderTime('0001-01-01T00:00:00Z'), null, "Go's zero time is no time");
  assert.equal(senderTime(undefined), null);
});

test('a summary over 1024 characters from a sender without a limit is cut, with an ellipsis and a note', () => {
  const body = clone(loadFixture('am_webhook_firing.json').body) as {
    alerts: { annotations: Record<string, string> }[];
  };
  body.alerts[0]!.annotations.summary = '🔥'.repeat(3000);
  const [e] = events(parseAlertmanager(body, testContext()));
  assert.equal(Array.from(e!.summary).length, limits.summaryChars);
  assert.ok(e!.summary.endsWith('…'));
  assert.deepEqual((e!.details._truncated as Record<string, unknown>).summary, { originalChars: 3000 });
});

test('labels: sorted, at most 100, long values cut, long names dropped, all noted', () => {
  const labels: Record<string, string> = {};
  for (let i = 149; i >= 0; i--) labels[`l${String(i).padStart(3, '0')}`] = 'v';
  labels.l000 = 'x'.repeat(2000);
  labels['n'.repeat(1025)] = 'too long a name';
  const e = finishEvent(draft({ labels }));
  const keys = Object.keys(e.labels);
  assert.equal(keys.length, 100);
  assert.deepEqual(keys, [...keys].sort());
  assert.equal(keys[0], 'l000');
  assert.equal(e.labels.l000!.length, 1024);
  const note = (e.details._truncated as Record<string, { droppedCount: number; cutValues: string[] }>)
    .labels!;
  assert.equal(note.droppedCount, 51);
  assert.deepEqual(note.cutValues, ['l000']);
});

test('details over 64 KiB are cut entry by entry, the same way every time, and say so', () => {
  const details: Record<string, unknown> = {
    first: 'a'.repeat(30_000),
    nested: { blob: 'b'.repeat(30_000) },
    huge: 'c'.repeat(100_000),
    after: 'small',
    _truncated: 'a sender cannot fake the note',
  };
  const e = finishEvent(draft({ details }));
  assert.ok(Buffer.byteLength(JSON.stringify(e.details)) <= limits.detailsBytes);
  assert.equal(e.details.first, details.first);
  assert.deepEqual(e.details.nested, details.nested);
  assert.equal(e.details.after, 'small', 'later entries that fit are kept');
  assert.ok(
    typeof e.details.huge === 'string' && e.details.huge.endsWith('…') && e.details.huge.length < 100_000,
  );
  assert.deepEqual((e.details._truncated as Record<string, unknown>).details, {
    originalBytes: Buffer.byteLength(JSON.stringify({ ...details, _truncated: undefined })),
    droppedKeys: [],
    droppedCount: 0,
    cutKeys: ['huge'],
  });
  assert.deepEqual(finishEvent(draft({ details: clone(details) })), e);
});

test('details that fit are kept as sent; a sender-supplied _truncated is removed', () => {
  assert.deepEqual(finishEvent(draft({ details: { a: 1, _truncated: true } })).details, { a: 1 });
});

test('links: http(s) only, at most 20; images: https only; client URL: http(s) only', () => {
  const links = [
    { href: 'javascript:alert(1)', text: 'x' },
    { href: 'data:text/html,hi' },
    { href: 'not a url' },
    ...Array.from({ length: 25 }, (_, i) => ({ href: `https://x.example/${i}` })),
  ];
  const e = finishEvent(
    draft({
      links,
      images: [{ src: 'http://x.example/i.png' }, { src: 'https://x.example/i.png', alt: 'ok' }],
      clientUrl: 'javascript:void(0)',
    }),
  );
  assert.equal(e.links.length, 20);
  assert.equal(e.links[0]!.href, 'https://x.example/0');
  assert.equal(e.links[0]!.text, 'https://x.example/0', 'a link without text shows its address');
  assert.deepEqual((e.details._truncated as Record<string, unknown>).links, { originalCount: 25 });
  assert.deepEqual(e.images, [{ src: 'https://x.example/i.png', href: null, alt: 'ok' }]);
  assert.equal(e.clientUrl, null);
});

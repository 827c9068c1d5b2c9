import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opsgenieAccepted, opsgenieError, parseOpsgenieAction, parseOpsgenieCreate } from './opsgenie.js';
import { errors, events, testContext } from './test-support.js';
import { charCount, sha256Hex } from './text.js';

/** A create request using every field of Opsgenie's Create Alert API. */
const create = () => ({
  message: 'An example alert message',
  alias: 'Life is too short for no alias',
  description: 'Every alert needs a description',
  responders: [
    { id: '4513b7ea-3b91-438f-b7e4-e3e54af9147c', type: 'team' },
    { name: 'NOC', type: 'team' },
    { username: 'trinity@opsgenie.com', type: 'user' },
  ],
  visibleTo: [{ name: 'rocket_team', type: 'team' }],
  actions: ['Restart', 'AnExampleAction'],
  tags: ['OverwriteQuietHours', 'Critical'],
  details: { key1: 'value1', key2: 'value2' },
  entity: 'An example entity',
  source: 'nagios',
  priority: 'P1',
  user: 'Monitoring Script',
  note: 'Alert created',
});

test('create maps every field: alias is the key, entity the source, priority kept and mapped', () => {
  const [e] = events(parseOpsgenieCreate(create(), testContext()));
  assert.deepEqual(e, {
    action: 'trigger',
    dedupKey: 'Life is too short for no alias',
    summary: 'An example alert message',
    source: 'An example entity',
    severity: 'critical',
    priority: 'P1',
    component: null,
    group: null,
    class: null,
    labels: { Critical: 'true', OverwriteQuietHours: 'true' },
    details: {
      key1: 'value1',
      key2: 'value2',
      'opsgenie.user': 'Monitoring Script',
      'opsgenie.note': 'Alert created',
    },
    links: [],
    images: [],
    occurredAt: null,
    groupKey: null,
    client: 'nagios',
    clientUrl: null,
    description: 'Every alert needs a description',
  });
});

test('a bare create: priority P3 as Opsgenie defaults it, a generated alias, scalar details as text', () => {
  const ctx = testContext();
  const [e] = events(parseOpsgenieCreate({ message: 'disk full', details: { free: 0, ok: false } }, ctx));
  assert.equal(e!.priority, 'P3');
  assert.equal(e!.severity, 'warning');
  assert.equal(e!.dedupKey, 'gen-1');
  assert.deepEqual(e!.details, { free: '0', ok: 'false' });
});

test('priorities map to severities P1 critical … P4 and P5 info', () => {
  const got = ['P1', 'P2', 'P3', 'P4', 'P5'].map(
    (priority) => events(parseOpsgenieCreate({ message: 'm', priority }, testContext()))[0]!.severity,
  );
  assert.deepEqual(got, ['critical', 'error', 'warning', 'info', 'info']);
});

test("Opsgenie's documented limits cut, as Opsgenie keeps them; _truncated says what was cut", () => {
  const [at] = events(parseOpsgenieCreate({ message: 'm'.repeat(130) }, testContext()));
  assert.equal(at!.summary, 'm'.repeat(130));
  assert.equal(at!.details._truncated, undefined, 'nothing cut at the limit');
  const long = {
    message: 'm'.repeat(200),
    alias: 'a'.repeat(513),
    description: 'd'.repeat(15_001),
    entity: 'e'.repeat(600),
    source: `https://alertmanager.example.com/${'p'.repeat(120)}`,
    user: 'u'.repeat(101),
    note: 'n'.repeat(25_001),
    tags: [...Array.from({ length: 25 }, (_, i) => `t${i}`), 'x'.repeat(60)],
    details: { small: 'kept', big: 'b'.repeat(9000), after: 'dropped' },
  };
  const [e] = events(parseOpsgenieCreate(long, testContext()));
  assert.equal(e!.summary, `${'m'.repeat(129)}…`);
  assert.equal(e!.dedupKey, sha256Hex('a'.repeat(513)), 'an over-long alias is keyed by its SHA-256');
  assert.equal(e!.description, `${'d'.repeat(14_999)}…`);
  assert.equal(e!.source, `${'e'.repeat(511)}…`);
  assert.equal(charCount(e!.client!), 100);
  assert.ok(e!.client!.startsWith('https://alertmanager.example.com/pp'));
  assert.deepEqual(
    Object.keys(e!.labels),
    Array.from({ length: 20 }, (_, i) => `t${i}`).sort(),
    'the first 20 tags',
  );
  assert.equal(e!.details['opsgenie.user'], `${'u'.repeat(99)}…`);
  assert.equal(charCount(e!.details['opsgenie.note'] as string), 25_000);
  assert.equal(e!.details.small, 'kept');
  assert.equal(charCount('small') + 4 + charCount('big') + charCount(e!.details.big as string), 8000);
  assert.equal(e!.details.after, undefined);
  assert.deepEqual(e!.details._truncated, {
    tags: { originalCount: 26, droppedCount: 6, cut: [] },
    dedupKey: { originalChars: 513, replacedBy: 'sha256' },
    summary: { originalChars: 200 },
    source: { originalChars: 600 },
    client: { originalChars: 153 },
    details: { originalChars: 9024, droppedKeys: ['after'], droppedCount: 1, cutKeys: ['big'] },
    'opsgenie.user': { originalChars: 101 },
    'opsgenie.note': { originalChars: 25_001 },
    description: { originalChars: 15_001 },
  });
  const [tag] = events(parseOpsgenieCreate({ message: 'm', tags: ['y'.repeat(51)] }, testContext()));
  assert.deepEqual(Object.keys(tag!.labels), [`${'y'.repeat(49)}…`], 'a tag is cut to 50 characters');
});

test('only what Opsgenie refuses is refused: no message, a blank one, wrong types, an unknown priority', () => {
  assert.deepEqual(errors(parseOpsgenieCreate({ message: '   ' }, testContext())), [
    'message must not be blank',
  ]);
  assert.deepEqual(errors(parseOpsgenieCreate({ message: '' }, testContext())), [
    'message must not be empty',
  ]);
  assert.deepEqual(
    errors(
      parseOpsgenieCreate({ priority: 'P0', tags: 'a,b', details: { nested: { a: 1 } } }, testContext()),
    ),
    [
      'message is required',
      'tags must be an array',
      'details.nested must be a string',
      'priority must be one of P1, P2, P3, P4, P5',
    ],
  );
});

test('close and acknowledge address the alert by alias', () => {
  const [closed] = events(
    parseOpsgenieAction('close', 'Life is too short for no alias', 'alias', {
      user: 'Monitoring Script',
      source: 'AWS Lambda',
      note: 'Action executed via Alert API',
    }),
  );
  assert.equal(closed!.action, 'resolve');
  assert.equal(closed!.dedupKey, 'Life is too short for no alias');
  assert.equal(closed!.client, 'AWS Lambda');
  assert.deepEqual(closed!.details, {
    'opsgenie.user': 'Monitoring Script',
    'opsgenie.note': 'Action executed via Alert API',
  });
  const [acked] = events(parseOpsgenieAction('acknowledge', 'disk-full', 'alias', undefined));
  assert.equal(acked!.action, 'acknowledge');
  assert.equal(acked!.dedupKey, 'disk-full');
  assert.deepEqual(events(parseOpsgenieAction('acknowledge', 'disk-full', 'alias', {})), [acked]);
});

test('any identifierType but alias is refused, saying why and what to send instead', () => {
  for (const type of [undefined, 'id', 'tiny', 'ALIAS']) {
    const [message] = errors(parseOpsgenieAction('close', '8418d193-2dab-4490-b331-8c02cdd196b7', type, {}));
    assert.match(message!, /identifierType must be alias/);
    assert.match(message!, /Keel does not expose Opsgenie alert ids/);
    assert.match(message!, /\?identifierType=alias/);
  }
});

test('a bad identifier or action body is refused', () => {
  assert.deepEqual(errors(parseOpsgenieAction('close', '', 'alias', {})), ['identifier must not be empty']);
  const [long] = events(parseOpsgenieAction('close', 'x'.repeat(513), 'alias', {}));
  assert.equal(long!.dedupKey, sha256Hex('x'.repeat(513)), 'keyed as the create keyed it');
  assert.deepEqual(errors(parseOpsgenieAction('close', 'k\udc00', 'alias', {})), [
    'identifier contains a lone surrogate (invalid Unicode)',
  ]);
  assert.deepEqual(errors(parseOpsgenieAction('close', 'k', 'alias', { user: 1, note: [] })), [
    'user must be a string',
    'note must be a string',
  ]);
  assert.deepEqual(errors(parseOpsgenieAction('close', 'k', 'alias', [])), ['body must be an object']);
});

test("answers in Opsgenie's own response bodies", () => {
  assert.deepEqual(opsgenieAccepted('43a29c5c-3dbf-4fa4-9c26-f4f71023e120', 0.302), {
    result: 'Request will be processed',
    took: 0.302,
    requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120',
  });
  assert.deepEqual(opsgenieError(['message is required', 'priority must be one of P1, P2'], 'r1'), {
    message: 'message is required; priority must be one of P1, P2',
    took: 0,
    requestId: 'r1',
  });
  assert.deepEqual(opsgenieError('Alert does not exist', 'r2', 0.01), {
    message: 'Alert does not exist',
    took: 0.01,
    requestId: 'r2',
  });
});

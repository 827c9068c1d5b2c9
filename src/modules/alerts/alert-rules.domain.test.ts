import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, emptySnapshot, WindowActivity, type AlertRulesSnapshot } from './alert-rules.domain.js';
import { defaultFlapping, isFlapping } from './flapping.domain.js';
import { compileRule, type RoutableAlert } from './routing.domain.js';
import {
  compileSilence,
  matcherIssue,
  matchingSilence,
  silenceLabels,
  silenceName,
  silenceState,
  type SilenceMatcher,
} from './silences.domain.js';
import { serviceSettings } from '../services/index.js';

const labels = { alertname: 'DiskFull', instance: 'db-1:9100', env: 'prod' };
const silence = (
  matchers: SilenceMatcher[],
  more: Partial<{ startsAt: number; endsAt: number; serviceId: string | null }> = {},
) => compileSilence({ id: 's', matchers, startsAt: 0, endsAt: 100, serviceId: null, comment: '', ...more });

describe('silence matchers', () => {
  const cases: [string, SilenceMatcher[], boolean][] = [
    ['=', [{ label: 'env', op: '=', value: 'prod' }], true],
    ['= is exact', [{ label: 'env', op: '=', value: 'pro' }], false],
    ['!=', [{ label: 'env', op: '!=', value: 'dev' }], true],
    ['=~ anchored', [{ label: 'instance', op: '=~', value: 'db-\\d+:9100' }], true],
    ['=~ does not match a substring', [{ label: 'instance', op: '=~', value: 'db-\\d+' }], false],
    ['!~', [{ label: 'alertname', op: '!~', value: 'Disk.*' }], false],
    ['missing label is ""', [{ label: 'cluster', op: '=', value: '' }], true],
    ['missing label and !=', [{ label: 'cluster', op: '!=', value: 'eu' }], true],
    ['missing label and =~ .+', [{ label: 'cluster', op: '=~', value: '.+' }], false],
    [
      'every matcher must match',
      [
        { label: 'env', op: '=', value: 'prod' },
        { label: 'alertname', op: '=', value: 'CPU' },
      ],
      false,
    ],
  ];
  for (const [name, matchers, expected] of cases) {
    test(name, () => assert.equal(silence(matchers).matches(labels), expected));
  }

  test('no matchers silence nothing', () => assert.equal(silence([]).matches(labels), false));

  test('bad regexes are refused', () => {
    assert.match(matcherIssue({ label: 'a', op: '=~', value: '(' }) ?? '', /not a valid/);
    assert.match(matcherIssue({ label: 'a', op: '!~', value: '(.*)*' }) ?? '', /nested/);
    assert.equal(matcherIssue({ label: 'a', op: '=', value: '(' }), null);
  });

  test('state, time range and service scope', () => {
    assert.deepEqual(
      [-1, 0, 99, 100].map((now) => silenceState({ startsAt: 0, endsAt: 100 }, now)),
      ['pending', 'active', 'active', 'expired'],
    );
    const scoped = silence([{ label: 'env', op: '=', value: 'prod' }], { serviceId: 'svc-a' });
    assert.equal(matchingSilence([scoped], 'svc-a', labels, 50)?.id, 's');
    assert.equal(matchingSilence([scoped], 'svc-b', labels, 50), undefined);
    assert.equal(matchingSilence([scoped], 'svc-a', labels, 100), undefined);
  });

  test('pseudo-labels fill in; the alert’s own labels win', () => {
    const l = silenceLabels(
      { severity: 'page' },
      { service: 'Checkout', severity: 'critical', source: null },
    );
    assert.deepEqual(l, { service: 'Checkout', severity: 'page' });
  });

  test('names', () => {
    assert.equal(silenceName({ comment: 'DB upgrade\nticket 42', matchers: [] }), 'DB upgrade');
    assert.equal(
      silenceName({ comment: '', matchers: [{ label: 'env', op: '=~', value: 'p.*' }] }),
      'env=~"p.*"',
    );
  });
});

describe('decide: rules, then silences, then maintenance', () => {
  const settings = serviceSettings.parse({});
  const alert: RoutableAlert = {
    serviceId: 'svc-a',
    source: 'db-1',
    severity: 'warning',
    priority: null,
    summary: 'Disk full',
    labels: { env: 'prod' },
    details: {},
  };
  const base: AlertRulesSnapshot = {
    ...emptySnapshot,
    services: new Map([
      ['svc-a', { name: 'Storage', settings }],
      ['svc-b', { name: 'Checkout', settings }],
    ]),
  };

  test('global rules route; the target service’s rules run next', () => {
    const snapshot: AlertRulesSnapshot = {
      ...base,
      global: [
        compileRule({
          id: 'g',
          name: 'to checkout',
          match: 'all',
          conditions: [],
          actions: { serviceId: 'svc-b' },
          continues: false,
        }),
      ],
      byService: new Map([
        [
          'svc-a',
          [
            compileRule({
              id: 'a',
              name: 'a',
              match: 'all',
              conditions: [],
              actions: { severity: 'info' },
              continues: false,
            }),
          ],
        ],
        [
          'svc-b',
          [
            compileRule({
              id: 'b',
              name: 'b',
              match: 'all',
              conditions: [],
              actions: { severity: 'critical' },
              continues: false,
            }),
          ],
        ],
      ]),
    };
    const v = decide(snapshot, alert, 0);
    assert.equal(v.alert.serviceId, 'svc-b');
    assert.equal(v.alert.severity, 'critical');
    assert.deepEqual(
      v.routedBy.map((r) => r.ruleId),
      ['g', 'b'],
    );
    assert.equal(v.suppression, null);
  });

  test('a silence on the pseudo-label service (the final service’s name)', () => {
    const snapshot: AlertRulesSnapshot = {
      ...base,
      silences: [silence([{ label: 'service', op: '=', value: 'Storage' }])],
    };
    assert.deepEqual(decide(snapshot, alert, 10).suppression, {
      kind: 'silence',
      id: 's',
      name: 'service="Storage"',
    });
    assert.equal(decide(snapshot, alert, 100).suppression, null, 'expired');
  });

  test('a rule’s suppression is reported before a silence; maintenance last', () => {
    const window = new WindowActivity('w', 'DB upgrade', {
      startsAt: 0,
      endsAt: 1000,
      timeZone: 'UTC',
      recurrence: null,
    });
    const snapshot: AlertRulesSnapshot = {
      ...base,
      byService: new Map([
        [
          'svc-a',
          [
            compileRule({
              id: 'q',
              name: 'quiet',
              match: 'all',
              conditions: [{ field: 'severity', op: 'equals', value: 'info' }],
              actions: { suppress: true },
              continues: false,
            }),
          ],
        ],
      ]),
      silences: [silence([{ label: 'env', op: '=', value: 'prod' }], { startsAt: 0, endsAt: 50 })],
      windows: new Map([['svc-a', [window]]]),
    };
    assert.equal(decide(snapshot, { ...alert, severity: 'info' }, 10).suppression?.kind, 'rule');
    assert.equal(decide(snapshot, alert, 10).suppression?.kind, 'silence');
    assert.deepEqual(decide(snapshot, alert, 60).suppression, {
      kind: 'maintenance',
      id: 'w',
      name: 'DB upgrade',
    });
    assert.equal(decide(snapshot, alert, 1000).suppression, null);
    assert.equal(
      decide(snapshot, alert, 500).suppression?.kind,
      'maintenance',
      'the memo follows time both ways',
    );
  });
});

describe('flapping', () => {
  const now = 10 * 3_600_000;
  const min = 60_000;
  const cases: [string, number[], boolean][] = [
    ['5 re-triggers in 30 minutes is not more than 5', [1, 2, 3, 4, 5].map((m) => now - m * min), false],
    ['6 re-triggers in 30 minutes is', [1, 2, 3, 4, 5, 6].map((m) => now - m * min), true],
    ['resolutions before the window do not count', [1, 2, 3, 4, 5, 31].map((m) => now - m * min), false],
    ['exactly at the window edge counts', [1, 2, 3, 4, 5, 30].map((m) => now - m * min), true],
  ];
  for (const [name, resolved, expected] of cases) {
    test(name, () => assert.equal(isFlapping(defaultFlapping, resolved, now), expected));
  }
  test('disabled, and other limits', () => {
    const six = [1, 2, 3, 4, 5, 6].map((m) => now - m * min);
    assert.equal(isFlapping({ ...defaultFlapping, enabled: false }, six, now), false);
    assert.equal(
      isFlapping({ enabled: true, maxTransitions: 1, windowMinutes: 2 }, six.slice(0, 2), now),
      true,
    );
    assert.equal(
      isFlapping({ enabled: true, maxTransitions: 1, windowMinutes: 1 }, six.slice(0, 2), now),
      false,
    );
  });
});

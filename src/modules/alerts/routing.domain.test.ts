import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePattern, testPattern } from './regex.domain.js';
import {
  compileRule,
  conditionIssue,
  detailAt,
  evaluateRules,
  type RoutableAlert,
  type RuleCondition,
  type RoutingRule,
} from './routing.domain.js';

const alert: RoutableAlert = {
  serviceId: 'svc-a',
  source: 'db-1.prod',
  severity: 'warning',
  priority: null,
  summary: 'Disk full on db-1',
  labels: { env: 'prod', team: 'storage' },
  details: { host: { name: 'db-1', cores: 8 }, tags: ['a'], empty: null },
};

const rule = (
  id: string,
  conditions: RuleCondition[],
  actions: RoutingRule['actions'],
  more: Partial<RoutingRule> = {},
) => compileRule({ id, name: `rule ${id}`, match: 'all', conditions, actions, continues: false, ...more });
const start = { alert, routedBy: [], suppressedBy: null };
const anywhere = () => true;

describe('routing rules: conditions', () => {
  const cases: [string, RuleCondition, boolean][] = [
    ['source equals', { field: 'source', op: 'equals', value: 'db-1.prod' }, true],
    ['source equals is case-sensitive', { field: 'source', op: 'equals', value: 'DB-1.prod' }, false],
    ['severity not_equals', { field: 'severity', op: 'not_equals', value: 'critical' }, true],
    ['summary contains', { field: 'summary', op: 'contains', value: 'Disk full' }, true],
    ['summary not_contains', { field: 'summary', op: 'not_contains', value: 'Disk' }, false],
    ['summary matches, unanchored', { field: 'summary', op: 'matches', value: 'db-\\d' }, true],
    ['matches with (?i)', { field: 'summary', op: 'matches', value: '(?i)DISK' }, true],
    ['not_matches', { field: 'summary', op: 'not_matches', value: '^Memory' }, true],
    ['label equals', { field: 'label', key: 'env', op: 'equals', value: 'prod' }, true],
    ['missing label reads as ""', { field: 'label', key: 'nope', op: 'equals', value: '' }, true],
    ['missing label: not_equals holds', { field: 'label', key: 'nope', op: 'not_equals', value: 'x' }, true],
    ['label exists', { field: 'label', key: 'team', op: 'exists' }, true],
    ['label not_exists', { field: 'label', key: 'team', op: 'not_exists' }, false],
    ['detail by dotted path', { field: 'detail', key: 'host.name', op: 'equals', value: 'db-1' }, true],
    ['detail number as text', { field: 'detail', key: 'host.cores', op: 'equals', value: '8' }, true],
    ['detail object as JSON', { field: 'detail', key: 'tags', op: 'equals', value: '["a"]' }, true],
    ['detail null does not exist', { field: 'detail', key: 'empty', op: 'exists' }, false],
    ['detail path through a leaf', { field: 'detail', key: 'host.name.x', op: 'not_exists' }, true],
    ['source exists', { field: 'source', op: 'exists' }, true],
  ];
  for (const [name, c, expected] of cases) {
    test(name, () => {
      assert.equal(conditionIssue(c), null);
      assert.equal(rule('r', [c], {}).test(alert), expected);
    });
  }

  test('all vs any, and no conditions', () => {
    const yes: RuleCondition = { field: 'label', key: 'env', op: 'equals', value: 'prod' };
    const no: RuleCondition = { field: 'label', key: 'env', op: 'equals', value: 'dev' };
    assert.equal(rule('r', [yes, no], {}).test(alert), false);
    assert.equal(rule('r', [yes, no], {}, { match: 'any' }).test(alert), true);
    assert.equal(rule('r', [], {}).test(alert), true);
  });

  test('invalid conditions say which field is wrong', () => {
    const issues: [RuleCondition, string][] = [
      [{ field: 'label', op: 'exists' }, 'key'],
      [{ field: 'source', key: 'x', op: 'exists' }, 'key'],
      [{ field: 'source', op: 'equals' }, 'value'],
      [{ field: 'source', op: 'exists', value: 'x' }, 'value'],
      [{ field: 'summary', op: 'matches', value: '(' }, 'value'],
      [{ field: 'summary', op: 'matches', value: '(a+)+$' }, 'value'],
    ];
    for (const [c, path] of issues) assert.equal(conditionIssue(c)?.path, path, JSON.stringify(c));
  });

  test('detailAt', () => {
    assert.equal(detailAt({ a: { b: true } }, 'a.b'), 'true');
    assert.equal(detailAt({ a: 1 }, 'b'), undefined);
    assert.equal(detailAt({ 'a.b': 1 }, 'a.b'), undefined);
  });
});

describe('routing rules: evaluation', () => {
  test('first match applies and stops', () => {
    const rules = [
      rule('1', [{ field: 'label', key: 'env', op: 'equals', value: 'prod' }], { severity: 'critical' }),
      rule('2', [], { priority: 'P1' }),
    ];
    const out = evaluateRules(rules, start, anywhere);
    assert.equal(out.alert.severity, 'critical');
    assert.equal(out.alert.priority, null);
    assert.deepEqual(out.routedBy, [{ ruleId: '1', name: 'rule 1' }]);
  });

  test('continue goes on; later rules see earlier changes; labels merge', () => {
    const rules = [
      rule('1', [], { labels: { tier: 'gold', env: 'production' } }, { continues: true }),
      rule('2', [{ field: 'label', key: 'tier', op: 'equals', value: 'gold' }], {
        priority: 'P2',
        serviceId: 'svc-b',
      }),
      rule('3', [], { severity: 'info' }),
    ];
    const out = evaluateRules(rules, start, anywhere);
    assert.deepEqual(out.alert.labels, { env: 'production', team: 'storage', tier: 'gold' });
    assert.equal(out.alert.priority, 'P2');
    assert.equal(out.alert.serviceId, 'svc-b');
    assert.equal(out.alert.severity, 'warning', 'rule 3 never ran: rule 2 stopped');
    assert.deepEqual(
      out.routedBy.map((r) => r.ruleId),
      ['1', '2'],
    );
  });

  test('a service action applies only where allowed', () => {
    const out = evaluateRules([rule('1', [], { serviceId: 'gone' })], start, () => false);
    assert.equal(out.alert.serviceId, 'svc-a');
    assert.deepEqual(out.routedBy, []);
  });

  test('suppress, and a later rule lifting it', () => {
    const suppress = rule('1', [], { suppress: true }, { continues: true });
    assert.deepEqual(evaluateRules([suppress], start, anywhere).suppressedBy, { id: '1', name: 'rule 1' });
    const lift = rule('2', [{ field: 'severity', op: 'equals', value: 'warning' }], { suppress: false });
    const out = evaluateRules([suppress, lift], start, anywhere);
    assert.equal(out.suppressedBy, null);
    assert.deepEqual(
      out.routedBy.map((r) => r.ruleId),
      ['1', '2'],
    );
  });

  test('a disabled-looking rule that changes nothing is not listed', () => {
    const out = evaluateRules([rule('1', [], { severity: 'warning' })], start, anywhere);
    assert.deepEqual(out.routedBy, []);
  });
});

describe('regular expressions', () => {
  const refused = [
    '(a+)+',
    '(\\w*)*b',
    '((ab)*)+',
    '(a{1,})*',
    '(x+){2,}',
    '(a)\\1',
    '(?=a)b',
    'x'.repeat(257),
    '[',
  ];
  for (const p of refused)
    test(`refuses ${p.slice(0, 20)}`, () => assert.equal(compilePattern(p, false).ok, false));
  const accepted = [
    'a+b*',
    '(ab)+',
    '(a|b)+',
    '[(+)]+',
    '\\(a+\\)+',
    '(a+){2}',
    '(?:db|web)-\\d+',
    '(?i)error',
  ];
  for (const p of accepted) test(`accepts ${p}`, () => assert.equal(compilePattern(p, false).ok, true));

  test('anchored for silences, unanchored for rules', () => {
    const anchored = compilePattern('db-\\d', true);
    const loose = compilePattern('db-\\d', false);
    assert.ok(anchored.ok && loose.ok);
    assert.equal(testPattern(anchored.regex, 'db-1'), true);
    assert.equal(testPattern(anchored.regex, 'my-db-1'), false);
    assert.equal(testPattern(loose.regex, 'my-db-1'), true);
  });

  test('alternation is anchored as a whole', () => {
    const r = compilePattern('a|b', true);
    assert.ok(r.ok);
    assert.equal(testPattern(r.regex, 'ab'), false);
    assert.equal(testPattern(r.regex, 'b'), true);
  });

  test('only the first 4 KiB of a value is searched', () => {
    const r = compilePattern('needle', false);
    assert.ok(r.ok);
    assert.equal(testPattern(r.regex, `${'x'.repeat(5000)}needle`), false);
    assert.equal(testPattern(r.regex, `${'x'.repeat(4000)}needle`), true);
  });
});

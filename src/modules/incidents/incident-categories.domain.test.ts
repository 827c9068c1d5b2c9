import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  categoryIdMaxLength,
  categoryIdPattern,
  freeSlug,
  isReservedCategoryId,
  sameLabel,
  slugFromLabel,
} from './incident-categories.domain.js';

test('a label gives a slug id', () => {
  const cases: [string, string][] = [
    ['Data integration', 'data_integration'],
    ['  Software bug ', 'software_bug'],
    ['Réseau / DNS', 'reseau_dns'],
    ['3rd-party API', '3rd_party_api'],
    ['__Ops__', 'ops'],
    ['日本語', 'category'],
    ['!!!', 'category'],
  ];
  for (const [label, id] of cases) {
    assert.equal(slugFromLabel(label), id, label);
    assert.match(id, categoryIdPattern);
  }
  const long = slugFromLabel(`${'a'.repeat(63)} b c`);
  assert.equal(long, 'a'.repeat(63));
  assert.ok(slugFromLabel(`${'ab '.repeat(40)}`).length <= categoryIdMaxLength);
  assert.match(
    slugFromLabel(`${'ab '.repeat(40)}`),
    categoryIdPattern,
    'no trailing underscore after the cut',
  );
});

test('a taken or reserved slug gets the next free suffix, still within 64 characters', () => {
  assert.equal(freeSlug('performance', new Set()), 'performance');
  assert.equal(freeSlug('performance', new Set(['performance'])), 'performance_2');
  assert.equal(freeSlug('performance', new Set(['performance', 'performance_2'])), 'performance_3');
  assert.equal(freeSlug('reorder', new Set()), 'reorder_2');
  assert.ok(isReservedCategoryId('reorder'));
  assert.ok(!isReservedCategoryId('other'));
  const max = 'a'.repeat(categoryIdMaxLength);
  const next = freeSlug(max, new Set([max]));
  assert.equal(next, `${'a'.repeat(categoryIdMaxLength - 2)}_2`);
  assert.equal(next.length, categoryIdMaxLength);
  const underscored = `${'a'.repeat(61)}_bc`;
  assert.equal(freeSlug(underscored, new Set([underscored])), `${'a'.repeat(61)}_2`);
});

test('labels compare trimmed, ignoring case and accents', () => {
  assert.ok(sameLabel('Security', ' security '));
  assert.ok(sameLabel('Réseau', 'reseau'));
  assert.ok(!sameLabel('Security', 'Securities'));
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { first, searchOffline, terms } from '../../webapp/static/js/search-offline.js';

// The server writes its index and the cases its own search answers without correcting a typo
// (tests/test_js.py): offline, the browser must put the same thing first.
const { index, cases } = JSON.parse(readFileSync(process.env.BACKPOINT_SEARCH_TABLE, 'utf8'));

test('terms fold case and accents and join codes as the server does', () => {
  assert.deepEqual(terms('Bladder-23, LI 4 Hégu'), ['bladder23', 'li4', 'hegu']);
  assert.deepEqual(terms('  ✨ '), []);
});

for (const { query, expected } of cases) {
  test(`offline search for “${query}” puts ${expected} first`, () => {
    assert.equal(first(searchOffline(index, query)), expected);
  });
}

test('pregnancy brings the guidance and only routines without points avoided in pregnancy', () => {
  const result = searchOffline(index, 'pregnant');
  assert.deepEqual(result.guidance, ['pregnancy']);
  assert.ok(result.routines.length);
  assert.ok(result.routines.every((routine) => routine.pregnancy_safe));
});

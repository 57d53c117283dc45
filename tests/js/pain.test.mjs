import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { describeChange, painChange } from '../../webapp/static/js/pain.js';

// The rule as the browser gets it (the server's page data), and the case table Python runs too.
const rule = JSON.parse(process.env.BACKPOINT_MEANINGFUL_RULE);
const { cases } = JSON.parse(readFileSync(new URL('../meaningful_cases.json', import.meta.url)));

for (const [before, after, meaningful] of cases) {
  test(`${before} -> ${after} is ${meaningful ? '' : 'not '}meaningful`, () => {
    assert.equal(painChange(before, after, rule).meaningful, meaningful);
  });
}

test('every pair of scores is judged as the server judges it', () => {
  for (const [before, after, meaningful] of JSON.parse(process.env.BACKPOINT_MEANINGFUL_TABLE)) {
    assert.equal(painChange(before, after, rule).meaningful, meaningful, `${before} -> ${after}`);
  }
});

test('the summary says the size and that it is provisional', () => {
  assert.equal(describeChange(6, 3, rule), 'Down 3 points (50%): a meaningful drop, for now.');
  assert.equal(describeChange(10, 9, rule), 'Down 1 point (10%): a small change.');
  assert.equal(describeChange(4, 6, rule), 'Up 2 points right after the session.');
  assert.equal(describeChange(4, 4, rule), 'No change right after the session.');
  assert.equal(describeChange(4, null, rule), 'Pain before: 4. No rating after.');
});

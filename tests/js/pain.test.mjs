import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describeChange, painChange } from '../../webapp/static/js/pain.js';

// Hand-computed against the rule: meaningful = drop >= 2 AND drop >= 30% of the start.
const cases = [
  [6, 3, true], [6, 4, true], [10, 8, false], [10, 7, true], [2, 0, true], [3, 2, false],
  [7, 5, false], [5, 5, false], [4, 6, false], [0, 0, false],
];

for (const [before, after, meaningful] of cases) {
  test(`${before} -> ${after} is ${meaningful ? '' : 'not '}meaningful`, () => {
    assert.equal(painChange(before, after).meaningful, meaningful);
  });
}

test('the summary says the size and that it is provisional', () => {
  assert.equal(describeChange(6, 3), 'Down 3 points (50%): a meaningful drop, for now.');
  assert.equal(describeChange(10, 9), 'Down 1 point (10%): a small change.');
  assert.equal(describeChange(4, 6), 'Up 2 points right after the session.');
  assert.equal(describeChange(4, 4), 'No change right after the session.');
  assert.equal(describeChange(4, null), 'Pain before: 4. No rating after.');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MAX_SERVER_ERRORS, afterFailure, retryAfterMs } from '../../webapp/static/js/outbox.js';

const entry = { id: 'a', session: {}, attempts: 0, nextAt: 0, state: 'pending', reason: '' };

test('server errors are retried a bounded number of times, then the entry is refused', () => {
  let current = entry;
  for (let i = 1; i < MAX_SERVER_ERRORS; i += 1) {
    current = afterFailure(current, { status: 500 }, 0);
    assert.equal(current.state, 'pending');
  }
  current = afterFailure(current, { status: 500 }, 0);
  assert.equal(current.state, 'rejected');
  assert.equal(current.retryable, true);
  assert.match(current.reason, /failed 8 times \(last answer 500\)/);
});

test('a network that is down is retried for ever', () => {
  let current = entry;
  for (let i = 0; i < 3 * MAX_SERVER_ERRORS; i += 1) current = afterFailure(current, { status: 0 }, 0);
  assert.equal(current.state, 'pending');
});

test('Retry-After in seconds or as a date is honoured, within an hour', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:10:00 GMT', now), 600_000);
  assert.equal(retryAfterMs('999999', now), 3_600_000);
  assert.equal(retryAfterMs('soon', now), null);
  assert.equal(retryAfterMs(null, now), null);
  assert.equal(afterFailure(entry, { status: 503, retryAfter: '120' }, now).nextAt, now + 120_000);
  assert.equal(afterFailure(entry, { status: 503, retryAfter: '1' }, now).nextAt, now + 4000);
});

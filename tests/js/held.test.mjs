import assert from 'node:assert/strict';
import { test } from 'node:test';

import { advance, jump, newRecord, outcomeOf, summarise } from '../../webapp/static/js/held.js';
import { buildTimeline, skipTarget } from '../../webapp/static/js/timeline.js';

const steps = [
  { point: 'BL23', side: 'both', seconds: 60 },
  { point: 'BL40', side: 'left', seconds: 45 },
  { point: 'BL40', side: 'right', seconds: 45 },
];
const timeline = buildTimeline(steps, 3);

test('a run through to the end holds every step and is completed', () => {
  const summary = summarise(advance(newRecord(timeline), timeline, timeline.total), timeline);
  assert.deepEqual(summary, { held_seconds: 150, steps_completed: 3, steps_skipped: 0, steps_not_reached: 0 });
  assert.equal(outcomeOf('end', summary), 'completed');
});

test('ticks that straddle the end of a hold still count the hold in full', () => {
  let record = newRecord(timeline);
  for (const at of [1000, 40_000, 64_500]) record = advance(record, timeline, at);
  assert.equal(record.held[0], 60_000);
  assert.equal(record.begun, 1);
});

test('a run left 8 s in has held 5 s of the first step and begun only that step', () => {
  const summary = summarise(advance(newRecord(timeline), timeline, 8000), timeline);
  assert.deepEqual(summary, { held_seconds: 5, steps_completed: 0, steps_skipped: 1, steps_not_reached: 2 });
  assert.equal(outcomeOf('away', summary), 'abandoned');
});

test('skipping every step holds nothing and is not completed', () => {
  let record = newRecord(timeline);
  let at = 0;
  while (at < timeline.total) {
    at = skipTarget(timeline, at);
    record = jump(record, timeline, at);
  }
  const summary = summarise(record, timeline);
  assert.deepEqual(summary, { held_seconds: 0, steps_completed: 0, steps_skipped: 3, steps_not_reached: 0 });
  assert.equal(outcomeOf('end', summary), 'partial');
});

test('stopped after the first hold: one done, the second begun, the third not reached', () => {
  const summary = summarise(advance(newRecord(timeline), timeline, 70_000), timeline);
  assert.deepEqual(summary, { held_seconds: 64, steps_completed: 1, steps_skipped: 1, steps_not_reached: 1 });
  assert.equal(outcomeOf('stop', summary), 'stopped_early');
});

test('going back and holding again never counts a hold twice', () => {
  let record = advance(newRecord(timeline), timeline, 30_000);
  record = jump(record, timeline, 0);
  record = advance(record, timeline, 63_000);
  assert.equal(record.held[0], 60_000);
  assert.equal(summarise(record, timeline).held_seconds, 60);
});

test('a run left 8 s in and opened 2 hours later is closed when it was left', async () => {
  const { AWAY_MS, closeAbandonedRun } = await import('../../webapp/static/js/held.js');
  const left = Date.parse('2026-11-20T07:00:08Z');
  const run = {
    status: 'playing',
    steps,
    getReadySeconds: 3,
    clock: { base: 0, since: left - 8000 },
    activeAt: left,
  };
  assert.equal(closeAbandonedRun(run, left + AWAY_MS), run);
  const closed = closeAbandonedRun(run, left + 2 * 3600 * 1000);
  assert.equal(closed.status, 'ended');
  assert.equal(closed.outcome, 'abandoned');
  assert.equal(new Date(closed.endedAt).getTime(), left);
  assert.deepEqual(closed.held, { held_seconds: 5, steps_completed: 0, steps_skipped: 1, steps_not_reached: 2 });
  assert.equal(closeAbandonedRun(run, left + 1000, { force: true }).outcome, 'abandoned');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  backTarget, buildTimeline, clock, formatClock, isSideSwitch, locate, secondsLeft, skipTarget,
  stepStart,
} from '../../webapp/static/js/timeline.js';

const steps = [
  { point: 'BL23', side: 'both', seconds: 60 },
  { point: 'BL40', side: 'left', seconds: 45 },
  { point: 'BL40', side: 'right', seconds: 45 },
];
const timeline = buildTimeline(steps, 3);

test('segments alternate get-ready and hold, back to back', () => {
  assert.deepEqual(
    timeline.segments.map((s) => [s.kind, s.step, s.start, s.end]),
    [
      ['ready', 0, 0, 3000], ['hold', 0, 3000, 63000],
      ['ready', 1, 63000, 66000], ['hold', 1, 66000, 111000],
      ['ready', 2, 111000, 114000], ['hold', 2, 114000, 159000],
    ],
  );
  assert.equal(timeline.total, 159000);
});

test('locate finds the segment and what is left', () => {
  assert.deepEqual(
    (({ index, remaining, totalRemaining }) => ({ index, remaining, totalRemaining }))(locate(timeline, 70000)),
    { index: 3, remaining: 41000, totalRemaining: 89000 },
  );
  assert.equal(locate(timeline, 0).segment.kind, 'ready');
  assert.equal(locate(timeline, 2999).segment.kind, 'ready');
  assert.equal(locate(timeline, 3000).segment.kind, 'hold');
  assert.equal(locate(timeline, -5).index, 0);
  assert.equal(locate(timeline, 159000).done, true);
});

test('the clock is timestamps: pause freezes it, resume carries on, seek jumps', () => {
  let state = clock.start(1000);
  assert.equal(clock.elapsed(state, 6000), 5000);
  state = clock.pause(state, 6000);
  assert.equal(clock.elapsed(state, 60000), 5000);
  assert.equal(clock.running(state), false);
  state = clock.resume(state, 60000);
  assert.equal(clock.elapsed(state, 61000), 6000);
  state = clock.seek(state, 63000, 61000);
  assert.equal(clock.elapsed(state, 62500), 64500);
  assert.deepEqual(clock.seek(clock.pause(state, 0), 10, 5), { base: 10, since: null });
});

test('skip goes to the next step, back to this step or the one before', () => {
  assert.equal(skipTarget(timeline, 10000), stepStart(timeline, 1));
  assert.equal(skipTarget(timeline, 120000), timeline.total);
  assert.equal(backTarget(timeline, 80000), 63000, 'well into step 2: its start');
  assert.equal(backTarget(timeline, 67000), 0, 'just started step 2: step 1');
  assert.equal(backTarget(timeline, 1000), 0, 'first step stays first');
});

test('a switch of side is the same point on another side', () => {
  assert.deepEqual([0, 1, 2].map((i) => isSideSwitch(steps, i)), [false, false, true]);
});

test('time shows whole seconds rounded up', () => {
  assert.equal(secondsLeft(200), 1);
  assert.equal(secondsLeft(0), 0);
  assert.equal(formatClock(61000), '1:01');
  assert.equal(formatClock(59001), '1:00');
  assert.equal(formatClock(4500), '0:05');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { advance, newRecord, summarise } from '../../webapp/static/js/held.js';
import { basePlan, extendStep, planSteps, repeatStep } from '../../webapp/static/js/plan.js';
import { buildTimeline, locate } from '../../webapp/static/js/timeline.js';

const steps = [
  { point: 'BL23', side: 'both', seconds: 60 },
  { point: 'BL40', side: 'left', seconds: 45 },
];

test('the base plan runs the routine as it is', () => {
  assert.deepEqual(planSteps(steps, basePlan(steps)), steps);
});

test('+30 s lengthens only the current hold and keeps the clock where it is', () => {
  const plan = extendStep(basePlan(steps), 0, 30);
  const timeline = buildTimeline(planSteps(steps, plan), 3);
  assert.equal(timeline.total, (3 + 90 + 3 + 45) * 1000);
  const at = 50_000;
  const position = locate(timeline, at);
  assert.equal(position.segment.step, 0);
  assert.equal(position.remaining, 93_000 - at);
});

test('a held hold made longer counts as done only once the longer hold is held', () => {
  const plan = extendStep(basePlan(steps), 0, 30);
  const timeline = buildTimeline(planSteps(steps, plan), 3);
  const record = advance(newRecord(timeline), timeline, 63_000);
  assert.equal(summarise(record, timeline).steps_completed, 0);
  assert.equal(summarise(advance(record, timeline, 93_000), timeline).steps_completed, 1);
});

test('repeat this point holds it again right after, and what was held keeps its place', () => {
  let timeline = buildTimeline(steps, 3);
  let record = advance(newRecord(timeline), timeline, 40_000);
  const repeated = repeatStep(basePlan(steps), record, steps, 0);
  const running = planSteps(steps, repeated.plan);
  assert.deepEqual(running.map((s) => s.point), ['BL23', 'BL23', 'BL40']);
  assert.deepEqual(repeated.record.held, [37_000, 0, 0]);
  timeline = buildTimeline(running, 3);
  record = advance(repeated.record, timeline, timeline.total);
  assert.deepEqual(summarise(record, timeline), {
    held_seconds: 60 + 60 + 45, steps_completed: 3, steps_skipped: 0, steps_not_reached: 0,
  });
});

test('a repeat of a lengthened hold is as long as the routine says', () => {
  const longer = extendStep(basePlan(steps), 0, 30);
  const { plan } = repeatStep(longer, { held: [0, 0], at: 0, begun: 0 }, steps, 0);
  assert.deepEqual(plan.map((p) => p.seconds), [90, 60, 45]);
});

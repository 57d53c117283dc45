// The routine as a timeline of segments (get ready, hold) and a clock made of timestamps.
// Position is always computed from timestamps, never by counting ticks, so pausing, hiding
// the page or reloading it cannot make the timer drift.

export function buildTimeline(steps, getReadySeconds) {
  const segments = [];
  let t = 0;
  steps.forEach((step, index) => {
    segments.push({ kind: 'ready', step: index, start: t, end: (t += getReadySeconds * 1000) });
    segments.push({ kind: 'hold', step: index, start: t, end: (t += step.seconds * 1000) });
  });
  return { steps, segments, total: t };
}

// Where the routine is after `elapsed` ms: the segment, its index, and what is left.
export function locate(timeline, elapsed) {
  const at = Math.max(0, elapsed);
  if (at >= timeline.total) {
    return { done: true, index: timeline.segments.length, segment: null, remaining: 0, totalRemaining: 0 };
  }
  const index = timeline.segments.findIndex((segment) => at < segment.end);
  const segment = timeline.segments[index];
  return {
    done: false,
    index,
    segment,
    remaining: segment.end - at,
    totalRemaining: timeline.total - at,
  };
}

export function stepStart(timeline, stepIndex) {
  if (stepIndex >= timeline.steps.length) return timeline.total;
  return timeline.segments[Math.max(0, stepIndex) * 2].start;
}

// Skip: to the start of the next step (or the end).
export function skipTarget(timeline, elapsed) {
  const { done, segment } = locate(timeline, elapsed);
  return done ? timeline.total : stepStart(timeline, segment.step + 1);
}

// Back: to the start of this step, or to the previous step when this one has barely begun.
export const BACK_GRACE_MS = 3000;
export function backTarget(timeline, elapsed) {
  const { done, segment } = locate(timeline, elapsed);
  const step = done ? timeline.steps.length - 1 : segment.step;
  const start = stepStart(timeline, step);
  const holdStart = start + (timeline.segments[step * 2].end - start);
  return elapsed - holdStart > BACK_GRACE_MS ? start : stepStart(timeline, Math.max(0, step - 1));
}

// The clock: { base: ms already elapsed, since: wall time it last started running, or null }.
export const clock = {
  start: (now) => ({ base: 0, since: now }),
  elapsed: (state, now) => state.base + (state.since === null ? 0 : now - state.since),
  running: (state) => state.since !== null,
  pause: (state, now) => ({ base: clock.elapsed(state, now), since: null }),
  resume: (state, now) => ({ base: state.base, since: state.since ?? now }),
  seek: (state, to, now) => ({ base: to, since: state.since === null ? null : now }),
};

// True when step `index` presses the same point as the step before, on another side.
export function isSideSwitch(steps, index) {
  const step = steps[index];
  const before = steps[index - 1];
  return Boolean(before && step && before.point === step.point && before.side !== step.side);
}

// Whole seconds left, rounded up: 0.2 s left still shows 1.
export const secondsLeft = (ms) => Math.ceil(Math.max(0, ms) / 1000);

export function formatClock(ms) {
  const seconds = secondsLeft(ms);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

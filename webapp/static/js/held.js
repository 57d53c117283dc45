import { isoWithOffset } from './time.js';
import { buildTimeline, clock } from './timeline.js';

// What a run really did: how far into each hold the clock got, and which steps were begun.
// Pure functions over plain data (kept in the saved run), so a reload or a run closed later
// tells the same story. Node's test runner covers them (tests/js/held.test.mjs).

// A step's hold counts as done when at most this much of it was left (clocks round).
export const DONE_SLACK_MS = 500;

export const newRecord = (timeline) => ({ at: 0, held: timeline.steps.map(() => 0), begun: -1 });

// The clock ran without a jump from record.at to `elapsed`: note every hold it passed through.
export function advance(record, timeline, elapsed) {
  const from = record.at;
  const to = Math.min(Math.max(elapsed, from), timeline.total);
  const held = [...record.held];
  let { begun } = record;
  for (const segment of timeline.segments) {
    if (segment.start > to) break;
    begun = Math.max(begun, segment.step);
    if (segment.kind === 'hold' && segment.end > from && to > segment.start) {
      held[segment.step] = Math.max(held[segment.step], Math.min(to, segment.end) - segment.start);
    }
  }
  return { at: to, held, begun };
}

// The clock jumped (skip, back): nothing is held on the way; the step landed on is begun.
export function jump(record, timeline, to) {
  const at = Math.min(Math.max(0, to), timeline.total);
  const landed = timeline.segments.find((segment) => at < segment.end);
  return { ...record, at, begun: landed ? Math.max(record.begun, landed.step) : record.begun };
}

// held_seconds and the step counts, as the server stores them.
export function summarise(record, timeline) {
  const done = timeline.steps.map((step, i) => record.held[i] >= step.seconds * 1000 - DONE_SLACK_MS);
  const completed = done.filter(Boolean).length;
  const begun = record.begun + 1;
  return {
    held_seconds: Math.round(record.held.reduce((sum, ms) => sum + ms, 0) / 1000),
    steps_completed: completed,
    steps_skipped: done.slice(0, begun).filter((ok) => !ok).length,
    steps_not_reached: timeline.steps.length - Math.max(begun, completed),
  };
}

// The outcome follows from how the run ended ('end', 'stop', 'away') and what was held:
// "completed" only when every hold was done.
export function outcomeOf(ending, summary) {
  if (summary.steps_skipped === 0 && summary.steps_not_reached === 0) return 'completed';
  if (ending === 'end') return 'partial';
  return ending === 'stop' ? 'stopped_early' : 'abandoned';
}

// Close a run that stopped being followed at `at` (ms since the epoch): the clock is read at
// that moment, not later, so time away is neither held nor counted.
export function closeRun(run, timeline, clockElapsed, at, ending = 'away') {
  const record = advance(run.record ?? newRecord(timeline), timeline, clockElapsed);
  const summary = summarise(record, timeline);
  return { ...run, record, status: 'ended', outcome: outcomeOf(ending, summary), held: summary, endedAtMs: at };
}

// Back within this long (a reload, a glance at another app), a run carries on; gone longer, it
// is closed at the last moment it was followed.
export const AWAY_MS = 2 * 60 * 1000;

// The last moment a saved run was followed on screen (runs of the first version kept only
// updatedAt).
export const lastActive = (run) => run.activeAt ?? run.updatedAt;

// A playing run nobody followed for AWAY_MS (or, with force, any playing run): ended at its
// last active moment, with what was held by then. `routine` supplies the steps when the run
// does not carry them (runs saved by the first version). Other runs are returned as they are.
export function closeAbandonedRun(run, now, { force = false, routine = null } = {}) {
  if (run.status !== 'playing' || (!force && now - lastActive(run) <= AWAY_MS)) return run;
  const steps = run.steps ?? routine?.steps;
  if (!steps) return run;
  const timeline = buildTimeline(steps, run.getReadySeconds ?? routine.get_ready_seconds);
  const at = lastActive(run);
  const closed = closeRun(run, timeline, clock.elapsed(run.clock, at), at);
  return { ...closed, endedAt: isoWithOffset(new Date(at)) };
}

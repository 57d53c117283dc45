// The session page: check-in, then the player, then check-out and a summary.
// The run is kept in localStorage, so a reload (or a phone that drops the page) carries on.
import { startCheckin } from './checkin.js';
import { setUpCheckout, showSummary } from './checkout.js';
import { audioContext } from './cues.js';
import { AWAY_MS, closeAbandonedRun, lastActive } from './held.js';
import { Player } from './player.js';
import { showScreen } from './screens.js';
import { saveSession } from './sessions.js';
import { isoWithOffset, newId } from './time.js';
import { clock } from './timeline.js';

const RUN_KEY = `backpoint:run:${document.body.dataset.owner}`;
const RUN_KEPT_MS = 12 * 60 * 60 * 1000;
const ALIVE_EVERY_MS = 5000;

const root = document.getElementById('session');
const routine = JSON.parse(document.getElementById('routine-data').textContent);
// Ready the sound on the first tap or key of the check-in, so the Start tap costs nothing.
for (const type of ['pointerdown', 'keydown']) root.addEventListener(type, audioContext, { once: true });

function readRun() {
  try {
    return JSON.parse(localStorage.getItem(RUN_KEY) ?? 'null');
  } catch {
    return null; // A damaged record is treated as no run.
  }
}

function saveRun(run) {
  localStorage.setItem(RUN_KEY, JSON.stringify({ ...run, updatedAt: Date.now() }));
}

// The session a run that can no longer be checked out (another routine's, or over RUN_KEPT_MS
// old) is filed as: its real end, no pain rating after.
function fileUnfinished(run) {
  return saveSession({
    id: run.sessionId,
    routine: run.routine,
    started_at: run.checkin.startedAt,
    ended_at: run.endedAt,
    pain_before: run.checkin.pain,
    pain_after: null,
    outcome: run.outcome,
    note: '',
    ...run.held,
  });
}

function loadRun(now = Date.now()) {
  let run = readRun();
  if (!run) return null;
  const mine = run.routine === routine.slug;
  run = closeAbandonedRun(run, now, { force: !mine, routine: mine ? routine : null });
  if (run.status === 'playing' && !mine) return null; // an older app's run of another routine
  if (mine && now - lastActive(run) < RUN_KEPT_MS) {
    saveRun(run);
    return run;
  }
  localStorage.removeItem(RUN_KEY);
  if (run.status === 'ended' && run.checkin) fileUnfinished(run).catch(() => {});
  return null;
}

// While the player is on screen (paused too), note that the run is being followed.
function keepAlive(run) {
  const mark = () => {
    if (run.status !== 'playing') return;
    run.activeAt = Date.now();
    saveRun(run);
  };
  setInterval(() => document.hidden || mark(), ALIVE_EVERY_MS);
  window.addEventListener('pagehide', mark);
}

function checkOut(run) {
  showScreen(root, 'screen-checkout');
  setUpCheckout(root, run, {
    onSaved(session, result) {
      localStorage.removeItem(RUN_KEY);
      showSummary(root, session, result);
      showScreen(root, 'screen-summary');
    },
  });
}

function play(run, fresh) {
  const player = new Player(root, routine, {
    record: run.record,
    awayMs: AWAY_MS,
    onChange(state) {
      run.clock = state;
      run.activeAt = Date.now();
      saveRun(run);
    },
    onProgress(record, activeAt) {
      Object.assign(run, { record, activeAt });
      saveRun(run);
    },
    onEnd(outcome, endedAt, held, record) {
      Object.assign(run, { status: 'ended', outcome, endedAt: isoWithOffset(endedAt), held, record });
      saveRun(run);
      checkOut(run);
    },
  });
  keepAlive(run);
  showScreen(root, 'screen-player');
  player.begin(run.clock, { fresh });
}

const run = loadRun();
if (run?.status === 'playing') {
  play(run, false);
} else if (run?.status === 'ended') {
  checkOut(run);
} else {
  startCheckin(root, (checkin) => {
    root.querySelector('#start').onclick = () => {
      const fresh = {
        routine: routine.slug,
        sessionId: newId(),
        checkin,
        status: 'playing',
        clock: clock.start(Date.now()),
        // Enough of the routine to close the run honestly from any page, even another routine's.
        steps: routine.steps.map(({ seconds }) => ({ seconds })),
        getReadySeconds: routine.get_ready_seconds,
      };
      saveRun(fresh);
      play(fresh, true);
    };
  });
}

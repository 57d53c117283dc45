// The session page: check-in, then the player, then check-out and a summary.
// The run is kept in localStorage, so a reload (or a phone that drops the page) carries on.
import { safetyRules, startCheckin } from './checkin.js';
import { setUpCheckout, showCheckoutAdvice, showSummary } from './checkout.js';
import { audioContext } from './cues.js';
import { showEmergency } from './emergency.js';
import { AWAY_MS, closeAbandonedRun, lastActive } from './held.js';
import { Player } from './player.js';
import { checkinIsFresh, checkoutAdvice } from './safety-route.js';
import { prepareScreen, showScreen } from './screens.js';
import { saveSession } from './sessions.js';
import { isoWithOffset, newId } from './time.js';
import { clock } from './timeline.js';
import { gettext } from './i18n.js';

const RUN_KEY = `backpoint:run:${document.body.dataset.owner}`;
const RUN_KEPT_MS = 12 * 60 * 60 * 1000;
const ALIVE_EVERY_MS = 5000;

const root = document.getElementById('session');
const routine = JSON.parse(document.getElementById('routine-data').textContent);
const rules = safetyRules();
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

// The freshness gate: no hold starts or carries on with a check-in older than the limit.
// A run that ran out by itself while its check-in was fresh needs no new hold: it checks out.
function fresh(run) {
  if (checkinIsFresh(rules, run.checkin.at, Date.now())) return true;
  const { base, since } = run.clock;
  const endsAt = since === null ? Infinity : since + routine.total_seconds * 1000 - base;
  return endsAt <= Date.now() && checkinIsFresh(rules, run.checkin.at, endsAt);
}

// A run whose check-in is too old is not continued: it is closed where it last made progress
// (the moment it was paused, else its last active moment) with what was held, and filed with
// no pain rating after; then a new check-in is asked.
function endExpired(run) {
  const at = run.clock.since === null && run.pausedAt ? run.pausedAt : lastActive(run);
  const closed = closeAbandonedRun({ ...run, activeAt: at }, Date.now(), { force: true, routine });
  run.status = 'ended'; // so nothing still holding this run (keepAlive) saves it again
  localStorage.removeItem(RUN_KEY);
  return fileUnfinished(closed).catch(() => {});
}

function checkInAgain(why = 'run') {
  startCheckin(root, whenReady, { expired: why });
}

// Stop a paused run from resuming, skipping or moving on once its check-in is too old.
function guard(run, player) {
  const expire = (event) => {
    if (player.ended || fresh(run)) return false;
    event?.stopImmediatePropagation();
    event?.preventDefault();
    // Halt the player without its end-of-run path: this run goes to the history, not to check-out.
    player.ended = true;
    player.awake.release();
    endExpired(run).then(() => checkInAgain());
    return true;
  };
  for (const id of ['player-pause', 'player-back', 'player-skip', 'player-stop', 'player-extend', 'player-repeat']) {
    root.querySelector(`#${id}`).addEventListener('click', expire, { capture: true });
  }
  document.addEventListener('keydown', (event) => {
    if (document.body.dataset.screen === 'screen-player') expire(event);
  }, { capture: true });
  document.addEventListener('visibilitychange', () => document.hidden || expire());
  // Each new segment is a moment the run was active: save it, then check the check-in's age.
  root.addEventListener('backpoint:segment', () => {
    saveRun(run);
    expire();
  });
}

function checkOut(run) {
  showScreen(root, 'screen-checkout');
  setUpCheckout(root, run, {
    onSaved(session, result) {
      if (result.saved) localStorage.removeItem(RUN_KEY);
      const advice = checkoutAdvice(rules, {
        before: session.pain_before, after: session.pain_after, signs: session.checkout_screening.signs,
      });
      showSummary(root, session, result);
      if (advice.advice === 'emergency') {
        root.querySelector('#screen-emergency .saved-status').textContent = result.message;
        showEmergency(root, rules, advice.reasons, gettext('You told us this started during the session. It can be a sign of a problem that needs urgent care today. Do not press any more points.'));
        return;
      }
      showCheckoutAdvice(root, session, advice, rules);
      showScreen(root, 'screen-summary');
    },
  });
}

function play(run, fresh, built = null) {
  const player = built ?? buildPlayer(run);
  performance.mark('backpoint:player-built');
  keepAlive(run);
  guard(run, player);
  showScreen(root, 'screen-player');
  performance.mark('backpoint:screen-shown');
  player.begin(run.clock, { fresh });
  performance.mark('backpoint:begun');
}

// The player of a new run, built and laid out (unseen) once the check-in has passed, so the
// Start tap only starts its clock (the first layout took most of the tap's 17 ms). Its run is
// filled in at the tap; nothing runs, plays or is stored before it.
let prepared = null;
function preparePlayer() {
  if (!prepared) {
    const run = {};
    prepared = { run, player: buildPlayer(run) };
    prepared.player.showStep(0);
  }
  prepareScreen('screen-player');
  return prepared;
}

function buildPlayer(run) {
  return new Player(root, routine, {
    record: run.record,
    plan: run.plan,
    awayMs: AWAY_MS,
    onPlan(plan, record) {
      // run.steps (holds only) lets any page close this run honestly, with the longer plan.
      Object.assign(run, { plan, record, steps: plan.map(({ seconds }) => ({ seconds })) });
      saveRun(run);
    },
    onChange(state) {
      run.clock = state;
      run.activeAt = Date.now();
      run.pausedAt = state.since === null ? (run.pausedAt ?? run.activeAt) : null;
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
}

function whenReady(checkin) {
  const { run, player } = preparePlayer();
  const start = root.querySelector('#start');
  start.onclick = () => {
    // Marks for bench/timer_drift.py: where the Start tap's time goes before the first get-ready.
    performance.mark('backpoint:start');
    if (!checkinIsFresh(rules, checkin.at, Date.now())) {
      checkInAgain('checkin');
      return;
    }
    start.onclick = null; // a second, queued tap must not start this run again
    Object.assign(run, {
      routine: routine.slug,
      sessionId: newId(),
      checkin,
      status: 'playing',
      clock: clock.start(Date.now()),
      // Enough of the routine to close the run honestly from any page, even another routine's.
      steps: routine.steps.map(({ seconds }) => ({ seconds })),
      getReadySeconds: routine.get_ready_seconds,
    });
    saveRun(run);
    performance.mark('backpoint:run-saved');
    prepared = null; // this run's now: a later check-in prepares its own
    play(run, true, player);
  };
}

// A run left for longer than AWAY_MS was closed by loadRun and checks out, saying what was done;
// a run still open whose check-in is too old is ended and a new check-in asked.
const run = loadRun();
if (run?.status === 'playing' && !fresh(run)) {
  endExpired(run).then(() => checkInAgain());
} else if (run?.status === 'playing') {
  play(run, false);
} else if (run?.status === 'ended') {
  checkOut(run);
} else {
  startCheckin(root, whenReady);
}

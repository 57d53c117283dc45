// The session page: check-in, then the player, then check-out and a summary.
// The run is kept in localStorage, so a reload (or a phone that drops the page) carries on.
import { safetyRules, startCheckin } from './checkin.js';
import { setUpCheckout, showCheckoutAdvice, showSummary } from './checkout.js';
import { audioContext } from './cues.js';
import { showEmergency } from './emergency.js';
import { Player } from './player.js';
import { showScreen } from './screens.js';
import { checkinIsFresh, checkoutAdvice } from './safety-route.js';
import { saveSession } from './sessions.js';
import { isoWithOffset, newId } from './time.js';
import { clock } from './timeline.js';

const RUN_KEY = `backpoint:run:${document.body.dataset.user}`;
const RUN_KEPT_MS = 12 * 60 * 60 * 1000;

const root = document.getElementById('session');
const routine = JSON.parse(document.getElementById('routine-data').textContent);
const rules = safetyRules();
// Ready the sound on the first tap or key of the check-in, so the Start tap costs nothing.
for (const type of ['pointerdown', 'keydown']) root.addEventListener(type, audioContext, { once: true });

function loadRun() {
  try {
    const run = JSON.parse(localStorage.getItem(RUN_KEY) ?? 'null');
    if (run && run.routine === routine.slug && Date.now() - run.updatedAt < RUN_KEPT_MS) return run;
  } catch {
    // A damaged record is treated as no run.
  }
  return null;
}

function saveRun(run) {
  localStorage.setItem(RUN_KEY, JSON.stringify({ ...run, updatedAt: Date.now() }));
}

function checkOut(run) {
  showScreen(root, 'screen-checkout');
  setUpCheckout(root, run, {
    onSaved(session, result) {
      localStorage.removeItem(RUN_KEY);
      const advice = checkoutAdvice(rules, {
        before: session.pain_before, after: session.pain_after, signs: session.checkout_screening.signs,
      });
      showSummary(root, session, result);
      if (advice.advice === 'emergency') {
        root.querySelector('#screen-emergency .saved-status').textContent = result.message;
        showEmergency(root, rules, advice.reasons, 'You told us this started during the session. It can be a sign of a problem that needs urgent care today. Do not press any more points.');
        return;
      }
      showCheckoutAdvice(root, session, advice, rules);
      showScreen(root, 'screen-summary');
    },
  });
}

// The freshness gate: no hold starts or carries on with a check-in older than the limit.
// A run that ran out by itself while its check-in was fresh needs no new hold: it checks out.
function fresh(run) {
  if (checkinIsFresh(rules, run.checkin.at, Date.now())) return true;
  const { base, since } = run.clock;
  const endsAt = since === null ? Infinity : since + routine.total_seconds * 1000 - base;
  return endsAt <= Date.now() && checkinIsFresh(rules, run.checkin.at, endsAt);
}

// End a run whose check-in is too old where it last was active (its last save), and save it.
async function endExpired(run) {
  const endedAt = Math.max(Date.parse(run.checkin.startedAt) || 0, run.updatedAt ?? 0);
  localStorage.removeItem(RUN_KEY);
  await saveSession({
    id: run.sessionId,
    routine: routine.slug,
    started_at: run.checkin.startedAt,
    ended_at: isoWithOffset(new Date(endedAt)),
    pain_before: run.checkin.pain,
    pain_after: null,
    outcome: 'stopped_early',
    note: 'Not finished: the check-in had expired when the routine was opened again.',
  });
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
    endExpired(run).then(checkInAgain);
    return true;
  };
  for (const id of ['player-pause', 'player-back', 'player-skip', 'player-stop']) {
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

function play(run, fresh) {
  const player = new Player(root, routine, {
    onChange(state) {
      run.clock = state;
      saveRun(run);
    },
    onEnd(outcome, endedAt) {
      Object.assign(run, { status: 'ended', outcome, endedAt: isoWithOffset(endedAt) });
      saveRun(run);
      checkOut(run);
    },
  });
  guard(run, player);
  showScreen(root, 'screen-player');
  player.begin(run.clock, { fresh });
}

function whenReady(checkin) {
  root.querySelector('#start').onclick = () => {
    if (!checkinIsFresh(rules, checkin.at, Date.now())) {
      checkInAgain('checkin');
      return;
    }
    const run = {
      routine: routine.slug,
      sessionId: newId(),
      checkin,
      status: 'playing',
      clock: clock.start(Date.now()),
    };
    saveRun(run);
    play(run, true);
  };
}

const run = loadRun();
if (run?.status === 'playing' && !fresh(run)) {
  endExpired(run).then(checkInAgain);
} else if (run?.status === 'playing') {
  play(run, false);
} else if (run?.status === 'ended') {
  checkOut(run);
} else {
  startCheckin(root, whenReady);
}

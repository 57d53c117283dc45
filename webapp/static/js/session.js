// The session page: check-in, then the player, then check-out and a summary.
// The run is kept in localStorage, so a reload (or a phone that drops the page) carries on.
import { startCheckin } from './checkin.js';
import { setUpCheckout, showSummary } from './checkout.js';
import { audioContext } from './cues.js';
import { Player } from './player.js';
import { showScreen } from './screens.js';
import { isoWithOffset, newId } from './time.js';
import { clock } from './timeline.js';

const RUN_KEY = `backpoint:run:${document.body.dataset.owner}`;
const RUN_KEPT_MS = 12 * 60 * 60 * 1000;

const root = document.getElementById('session');
const routine = JSON.parse(document.getElementById('routine-data').textContent);
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
      showSummary(root, session, result);
      showScreen(root, 'screen-summary');
    },
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
      };
      saveRun(fresh);
      play(fresh, true);
    };
  });
}

// The check-in: pain now, the red-flag screen, and what that means for today's session.
import { showScreen } from './screens.js';
import { saveSession } from './sessions.js';
import { isoWithOffset, newId } from './time.js';

const STORE_KEY = 'backpoint:checkin';
const FRESH_MS = 15 * 60 * 1000;

let root;
let form;
let painError;
let routine;
let threshold;
let onReady;

// The highest level any answer reaches: emergency > doctor > pregnancy > ready.
export function assess(pain, levels) {
  if (levels.includes('emergency')) return 'emergency';
  if (pain >= threshold || levels.includes('doctor')) return 'doctor';
  if (levels.includes('pregnancy')) return 'pregnancy';
  return 'ready';
}

const show = (id) => showScreen(root, id);

function readAnswers() {
  const chosen = form.querySelector('input[name="pain"]:checked');
  const flags = [...form.querySelectorAll('input[name="flag"]:checked')];
  return {
    pain: chosen ? Number(chosen.value) : null,
    flags: flags.map((input) => input.value),
    levels: flags.map((input) => input.dataset.level),
    reasons: flags.map((input) => input.dataset.reason),
  };
}

function remember(checkin) {
  sessionStorage.setItem(STORE_KEY, JSON.stringify({ ...checkin, savedAt: Date.now() }));
}

// Only when the person came from the pregnancy screen's list of routines (?resume=1).
function restore() {
  if (new URLSearchParams(window.location.search).get('resume') !== '1') return;
  let stored;
  try {
    stored = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null');
  } catch {
    return;
  }
  if (!stored || Date.now() - stored.savedAt > FRESH_MS) return;
  const pain = form.querySelector(`input[name="pain"][value="${stored.pain}"]`);
  if (pain) pain.checked = true;
  for (const input of form.querySelectorAll('input[name="flag"]')) {
    input.checked = stored.flags.includes(input.value);
  }
  document.getElementById('resume-note').hidden = false;
}

async function recordSafetyStop(checkin, reasons, screen) {
  const status = document.querySelector(`#${screen} .saved-status`);
  status.textContent = 'Saving this check-in to your history…';
  const result = await saveSession({
    id: newId(),
    routine,
    started_at: checkin.startedAt,
    ended_at: isoWithOffset(),
    pain_before: checkin.pain,
    pain_after: null,
    outcome: 'safety_stop',
    note: `Safety check: ${reasons.join('; ')}.`,
  });
  status.textContent = result.synced ? 'This check-in is saved in your history.' : result.message;
}

function ready(checkin) {
  document.getElementById('ready-pain').textContent = `You rated your pain ${checkin.pain} out of 10.`;
  show('screen-ready');
  onReady(checkin);
}

function onSubmit(event) {
  event.preventDefault();
  const answers = readAnswers();
  if (answers.pain === null) {
    painError.hidden = false;
    form.querySelector('input[name="pain"]').focus();
    return;
  }
  painError.hidden = true;
  const checkin = { routine, pain: answers.pain, flags: answers.flags, startedAt: isoWithOffset() };
  remember(checkin);
  const outcome = assess(answers.pain, answers.levels);
  const reasons = [...answers.reasons];
  if (answers.pain >= threshold) reasons.unshift(`pain of ${answers.pain} out of 10`);
  if (outcome === 'emergency') {
    show('screen-emergency');
    recordSafetyStop(checkin, reasons, 'screen-emergency');
  } else if (outcome === 'doctor') {
    const list = document.getElementById('doctor-reasons');
    list.replaceChildren(...reasons.map((reason) => {
      const item = document.createElement('li');
      item.textContent = reason;
      return item;
    }));
    show('screen-doctor');
    recordSafetyStop(checkin, reasons, 'screen-doctor');
  } else if (outcome === 'pregnancy') {
    show('screen-pregnancy');
    document.getElementById('pregnancy-cleared').onclick = () => {
      document.getElementById('pregnancy-choice').hidden = true;
      const here = root.querySelector(`[data-slug="${routine}"]`);
      if (here?.classList.contains('routine-available')) {
        ready(checkin);
      } else {
        document.getElementById('pregnancy-routines').hidden = false;
        document.getElementById('pregnancy-routines-title').focus();
      }
    };
    document.getElementById('pregnancy-ask').onclick = () => {
      document.getElementById('pregnancy-choice').hidden = true;
      recordSafetyStop(checkin, ['pregnancy, asking a doctor or midwife first'], 'screen-pregnancy');
    };
  } else {
    ready(checkin);
  }
}

// Show the check-in form; call whenReady(checkin) once the person may start the routine.
export function startCheckin(page, whenReady) {
  root = page;
  form = root.querySelector('#checkin-form');
  painError = root.querySelector('#pain-error');
  routine = root.dataset.routine;
  threshold = Number(root.dataset.painThreshold);
  onReady = whenReady;
  form.addEventListener('submit', onSubmit);
  form.addEventListener('change', (event) => {
    if (event.target.name === 'pain') painError.hidden = true;
  });
  restore();
  showScreen(root, 'checkin');
}

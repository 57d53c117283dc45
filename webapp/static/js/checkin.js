// The check-in: pain now, the red-flag signs, and the screen the answers lead to.
// The decision is route() (safety-route.js) on the rules the server hands over as page data.
import { sendJson } from './api.js';
import { showEmergency } from './emergency.js';
import { showScreen } from './screens.js';
import { checkinIsFresh, route } from './safety-route.js';
import { saveSession } from './sessions.js';
import { isoWithOffset, newId } from './time.js';
import { formatDate, gettext } from './i18n.js';

const STORE_KEY = `backpoint:checkin:${document.body.dataset.user}`;

export const safetyRules = () => JSON.parse(document.getElementById('safety-data').textContent);

const listItems = (texts) => texts.map((text) => {
  const item = document.createElement('li');
  item.textContent = text;
  return item;
});

let reopen = null;

// Show the check-in; call whenReady(checkin) once the person may start the routine.
// expired: 'run' or 'checkin' when an earlier check-in on this page has become too old.
export function startCheckin(root, whenReady, { expired = '' } = {}) {
  if (reopen) {
    reopen(expired);
    return;
  }
  const rules = safetyRules();
  const form = root.querySelector('#checkin-form');
  const painError = root.querySelector('#pain-error');
  const routine = root.dataset.routine;
  const flagsByKey = new Map(rules.flags.map((flag) => [flag.key, flag]));
  const show = (id) => showScreen(root, id);

  // Long-term signs a doctor has checked, until their time runs out on this device's clock.
  const cleared = Object.entries(rules.doctor_checks)
    .filter(([, until]) => Date.parse(until) > Date.now())
    .map(([key]) => key);
  for (const note of root.querySelectorAll('[data-cleared-for]')) {
    const until = rules.doctor_checks[note.dataset.clearedFor];
    note.hidden = !cleared.includes(note.dataset.clearedFor);
    if (!note.hidden) {
      const day = formatDate(new Date(until), { day: 'numeric', month: 'long', year: 'numeric' });
      note.textContent = ` ${gettext('You told us a doctor has checked your back for this; that stands until %(day)s.', { day })}`;
    }
  }

  function readAnswers() {
    const chosen = form.querySelector('input[name="pain"]:checked');
    const flags = [...form.querySelectorAll('input[name="flag"]:checked')].map((input) => input.value);
    return { pain: chosen ? Number(chosen.value) : null, flags };
  }

  function reasonWords(key, checkin) {
    if (rules.pain_words[key]) return rules.pain_words[key].replace('{pain}', checkin.pain);
    return flagsByKey.get(key).why;
  }

  function noteFor(checkin, reasons) {
    const words = reasons.map((key) => (key === 'pain_high'
      ? gettext('pain of %(pain)d out of 10', { pain: checkin.pain })
      : flagsByKey.get(key).note));
    return gettext('Safety check: %(reasons)s.', { reasons: words.join('; ') });
  }

  function remember(checkin) {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(checkin));
  }

  async function recordSafetyStop(checkin, note, screen) {
    const status = root.querySelector(`#${screen} .saved-status`);
    status.textContent = gettext('Saving this check-in to your history…');
    const result = await saveSession({
      id: newId(),
      routine,
      started_at: checkin.startedAt,
      ended_at: isoWithOffset(),
      pain_before: checkin.pain,
      pain_after: null,
      outcome: 'safety_stop',
      note,
    });
    status.textContent = result.synced ? gettext('This check-in is saved in your history.') : result.message;
  }

  function ready(checkin, reasons) {
    root.querySelector('#ready-pain').textContent = gettext('You rated your pain %(pain)d out of 10.', { pain: checkin.pain });
    const notes = root.querySelector('#ready-notes');
    const words = reasons.map((key) => (key === 'pregnant'
      ? gettext('Your doctor or midwife has said yes, and this routine leaves out the points avoided in pregnancy.')
      : reasonWords(key, checkin)));
    notes.replaceChildren(...listItems(words));
    notes.hidden = !words.length;
    show('screen-ready');
    whenReady(checkin);
  }

  function showDoctor(checkin, routed) {
    root.querySelector('#doctor-reasons').replaceChildren(
      ...listItems(routed.reasons.map((key) => reasonWords(key, checkin))),
    );
    const offer = root.querySelector('#doctor-clear');
    offer.hidden = !routed.clearable;
    show('screen-doctor');
    if (!routed.clearable) {
      recordSafetyStop(checkin, noteFor(checkin, routed.reasons), 'screen-doctor');
      return;
    }
    const status = root.querySelector('#doctor-clear-status');
    root.querySelector('#doctor-not-yet').onclick = () => {
      offer.hidden = true;
      recordSafetyStop(checkin, noteFor(checkin, routed.reasons), 'screen-doctor');
    };
    root.querySelector('#doctor-cleared').onclick = async () => {
      status.textContent = gettext('Recording…');
      try {
        for (const flag of routed.reasons) {
          const { status: code, body } = await sendJson('POST', '/api/doctor-checks', { flag });
          if (code !== 201) throw new Error(`doctor-checks answered ${code}`);
          rules.doctor_checks[flag] = body.until;
          cleared.push(flag);
        }
      } catch {
        status.textContent = gettext('This could not be recorded just now (are you offline?). Please try again when you are connected.');
        return;
      }
      status.textContent = '';
      decide(checkin);
    };
  }

  function showPregnancy(checkin) {
    show('screen-pregnancy');
    const choice = root.querySelector('#pregnancy-choice');
    choice.hidden = false;
    root.querySelector('#pregnancy-cleared').onclick = () => {
      choice.hidden = true;
      decide({ ...checkin, pregnancyCleared: true });
    };
    root.querySelector('#pregnancy-ask').onclick = () => {
      choice.hidden = true;
      recordSafetyStop(checkin, gettext('Safety check: pregnancy, asking a doctor or midwife first.'), 'screen-pregnancy');
    };
  }

  // Route the check-in to its screen; the same check-in goes on to another routine unchanged.
  function decide(checkin) {
    remember(checkin);
    const routed = route(rules, {
      pain: checkin.pain,
      flags: checkin.flags,
      cleared,
      pregnancy_cleared: Boolean(checkin.pregnancyCleared),
      routine_safe_in_pregnancy: rules.pregnancy_safe,
    });
    if (routed.screen === 'emergency') {
      showEmergency(root, rules, routed.reasons);
      recordSafetyStop(checkin, noteFor(checkin, routed.reasons), 'screen-emergency');
    } else if (routed.screen === 'doctor') {
      showDoctor(checkin, routed);
    } else if (routed.screen === 'pregnancy') {
      showPregnancy(checkin);
    } else if (routed.screen === 'pregnancy_routines') {
      show('screen-pregnancy');
      root.querySelector('#pregnancy-choice').hidden = true;
      root.querySelector('#pregnancy-routines').hidden = false;
      root.querySelector('#pregnancy-routines-title').focus();
    } else {
      ready(checkin, routed.reasons);
    }
  }

  // From the pregnancy screen's list (?resume=1): the same check-in, if it is still fresh.
  function restore() {
    if (new URLSearchParams(window.location.search).get('resume') !== '1') return false;
    let stored;
    try {
      stored = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null');
    } catch {
      return false;
    }
    if (!stored || !checkinIsFresh(rules, stored.at, Date.now())) return false;
    const checkin = { ...stored, routine };
    if (checkin.pregnancyCleared) {
      decide(checkin);
      return true;
    }
    const pain = form.querySelector(`input[name="pain"][value="${stored.pain}"]`);
    if (pain) pain.checked = true;
    for (const input of form.querySelectorAll('input[name="flag"]')) {
      input.checked = stored.flags.includes(input.value);
    }
    root.querySelector('#resume-note').hidden = false;
    return false;
  }

  function showAnswerButton() {
    const ticked = form.querySelector('input[name="flag"]:checked') !== null;
    root.querySelector('#none-apply').hidden = ticked;
    root.querySelector('#continue-ticked').hidden = !ticked;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = readAnswers();
    if (answers.pain === null) {
      painError.hidden = false;
      form.querySelector('input[name="pain"]').focus();
      return;
    }
    painError.hidden = true;
    decide({ routine, ...answers, startedAt: isoWithOffset(), at: Date.now() });
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'pain') painError.hidden = true;
    if (event.target.name === 'flag') showAnswerButton();
  });
  reopen = (why) => {
    form.reset();
    root.querySelector('#resume-note').hidden = true;
    root.querySelector('#expired-note').hidden = why !== 'run';
    root.querySelector('#expired-checkin-note').hidden = why !== 'checkin';
    showAnswerButton();
    show('checkin');
  };
  if (restore()) return;
  reopen(expired);
  if (form.querySelector('input[name="flag"]:checked')) root.querySelector('#flag-list').open = true;
}

// Check-out: pain now, an optional note, then the session is saved and summarised.
import { describeChange } from './pain.js';
import { saveSession } from './sessions.js';
import { isoWithOffset } from './time.js';
import { formatClock } from './timeline.js';
import { gettext, ngettext } from './i18n.js';

export function setUpCheckout(root, run, { onSaved }) {
  const form = root.querySelector('#checkout-form');
  const error = root.querySelector('#checkout-pain-error');
  const status = root.querySelector('#checkout-status');
  root.querySelector('#checkout-title').textContent = checkoutTitle(run);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="pain_after"]:checked');
    if (!chosen) {
      error.hidden = false;
      form.querySelector('input[name="pain_after"]').focus();
      return;
    }
    error.hidden = true;
    const painAfter = Number(chosen.value);
    const session = {
      id: run.sessionId,
      routine: run.routine,
      started_at: run.checkin.startedAt,
      ended_at: run.endedAt ?? isoWithOffset(),
      pain_before: run.checkin.pain,
      pain_after: painAfter,
      outcome: run.outcome,
      note: form.elements.note.value.trim(),
      ...run.held,
      checkout_screening: {
        signs: [...form.querySelectorAll('input[name="checkout_sign"]:checked')].map((input) => input.value),
      },
    };
    form.querySelector('button[type="submit"]').disabled = true;
    status.textContent = gettext('Saving…');
    let result;
    try {
      result = await saveSession(session);
    } catch {
      // The advice below must show whatever happened to the save; the run stays on this device,
      // so a reload offers this check-out again.
      result = { saved: false, synced: false, message: gettext('This session could not be saved on this device yet. Reload the page to try again.') };
    }
    form.querySelector('button[type="submit"]').disabled = false;
    status.textContent = '';
    onSaved(session, result);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'pain_after') error.hidden = true;
  });
}

// What the run really was, in words: only a run with every hold done is "Well done".
export function checkoutTitle(run) {
  const held = run.held;
  if (run.outcome === 'completed') return gettext('Well done. How is your back now?');
  if (!held) return gettext('You stopped early. How is your back now?');
  const total = held.steps_completed + held.steps_skipped + held.steps_not_reached;
  const done = ngettext('%(done)d of %(num)d hold', '%(done)d of %(num)d holds', total, { done: held.steps_completed });
  return run.outcome === 'partial'
    ? gettext('You did %(done)s; the others were skipped. How is your back now?', { done })
    : gettext('You stopped after %(done)s. How is your back now?', { done });
}

export function showSummary(root, session, result) {
  const words = JSON.parse(document.getElementById('routine-data').textContent).outcome_words;
  const held = session.held_seconds == null
    ? '' : ` · ${gettext('held %(time)s', { time: formatClock(session.held_seconds * 1000) })}`;
  root.querySelector('#summary-outcome').textContent = `${words[session.outcome]}${held}`;
  root.querySelector('#summary-sync').textContent = result.message;
  root.querySelector('#summary-pain').textContent = gettext('Pain %(before)s → %(after)s', { before: session.pain_before, after: session.pain_after });
  root.querySelector('#summary-change').textContent = describeChange(session.pain_before, session.pain_after);
  root.querySelector('#summary-worse').hidden = !(session.pain_after > session.pain_before);
}

// The check-out's doctor advice (checkoutAdvice() in safety-route.js), in place of the milder note.
export function showCheckoutAdvice(root, session, advice, rules) {
  const box = root.querySelector('#summary-doctor');
  box.hidden = advice.advice !== 'doctor';
  if (box.hidden) return;
  root.querySelector('#summary-worse').hidden = true;
  root.querySelector('#summary-doctor-reasons').replaceChildren(...advice.reasons.map((key) => {
    const item = document.createElement('li');
    item.textContent = rules.pain_words[key]
      .replace('{pain}', session.pain_after).replace('{before}', session.pain_before);
    return item;
  }));
}

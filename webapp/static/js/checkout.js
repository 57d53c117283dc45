// Check-out: pain now, an optional note, then the session is saved and summarised.
import { describeChange } from './pain.js';
import { saveSession } from './sessions.js';
import { isoWithOffset } from './time.js';

export function setUpCheckout(root, run, { onSaved }) {
  const form = root.querySelector('#checkout-form');
  const error = root.querySelector('#checkout-pain-error');
  const status = root.querySelector('#checkout-status');
  root.querySelector('#checkout-title').textContent = run.outcome === 'completed'
    ? 'Well done. How is your back now?'
    : 'You stopped early. How is your back now?';

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
      checkout_screening: {
        signs: [...form.querySelectorAll('input[name="checkout_sign"]:checked')].map((input) => input.value),
      },
    };
    form.querySelector('button[type="submit"]').disabled = true;
    status.textContent = 'Saving…';
    const result = await saveSession(session);
    form.querySelector('button[type="submit"]').disabled = false;
    status.textContent = '';
    onSaved(session, result);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'pain_after') error.hidden = true;
  });
}

export function showSummary(root, session, result) {
  root.querySelector('#summary-sync').textContent = result.message;
  root.querySelector('#summary-pain').textContent = `Pain ${session.pain_before} → ${session.pain_after}`;
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

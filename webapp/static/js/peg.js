// The weekly PEG: kept on this device first (the outbox, a "/api/peg" entry with its owner),
// then sent, so it works offline too. The score is the server's to compute.
import { entries, saveToOutbox } from './outbox.js';
import { isoWithOffset, newId } from './time.js';
import { gettext } from './i18n.js';

const form = document.getElementById('peg-form');
const ITEMS = ['pain', 'enjoyment', 'activity'];

async function saveAnswers(event) {
  event.preventDefault();
  const answer = { id: newId(), answered_at: isoWithOffset() };
  let firstMissing = null;
  for (const item of ITEMS) {
    const chosen = form.querySelector(`input[name="${item}"]:checked`);
    form.querySelector(`#${item}-error`).hidden = Boolean(chosen);
    if (chosen) answer[item] = Number(chosen.value);
    else firstMissing ??= form.querySelector(`input[name="${item}"]`);
  }
  const status = form.querySelector('.peg-status');
  if (firstMissing) {
    status.textContent = gettext('Please answer all three questions.');
    firstMissing.focus();
    return;
  }
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  await saveToOutbox(answer, '/api/peg');
  const waiting = (await entries()).some((entry) => entry.id === answer.id);
  status.textContent = waiting
    ? gettext('Your answers are saved on this device; they will sync when it can.')
    : gettext('Your answers are saved. Your score shows in your history.');
  form.reset();
  submit.disabled = false;
}

if (form) form.addEventListener('submit', saveAnswers);

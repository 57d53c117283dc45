// A pain check: kept on this device first (the outbox), then sent, so it works offline too.
import { entries, saveToOutbox } from './outbox.js';
import { isoWithOffset, newId } from './time.js';
import { gettext } from './i18n.js';

const form = document.getElementById('pain-check-form');

async function logPain(event) {
  event.preventDefault();
  const chosen = form.querySelector('input[name="pain"]:checked');
  const error = form.querySelector('#pain-check-error');
  const status = form.querySelector('.pain-check-status');
  if (!chosen) {
    error.hidden = false;
    form.querySelector('input[name="pain"]').focus();
    return;
  }
  error.hidden = true;
  const check = {
    id: newId(),
    taken_at: isoWithOffset(),
    pain: Number(chosen.value),
    note: form.elements.note.value.trim(),
  };
  form.querySelector('button[type="submit"], input[type="submit"]').disabled = true;
  await saveToOutbox(check, '/api/pain-checks');
  const waiting = (await entries()).some((entry) => entry.id === check.id);
  status.textContent = waiting
    ? gettext('Pain %(pain)d saved on this device; it will sync when it can.', { pain: check.pain })
    : gettext('Pain %(pain)d logged. It shows in the chart when you reload.', { pain: check.pain });
  form.reset();
  form.querySelector('button[type="submit"], input[type="submit"]').disabled = false;
}

if (form) form.addEventListener('submit', logPain);

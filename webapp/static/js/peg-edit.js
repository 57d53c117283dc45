// Correcting a week's PEG offline: the form goes to the outbox as a PATCH of the JSON API, sent
// when the phone is back online. Online, the form posts as usual (the server checks it).
import { saveToOutbox } from './outbox.js';
import { isoWithOffset } from './time.js';
import { gettext } from './i18n.js';

const form = document.getElementById('peg-edit-form');
const ITEMS = ['pain', 'enjoyment', 'activity'];

async function saveOffline(event) {
  if (navigator.onLine) return;
  event.preventDefault();
  const id = form.dataset.answer;
  const correction = { edited_at: isoWithOffset() };
  for (const item of ITEMS) {
    const chosen = form.querySelector(`input[name="${item}"]:checked`);
    if (chosen) correction[item] = Number(chosen.value);
  }
  await saveToOutbox(correction, `/api/peg/${id}`, { method: 'PATCH', key: `edit-peg:${id}` });
  form.querySelector('.peg-status').textContent = gettext('Saved on this device; it will sync when it can.');
}

if (form) form.addEventListener('submit', saveOffline);

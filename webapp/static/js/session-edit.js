// Correcting a session offline: the form goes to the outbox as a PATCH of the JSON API, sent
// when the phone is back online. Online, the form posts as usual (the server checks it).
import { saveToOutbox } from './outbox.js';
import { isoWithOffset } from './time.js';
import { gettext } from './i18n.js';

const form = document.getElementById('session-form');

async function saveOffline(event) {
  if (navigator.onLine) return;
  event.preventDefault();
  const id = form.dataset.session;
  const after = form.elements.pain_after.value;
  const correction = {
    pain_before: Number(form.elements.pain_before.value),
    pain_after: after === '' ? null : Number(after),
    note: form.elements.note.value.trim(),
    edited_at: isoWithOffset(),
  };
  await saveToOutbox(correction, `/api/sessions/${id}`, { method: 'PATCH', key: `edit:${id}` });
  form.querySelector('.session-form-status').textContent = gettext('Saved on this device; it will sync when it can.');
}

if (form) form.addEventListener('submit', saveOffline);

// "N waiting to sync" and the list of sessions the server refused, on every page.
import { onOutboxChange, retryAfterLogin, startOutbox } from './outbox.js';

const status = document.getElementById('sync-status');
const signedIn = document.body.dataset.signedIn === 'true';

// Another person's entries are never counted or shown here, only said to exist.
const OTHERS_WAITING = 'Sessions of another account are waiting on this device.';

function render(all, othersWaiting) {
  const waiting = all.filter((entry) => entry.state !== 'rejected');
  const refused = all.filter((entry) => entry.state === 'rejected');
  const needLogin = all.some((entry) => entry.state === 'login');
  const parts = [];
  if (waiting.length) {
    parts.push(`${waiting.length} waiting to sync`);
    if (needLogin) parts.push(' (log in to send them)');
  }
  if (othersWaiting) parts.push(`${parts.length ? '. ' : ''}${OTHERS_WAITING}`);
  status.querySelector('.sync-text').textContent = parts.join('');
  const list = status.querySelector('.sync-refused');
  list.replaceChildren(...refused.map((entry) => {
    const item = document.createElement('li');
    item.textContent = `Couldn't sync the session of ${entry.session.started_at.slice(0, 16).replace('T', ' ')}: ${entry.reason}`;
    return item;
  }));
  status.hidden = !waiting.length && !refused.length && !othersWaiting;
}

if (status) {
  onOutboxChange(render);
  startOutbox();
  if (signedIn) retryAfterLogin();
}

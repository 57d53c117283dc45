// "N waiting to sync" and the list of sessions the server refused, on every page.
import { onOutboxChange, retryAfterLogin, startOutbox } from './outbox.js';

const status = document.getElementById('sync-status');
const signedIn = document.body.dataset.signedIn === 'true';

function render(all) {
  const waiting = all.filter((entry) => entry.state !== 'rejected');
  const refused = all.filter((entry) => entry.state === 'rejected');
  const needLogin = all.some((entry) => entry.state === 'login');
  const parts = [];
  if (waiting.length) {
    parts.push(`${waiting.length} waiting to sync`);
    if (needLogin) parts.push(' (log in to send them)');
  }
  status.querySelector('.sync-text').textContent = parts.join('');
  const list = status.querySelector('.sync-refused');
  list.replaceChildren(...refused.map((entry) => {
    const item = document.createElement('li');
    item.textContent = `Couldn't sync the session of ${entry.session.started_at.slice(0, 16).replace('T', ' ')}: ${entry.reason}`;
    return item;
  }));
  status.hidden = !waiting.length && !refused.length;
}

if (status) {
  onOutboxChange(render);
  startOutbox();
  if (signedIn) retryAfterLogin();
}

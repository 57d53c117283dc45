// "N waiting to sync" and the list of sessions the server refused, on every page.
import { onOutboxChange, retryAfterLogin, retryEntry, startOutbox } from './outbox.js';
import { gettext, ngettext } from './i18n.js';

const status = document.getElementById('sync-status');
const signedIn = document.body.dataset.signedIn === 'true';

// Another person's entries are never counted or shown here, only said to exist.
const OTHERS_WAITING = gettext('Sessions of another account are waiting on this device.');

function render(all, othersWaiting) {
  const waiting = all.filter((entry) => entry.state !== 'rejected');
  const refused = all.filter((entry) => entry.state === 'rejected');
  const needLogin = all.some((entry) => entry.state === 'login');
  const parts = [];
  if (waiting.length) {
    parts.push(ngettext('%(num)d waiting to sync', '%(num)d waiting to sync', waiting.length));
    if (needLogin) parts.push(` ${gettext('(log in to send them)')}`);
  }
  if (othersWaiting) parts.push(`${parts.length ? '. ' : ''}${OTHERS_WAITING}`);
  status.querySelector('.sync-text').textContent = parts.join('');
  const list = status.querySelector('.sync-refused');
  list.replaceChildren(...refused.map(refusedItem));
  status.hidden = !waiting.length && !refused.length && !othersWaiting;
}

// One refused entry: what and why, and (after server errors) a way to send it again.
function refusedItem(entry) {
  const item = document.createElement('li');
  const pain = entry.url === '/api/pain-checks';
  const peg = entry.url === '/api/peg';
  const when = entry.session.taken_at ?? entry.session.answered_at ?? entry.session.started_at
    ?? entry.session.edited_at ?? '';
  const what = pain ? gettext('pain check') : peg ? gettext('weekly answers')
    : entry.method === 'PATCH' ? gettext('correction') : gettext('session');
  const whenText = when.slice(0, 16).replace('T', ' ');
  item.textContent = `${gettext("Couldn't sync the %(what)s of %(when)s: %(reason)s", { what, when: whenText, reason: entry.reason })} `;
  if (entry.retryable) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-quiet button-small';
    button.textContent = gettext('Try again');
    button.addEventListener('click', () => retryEntry(entry.id));
    item.append(button);
  }
  return item;
}

if (status) {
  onOutboxChange(render);
  startOutbox();
  if (signedIn) retryAfterLogin();
}

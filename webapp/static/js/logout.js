// Logging out or deleting the account: warn about unsynced sessions first; once the server has
// ended the login, the next page (data-clear-owner) clears that person's copy on this device.
// Other people's waiting sessions stay: they are theirs, sent when they log in here.
import { clearOutbox, entries } from './outbox.js';
import { unsubscribe as endPush } from './push-device.js';
import { gettext, ngettext } from './i18n.js';
import { appData } from './app-data.js';

const RUN_PREFIX = 'backpoint:run:';
// The person's cache is named by the server's rule (security.py), as the worker names it.
const PRIVATE_CACHE_PREFIX = appData.rules?.private_cache_prefix ?? 'backpoint-private-';
const LEGACY_RUN = /^backpoint:run:\d*$/;
const dialog = document.getElementById('logout-dialog');

async function clearDevice(owner) {
  // Reminders for this person stop on this device (the server forgets it while still signed in).
  await endPush().catch(() => {});
  await clearOutbox(owner);
  for (const key of Object.keys(localStorage)) {
    if (key === `${RUN_PREFIX}${owner}` || LEGACY_RUN.test(key)) localStorage.removeItem(key);
  }
  sessionStorage.clear();
  navigator.serviceWorker?.controller?.postMessage({ type: 'CLEAR_PRIVATE' });
  if (window.caches) {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name === 'backpoint-private' || name === `${PRIVATE_CACHE_PREFIX}${owner}`)
      .map((name) => caches.delete(name)));
  }
}

async function onSubmit(event) {
  const form = event.target;
  if (!form.matches('.logout-form, [data-clears-device]') || form.dataset.confirmed) return;
  event.preventDefault();
  const unsynced = (await entries()).length;
  const leave = () => {
    form.dataset.confirmed = 'true';
    form.requestSubmit(event.submitter);
  };
  if (!unsynced) {
    leave();
    return;
  }
  const when = form.dataset.leaveWords ?? gettext('If you log out now');
  document.getElementById('logout-dialog-text').textContent = ngettext(
    '%(num)d session has not reached the server yet. %(when)s, it is deleted from this device.',
    '%(num)d sessions have not reached the server yet. %(when)s, they are deleted from this device.',
    unsynced,
    { when },
  );
  document.getElementById('logout-anyway').textContent = form.dataset.leaveLabel ?? gettext('Log out anyway');
  document.getElementById('logout-stay').textContent = form.dataset.stayLabel ?? gettext('Stay logged in');
  document.getElementById('logout-stay').onclick = () => dialog.close();
  document.getElementById('logout-anyway').onclick = () => { dialog.close(); leave(); };
  dialog.showModal();
}

document.addEventListener('submit', (event) => { onSubmit(event); });

const cleared = document.body.dataset.clearOwner;
if (cleared) {
  clearDevice(cleared).finally(() => { document.body.dataset.deviceCleared = 'true'; });
}

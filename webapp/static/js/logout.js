// Logging out: warn about unsynced sessions, then clear this device's copy of the person's data.
import { clearOutbox, entries } from './outbox.js';
import { unsubscribe as endPush } from './push-device.js';

const LOCAL_KEYS = ['backpoint:run'];
const dialog = document.getElementById('logout-dialog');

async function clearDevice() {
  // Reminders for this person stop on this device (the server forgets it while still signed in).
  await endPush().catch(() => {});
  await clearOutbox();
  for (const key of Object.keys(localStorage)) {
    if (LOCAL_KEYS.some((prefix) => key.startsWith(prefix))) localStorage.removeItem(key);
  }
  sessionStorage.clear();
  navigator.serviceWorker?.controller?.postMessage({ type: 'CLEAR_PRIVATE' });
  await caches?.delete?.('backpoint-private');
}

async function onSubmit(event) {
  const form = event.target;
  if (!form.matches('.logout-form') || form.dataset.confirmed) return;
  event.preventDefault();
  const unsynced = (await entries()).length;
  const logOut = async () => {
    form.dataset.confirmed = 'true';
    await clearDevice();
    form.submit();
  };
  if (!unsynced) {
    await logOut();
    return;
  }
  document.getElementById('logout-dialog-text').textContent = `${unsynced} session${unsynced === 1 ? ' has' : 's have'} not reached the server yet. If you log out now, ${unsynced === 1 ? 'it is' : 'they are'} deleted from this device.`;
  document.getElementById('logout-stay').onclick = () => dialog.close();
  document.getElementById('logout-anyway').onclick = () => { dialog.close(); logOut(); };
  dialog.showModal();
}

document.addEventListener('submit', (event) => { onSubmit(event); });

// Saving a practice session: always into the outbox first, so nothing is lost offline.
import { entries, saveToOutbox } from './outbox.js';
import { gettext } from './i18n.js';

// Returns { saved: true, synced: boolean, message: string }.
export async function saveSession(session) {
  await saveToOutbox(session);
  const pending = (await entries()).some((entry) => entry.id === session.id);
  return pending
    ? { saved: true, synced: false, message: gettext('Saved on this device; it will sync when it can.') }
    : { saved: true, synced: true, message: gettext('Saved to your history.') };
}

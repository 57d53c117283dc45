// Saving a practice session: always into the outbox first, so nothing is lost offline.
import { entries, saveToOutbox } from './outbox.js';
import { gettext } from './i18n.js';

// How long the summary waits for the server before saying the session waits on this device
// (a stalled connection would otherwise keep a person looking at the Save button).
const SUMMARY_PATIENCE_MS = 5000;

// Returns { saved: true, synced: boolean, message: string }.
export async function saveSession(session) {
  await saveToOutbox(session, undefined, { patience: SUMMARY_PATIENCE_MS });
  const pending = (await entries()).some((entry) => entry.id === session.id);
  return pending
    ? { saved: true, synced: false, message: gettext('Saved on this device; it will sync when it can.') }
    : { saved: true, synced: true, message: gettext('Saved to your history.') };
}

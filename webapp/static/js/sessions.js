// Saving a practice session: always into the outbox first, so nothing is lost offline.
import { entries, saveToOutbox } from './outbox.js';

// Returns { saved: true, synced: boolean, message: string }.
export async function saveSession(session) {
  await saveToOutbox(session);
  const pending = (await entries()).some((entry) => entry.id === session.id);
  return pending
    ? { saved: true, synced: false, message: 'Saved on this device; it will sync when it can.' }
    : { saved: true, synced: true, message: 'Saved to your history.' };
}

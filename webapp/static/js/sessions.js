// Saving a practice session to the person's history.
import { refreshCsrfToken, sendJson } from './api.js';

// Returns { saved: boolean, message: string }.
export async function saveSession(session) {
  try {
    let answer = await sendJson('POST', '/api/sessions', session);
    if (answer.status === 400 && answer.body?.errors?.csrf) {
      await refreshCsrfToken();
      answer = await sendJson('POST', '/api/sessions', session);
    }
    if (answer.status === 200 || answer.status === 201) {
      return { saved: true, message: 'Saved to your history.' };
    }
    if (answer.status === 401) {
      return { saved: false, message: 'Not saved: please log in again.' };
    }
    const reasons = Object.values(answer.body?.errors ?? {}).join(' ');
    return { saved: false, message: `Not saved: ${reasons || `the server answered ${answer.status}`}` };
  } catch {
    return { saved: false, message: 'Not saved yet: no connection.' };
  }
}

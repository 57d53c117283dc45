// Routines done lying down, eyes closed: offer spoken guidance before Start. It turns on the
// player's own "Spoken prompts" cue (saved on this device), the same choice the Cues panel shows.
import { loadPrefs, savePrefs } from './cues.js';
import { gettext } from './i18n.js';

const offer = document.getElementById('voice-offer');
const button = document.getElementById('voice-on');
const status = document.getElementById('voice-status');

function showState() {
  const on = loadPrefs().voice;
  button.hidden = on;
  status.textContent = on
    ? gettext('Spoken guidance is on: each point, side and hold time is read out, with “switch” and “done”. The screen stays on while you press.')
    : '';
}

if (offer && 'speechSynthesis' in window) {
  offer.hidden = false;
  showState();
  button.addEventListener('click', () => {
    savePrefs({ ...loadPrefs(), voice: true });
    // Speaking once from the tap lets browsers that need a gesture (Safari) speak later.
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(gettext('Spoken guidance is on.'));
    utterance.lang = document.documentElement.lang || 'en';
    speechSynthesis.speak(utterance);
    showState();
    document.getElementById('start')?.focus();
  });
}

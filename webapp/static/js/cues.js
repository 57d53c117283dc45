// Transition cues: a short beep (Web Audio), vibration, optional speech, and a visual flash.
// Each can be turned off; the choice is remembered on this device.

const PREFS_KEY = 'backpoint:cues';
export const DEFAULT_PREFS = { sound: true, vibration: true, voice: false, flash: true };

const TONES = {
  ready: [[660, 0, 0.12]],
  hold: [[880, 0, 0.22]],
  switch: [[660, 0, 0.12], [880, 0.18, 0.16]],
  done: [[523, 0, 0.16], [659, 0.18, 0.16], [784, 0.36, 0.3]],
};
const VIBRATION = { ready: 60, hold: 200, switch: [120, 80, 120], done: [200, 100, 200] };

// One audio context for the page. Creating it can block the main thread for ~100 ms, so the
// session page makes it on the first tap of the check-in, not on the Start tap that starts
// the clock.
let context = null;

export function audioContext() {
  const Context = window.AudioContext ?? window.webkitAudioContext;
  if (!context && Context) context = new Context();
  return context;
}

// Run `work` once the next frame is drawn (a task after its animation frame). A hidden page
// draws no frames: there `work` runs at once, or as soon as the page is hidden meanwhile.
function afterNextFrame(work) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    document.removeEventListener('visibilitychange', once);
    work();
  };
  if (document.hidden) {
    once();
    return;
  }
  document.addEventListener('visibilitychange', once);
  requestAnimationFrame(() => setTimeout(once, 0));
}

export function loadPrefs() {
  try {
    return { ...DEFAULT_PREFS, ...JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(prefs) {
  localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
}

export class Cues {
  constructor(prefs, flashTarget) {
    this.prefs = prefs;
    this.flashTarget = flashTarget;
    this.audio = null;
  }

  // Browsers only allow sound after a tap: call this from the Start (or Resume) tap.
  unlock() {
    this.audio = audioContext();
    this.audio?.resume?.().catch(() => {});
  }

  // The flash and the spoken words go with the change on screen (Safari speaks later only if
  // the first words were spoken within a tap, such as Start). The tone and the vibration follow
  // the frame that shows it: Web Audio's calls wait on the audio thread (up to 44 ms of the Start
  // tap on a busy machine, in a Chromium trace), which would hold that frame back.
  // A sound that follows its picture by a frame or two (tens of ms) is heard as one moment.
  play(kind, words) {
    const { sound, vibration, voice, flash } = this.prefs;
    if (flash) this.flash();
    if (voice && words) this.say(words);
    afterNextFrame(() => {
      if (sound) this.beep(TONES[kind]);
      if (vibration) navigator.vibrate?.(VIBRATION[kind]);
      performance.mark('backpoint:sounded'); // for bench/timer_drift.py
    });
  }

  beep(tones) {
    const audio = this.audio;
    if (!audio || audio.state !== 'running') return;
    for (const [frequency, at, length] of tones) {
      const start = audio.currentTime + at;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(start + length + 0.02);
    }
  }

  say(words) {
    if (!('speechSynthesis' in window)) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(words);
    // The voice of the page's language, so Spanish words are not read with English sounds.
    utterance.lang = document.documentElement.lang || 'en';
    speechSynthesis.speak(utterance);
  }

  flash() {
    const target = this.flashTarget;
    if (target.classList.contains('cue-flash')) {
      target.classList.remove('cue-flash');
      void target.offsetWidth; // restart the animation (a forced layout: only when still on)
    }
    target.classList.add('cue-flash');
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => target.classList.remove('cue-flash'), 600);
  }
}

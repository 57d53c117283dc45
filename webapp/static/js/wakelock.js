// Keeps the screen on while a routine runs, where the browser allows it.

export class ScreenAwake {
  constructor(onRefused) {
    this.lock = null;
    this.wanted = false;
    this.onRefused = onRefused;
    document.addEventListener('visibilitychange', () => {
      if (this.wanted && document.visibilityState === 'visible') this.acquire();
    });
  }

  async acquire() {
    this.wanted = true;
    if (this.lock && !this.lock.released) return;
    try {
      if (!navigator.wakeLock) throw new Error('unsupported');
      this.lock = await navigator.wakeLock.request('screen');
    } catch {
      this.lock = null;
      this.onRefused();
    }
  }

  release() {
    this.wanted = false;
    this.lock?.release().catch(() => {});
    this.lock = null;
  }
}

// Registers the service worker, offers updates (never during a running timer) and keeps the
// signed-in person's routine sessions cached for offline use.
const PRIVATE_KEY = 'backpoint:private-cached-at';
const PRIVATE_EVERY_MS = 24 * 60 * 60 * 1000;

const banner = document.getElementById('update-banner');
let updateRequested = false;
const playing = () => document.body.dataset.screen === 'screen-player';

function offer(worker) {
  if (!banner) return;
  banner.hidden = false;
  const button = document.getElementById('update-button');
  const refresh = () => {
    const busy = playing();
    banner.querySelector('.update-text').textContent = busy
      ? 'An update is ready. It will wait until your session is over.'
      : 'An update is available.';
    button.hidden = busy;
  };
  refresh();
  new MutationObserver(refresh).observe(document.body, { attributes: true, attributeFilter: ['data-screen'] });
  button.onclick = () => {
    updateRequested = true;
    worker.postMessage({ type: 'SKIP_WAITING' });
  };
}

async function cacheRoutineSessions(registration) {
  if (document.body.dataset.signedIn !== 'true') return;
  const last = Number(localStorage.getItem(PRIVATE_KEY) ?? 0);
  if (Date.now() - last < PRIVATE_EVERY_MS) return;
  const response = await fetch('/api/routines');
  if (!response.ok) return;
  const urls = (await response.json()).map((routine) => `/routines/${routine.slug}/session`);
  registration.active?.postMessage({ type: 'CACHE_PRIVATE', urls });
  localStorage.setItem(PRIVATE_KEY, String(Date.now()));
}

async function register() {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  let reloading = false;
  // Reload only for an update the person asked for (not when a first worker takes control).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!updateRequested || reloading || playing()) return;
    reloading = true;
    window.location.reload();
  });
  await navigator.serviceWorker.ready;
  cacheRoutineSessions(await navigator.serviceWorker.ready).catch(() => {});
}

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    register().catch((error) => console.warn('Service worker registration failed:', error));
  });
}

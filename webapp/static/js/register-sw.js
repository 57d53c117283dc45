// Registers the service worker, offers updates (never during a running timer) and keeps the
// signed-in person's routine sessions cached for offline use (in their own cache only).
import { pageOwner, signedInOwner } from './owner.js';
import { appData } from './app-data.js';
import { gettext, lang } from './i18n.js';

// Per language: after a switch the worker drops the private copies, and they are fetched again.
const CHECKED_KEY = `backpoint:private-checked:${lang}`;
const LANG_KEY = 'backpoint:worker-lang';
const TAB_OWNER_KEY = 'backpoint:tab-owner';

// This tab's storage belongs to whoever was signed in when it was written: when that changes
// (a login ended and another began), nothing of it is kept.
function forgetAnotherPersonsTab() {
  const owner = signedInOwner();
  if ((sessionStorage.getItem(TAB_OWNER_KEY) ?? owner) !== owner) sessionStorage.clear();
  sessionStorage.setItem(TAB_OWNER_KEY, owner);
}
forgetAnotherPersonsTab();

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
      ? gettext('An update is ready. It will wait until your session is over.')
      : gettext('An update is available.');
    button.hidden = busy;
  };
  refresh();
  new MutationObserver(refresh).observe(document.body, { attributes: true, attributeFilter: ['data-screen'] });
  button.onclick = () => {
    updateRequested = true;
    worker.postMessage({ type: 'SKIP_WAITING' });
  };
}

// Once per tab: make sure every routine's session page is on this device, so any routine can
// be run offline, not only the ones already opened.
async function cacheRoutineSessions(registration) {
  const owner = pageOwner();
  if (!owner || owner !== signedInOwner() || sessionStorage.getItem(CHECKED_KEY)) return;
  const response = await fetch('/api/routines');
  if (!response.ok) return;
  const cache = await caches.open(`${appData.rules?.private_cache_prefix ?? 'backpoint-private-'}${owner}`);
  const urls = (await response.json()).map((routine) => `/routines/${routine.slug}/session`);
  urls.push('/history');
  const missing = [];
  for (const url of urls) {
    if (!(await cache.match(url))) missing.push(url);
  }
  if (missing.length) registration.active?.postMessage({ type: 'CACHE_PRIVATE', urls: missing });
  sessionStorage.setItem(CHECKED_KEY, 'yes');
}

async function register() {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  // A page in another language than last time: ask for the worker of this language now.
  if (localStorage.getItem(LANG_KEY) !== lang) {
    localStorage.setItem(LANG_KEY, lang);
    registration.update().catch(() => {});
  }
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  let reloading = false;
  // Reload only for an update the person asked for (not when a first worker takes control).
  // A worker of another language dropped the private copies: fetch them again, in this one.
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type !== 'PRIVATE_CLEARED') return;
    sessionStorage.removeItem(CHECKED_KEY);
    navigator.serviceWorker.ready.then(cacheRoutineSessions).catch(() => {});
  });
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

// Backpoint service worker. For now it only manages its own caches; the offline
// issue adds precaching and fetch handling.
const CACHE_PREFIX = 'backpoint-';
const VERSION = 'v1';
const SHELL_CACHE = `${CACHE_PREFIX}shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names
        .filter((name) => name.startsWith(CACHE_PREFIX) && name !== SHELL_CACHE)
        .map((name) => caches.delete(name)),
    )),
  );
});

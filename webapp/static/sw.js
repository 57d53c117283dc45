// Backpoint service worker: the app works offline after one visit.
// The server fills in VERSION (a hash of the static files) and PRECACHE when serving /sw.js.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const PREFIX = 'backpoint-';
const SHELL = `${PREFIX}shell-${VERSION}`;
const PRIVATE = `${PREFIX}private`;
const OFFLINE_URL = '/offline';
const NETWORK_TIMEOUT_MS = 3000;
const NEVER_CACHE = [/^\/login/, /^\/register/, /^\/logout/, /^\/account/, /^\/export/, /^\/welcome/, /^\/healthz$/];
const SESSION_PAGE = /^\/routines\/[^/]+\/session$/;
// The person's own pages: kept in the private cache, which logout clears.
const PRIVATE_PAGE = /^\/(history|report)(\/|$)/;

self.addEventListener('install', (event) => {
  // Without cookies: the shell is what a stranger sees, never a signed-in person's home.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: 'omit' }));
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(`${PREFIX}shell-`) && name !== SHELL)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const { type, urls } = event.data ?? {};
  if (type === 'SKIP_WAITING') self.skipWaiting();
  if (type === 'CACHE_PRIVATE') event.waitUntil(cachePrivate(urls ?? []));
  if (type === 'CLEAR_PRIVATE') event.waitUntil(caches.delete(PRIVATE));
});

async function cachePrivate(urls) {
  const cache = await caches.open(PRIVATE);
  await Promise.all(urls.map(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin', redirect: 'manual' });
    if (response.ok) await cache.put(url, response);
  }));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function pageRequest(request, url) {
  let cacheName = SESSION_PAGE.test(url.pathname) || PRIVATE_PAGE.test(url.pathname) ? PRIVATE : SHELL;
  // One copy of each routine's session page and of the report (whatever its dates).
  const key = SESSION_PAGE.test(url.pathname) || url.pathname === '/report' ? url.pathname : request;
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    // A page the server marks as the person's own (the signed-in home) goes to the private cache.
    if (response.headers.get('X-Backpoint-Private') === '1') cacheName = PRIVATE;
    if (response.ok && !response.redirected) {
      const cache = await caches.open(cacheName);
      await cache.put(key, response.clone());
    }
    return response;
  } catch {
    // Offline: the person's own copy first (their home rather than the brochure), then the
    // shell's, else (for the person's pages) the same page with other query parameters, such as
    // another chart range, else the offline page.
    const cached = (await (await caches.open(PRIVATE)).match(key))
      ?? (await caches.match(key))
      ?? (cacheName === PRIVATE ? await caches.match(key, { ignoreSearch: true }) : undefined);
    return cached ?? (await caches.match(OFFLINE_URL));
  }
}

async function staticRequest(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function catalogRequest(request) {
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
    return response;
  } catch {
    const cached = await caches.match(request);
    if (cached) return cached;
    throw new Error('offline and not cached');
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (NEVER_CACHE.some((pattern) => pattern.test(url.pathname))) return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticRequest(request));
  } else if (url.pathname === '/api/routines' || url.pathname === '/api/points') {
    event.respondWith(catalogRequest(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(pageRequest(request, url));
  }
});

// Reminders (Web Push): a calm notification; a tap opens the routine's check-in, offline too,
// as the session page is in the private cache.
const REMINDER_DEFAULT = { title: 'Time for your back routine', body: 'A few calm minutes, when it suits you.', url: '/last-routine' };

function reminderFrom(event) {
  try {
    return { ...REMINDER_DEFAULT, ...(event.data?.json() ?? {}) };
  } catch {
    return REMINDER_DEFAULT;
  }
}

self.addEventListener('push', (event) => {
  const reminder = reminderFrom(event);
  const url = new URL(reminder.url, self.location.origin);
  const path = url.origin === self.location.origin ? url.pathname : REMINDER_DEFAULT.url;
  event.waitUntil(self.registration.showNotification(reminder.title, {
    body: reminder.body,
    tag: reminder.tag ?? 'backpoint-reminder',
    icon: '/static/icons/icon-192.png',
    badge: '/static/icons/icon-192.png',
    data: { url: path },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? REMINDER_DEFAULT.url, self.location.origin).href;
  event.waitUntil((async () => {
    // An open Backpoint window goes to the check-in (one window, not one per reminder).
    const windows = await self.clients.matchAll({ type: 'window' });
    const open = windows.find((client) => client.url === target) ?? windows[0];
    if (!open) return self.clients.openWindow(target);
    const shown = open.url === target ? open : await open.navigate(target);
    return (shown ?? open).focus().catch(() => {});
  })());
});

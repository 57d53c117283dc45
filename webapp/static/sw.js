// Backpoint service worker: the app works offline after one visit.
// The server fills in VERSION (a hash of the static files), PRECACHE, the language and the owner
// cookie and header names when serving /sw.js.
const VERSION = '__VERSION__';
// The interface language this worker keeps pages in: /sw.js is served in the person's language,
// so a switch makes a new worker (VERSION hashes the language too) with its own shell.
const LANG = '__LANG__';
const PRECACHE = __PRECACHE__;
const OWNER_COOKIE = '__OWNER_COOKIE__';
const OWNER_HEADER = '__OWNER_HEADER__';
const PREFIX = 'backpoint-';
const SHELL = `${PREFIX}shell-${LANG}-${VERSION}`;
// One private cache per person: `backpoint-private-<owner key>`. The shell holds only pages
// rendered for nobody; a page rendered for someone (the server's owner header) goes to theirs.
const PRIVATE_PREFIX = '__PRIVATE_CACHE_PREFIX__';
const LEGACY_PRIVATE = `${PREFIX}private`;
const OFFLINE_URL = '/offline';
const NETWORK_TIMEOUT_MS = 3000;
// The page that answers a form the person sent ("You are logged out.", "Saved.") says what the
// server did, and on logout it is what clears the device: it is waited for, however slow, and
// never swapped for a cached copy after NETWORK_TIMEOUT_MS. Only no network at all falls back.
const FORM_ANSWER_MS = 60_000;
let formSentAt = 0;
// Both lists are the server's (webapp/security.py), filled in when /sw.js is served.
const NEVER_CACHE = __NEVER_CACHED__;
const PRIVATE_PAGES = __PRIVATE_PAGES__;
const SESSION_PAGE = /^\/routines\/[^/]+\/session$/;
// The person's own pages: never in the shell, only ever served from their owner's cache.
const isPrivatePage = (path) => PRIVATE_PAGES.some((page) => path === page || path.startsWith(`${page}/`));

const privateCache = (owner) => `${PRIVATE_PREFIX}${owner}`;
const MATCH = { ignoreVary: true };

// Fetched without cookies, so the shell is what anybody would see, whoever is signed in.
self.addEventListener('install', (event) => {
  const requests = PRECACHE.map((url) => new Request(url, { credentials: 'omit', headers: { 'Accept-Language': LANG } }));
  event.waitUntil((async () => {
    await (await caches.open(SHELL)).addAll(requests);
    // A language switch takes effect at once (nothing reloads): offline, no page of the other
    // language may be shown, and the waiting worker would keep serving it.
    if ((await caches.keys()).some((name) => isShellOfAnotherLanguage(name))) await self.skipWaiting();
  })());
});

// Who is signed in in this browser now: the owner cookie lives exactly as long as the login.
// Without the Cookie Store API the worker cannot know, so it serves nobody's private pages.
async function currentOwner() {
  if (!self.cookieStore) return null;
  try {
    return (await self.cookieStore.get(OWNER_COOKIE))?.value || '';
  } catch {
    return null;
  }
}

// The device is now `owner`'s ('' for nobody's): every other person's private copies go.
function isShellOfAnotherLanguage(name) {
  return name.startsWith(`${PREFIX}shell-`) && !name.startsWith(`${PREFIX}shell-${LANG}-`);
}

async function forgetOthers(owner) {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name === LEGACY_PRIVATE || (name.startsWith(PRIVATE_PREFIX) && name !== privateCache(owner)))
    .map((name) => caches.delete(name)));
}

async function forgetAllPrivate() {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name === LEGACY_PRIVATE || name.startsWith(PRIVATE_PREFIX))
    .map((name) => caches.delete(name)));
}

// Keep a response: in its person's cache if the server rendered it for someone, else (public
// pages only, and only those the server lets be stored) in the shell.
async function keep(key, response, privatePage) {
  const language = response.headers.get('Content-Language');
  if (language && language !== LANG) return;
  const owner = response.headers.get(OWNER_HEADER);
  if (owner) {
    await (await caches.open(privateCache(owner))).put(key, response);
  } else if (!privatePage && !/no-store/.test(response.headers.get('Cache-Control') ?? '')) {
    await (await caches.open(SHELL)).put(key, response);
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    // The private copies are in the language they were fetched in: after a switch they go, and
    // the pages fill them again in the new language (register-sw.js).
    const switched = names.some((name) => isShellOfAnotherLanguage(name));
    if (switched) await forgetAllPrivate();
    await Promise.all(names
      .filter((name) => name.startsWith(`${PREFIX}shell-`) && name !== SHELL)
      .map((name) => caches.delete(name)));
    // The earlier version's private cache said nobody's name: it cannot be served safely.
    await caches.delete(LEGACY_PRIVATE);
    await self.clients.claim();
    if (switched) {
      for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'PRIVATE_CLEARED' });
    }
  })());
});

self.addEventListener('message', (event) => {
  const { type, urls } = event.data ?? {};
  if (type === 'SKIP_WAITING') self.skipWaiting();
  if (type === 'CACHE_PRIVATE') event.waitUntil(cachePrivate(urls ?? []));
  if (type === 'CLEAR_PRIVATE') event.waitUntil(forgetAllPrivate());
});

async function cachePrivate(urls) {
  await Promise.all(urls.map(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin', redirect: 'manual' });
    if (response.ok) await keep(url, response, true);
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
  const privatePage = SESSION_PAGE.test(url.pathname) || isPrivatePage(url.pathname);
  // One copy of each routine's session page and of the report (whatever its dates).
  const key = SESSION_PAGE.test(url.pathname) || url.pathname === '/report' ? url.pathname : request;
  const answersForm = Date.now() - formSentAt < FORM_ANSWER_MS;
  formSentAt = 0;
  let response;
  try {
    response = await (answersForm ? fetch(request) : withTimeout(fetch(request), NETWORK_TIMEOUT_MS));
  } catch {
    return offlinePage(key, privatePage);
  }
  if (response.ok && !response.redirected) await keep(key, response.clone(), privatePage);
  // Every HTML page says whom it was rendered for: that is whose device this is now.
  if ((response.headers.get('Content-Type') ?? '').startsWith('text/html')) {
    await forgetOthers(response.headers.get(OWNER_HEADER) ?? '');
  }
  return response;
}

// Offline: this very page from the signed-in person's own cache (for their pages also with other
// query parameters, such as another chart range), else a public page from the shell, else the
// offline page. Nobody signed in, or nobody known: no private page at all.
async function offlinePage(key, privatePage) {
  const owner = await currentOwner();
  if (owner !== null) await forgetOthers(owner);
  let cached;
  if (owner) {
    const mine = await caches.open(privateCache(owner));
    cached = (await mine.match(key, MATCH))
      ?? (privatePage ? await mine.match(key, { ...MATCH, ignoreSearch: true }) : undefined);
  }
  if (!cached && !privatePage) cached = await (await caches.open(SHELL)).match(key, MATCH);
  return cached ?? (await (await caches.open(SHELL)).match(OFFLINE_URL, MATCH));
}

async function staticRequest(request) {
  const cached = await (await caches.open(SHELL)).match(request, MATCH);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && !response.headers.has(OWNER_HEADER)) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function catalogRequest(request) {
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok && !response.headers.has(OWNER_HEADER)) (await caches.open(SHELL)).put(request, response.clone());
    return response;
  } catch {
    const cached = await (await caches.open(SHELL)).match(request, MATCH);
    if (cached) return cached;
    throw new Error('offline and not cached');
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // A form sent by a page (it goes to the network as it is); the page after it is its answer.
  if (request.mode === 'navigate' && request.method !== 'GET') formSentAt = Date.now();
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (NEVER_CACHE.some((path) => url.pathname.startsWith(path))) return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticRequest(request));
  } else if (['/api/routines', '/api/points', '/api/search-index'].includes(url.pathname)) {
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

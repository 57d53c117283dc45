// The outbox: every finished session is written to IndexedDB first, then sent to the server.
// Nothing leaves the outbox until the server has stored it (201/200); the server deduplicates
// by session id, so sending twice (two tabs, a lost answer) stores one row.
// Each entry keeps its owner (the person's opaque key): it is only ever sent, shown or counted
// while that person is signed in here. Entries of an earlier version have no owner: nobody can
// tell whose they are, so they are held, never sent (see the README).
import { refreshCsrfToken, sendJson } from './api.js';
import { gettext } from './i18n.js';
import { ownerHeader, pageOwner, signedInOwner } from './owner.js';

const DB_NAME = 'backpoint';
const STORE = 'outbox';
const MAX_BACKOFF_MS = 5 * 60 * 1000;
// Server errors (5xx, 429) an entry may meet (about 8 minutes of backing off) before it is
// listed as refused, to retry by hand;
// a network that is down is not an error of the entry, so it is retried for as long as it takes.
export const MAX_SERVER_ERRORS = 8;
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
const listeners = new Set();
let timer = null;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const result = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => { db.close(); resolve(result.result ?? result); };
    transaction.onerror = () => { db.close(); reject(transaction.error); };
    // An aborted transaction (storage full, the browser closing the database) would otherwise
    // leave the send waiting for ever, holding the outbox's lock in this tab.
    transaction.onabort = () => { db.close(); reject(transaction.error ?? new Error('outbox transaction aborted')); };
  });
}

const allEntries = () => run('readonly', (store) => store.getAll());
const isMine = (entry, owner = signedInOwner()) => Boolean(owner) && entry.owner === owner;
// The signed-in person's entries; nobody else's.
export const entries = async () => (await allEntries()).filter((entry) => isMine(entry));
const put = (entry) => run('readwrite', (store) => store.put(entry));
const remove = (id) => run('readwrite', (store) => store.delete(id));

// Delete one person's entries (logging out, deleting the account); others' stay for them.
export async function clearOutbox(owner) {
  for (const entry of await allEntries()) {
    if (entry.owner === owner) await remove(entry.id);
  }
}

// listener(mine, othersWaiting): the signed-in person's entries, and whether anyone else's wait.
export function onOutboxChange(listener) {
  listeners.add(listener);
  split().then(([mine, others]) => listener(mine, others)).catch(() => {});
}

async function split() {
  const all = await allEntries();
  const mine = all.filter((entry) => isMine(entry));
  return [mine, mine.length < all.length];
}

async function announce() {
  const [mine, others] = await split();
  for (const listener of listeners) listener(mine, others);
}

// Keep a finished session (or, with its url, a pain check or a correction) on this device, then
// try to send it. A correction is PATCHed under its own key, so a newer one replaces an older.
// Resolves once it is kept and sent, or kept and `patience` ms have passed (the send goes on).
export async function saveToOutbox(session, url = '/api/sessions', { method = 'POST', key = session.id, patience = Infinity } = {}) {
  const owner = pageOwner() || signedInOwner();
  await put({ id: key, owner, session, url, method, attempts: 0, nextAt: 0, state: 'pending', reason: '' });
  navigator.storage?.persist?.().catch(() => {});
  await announce();
  const sending = drain().catch(() => {}); // kept on the device: a failed send is tried again
  if (Number.isFinite(patience)) {
    await Promise.race([sending, new Promise((resolve) => { setTimeout(resolve, patience); })]);
  } else {
    await sending;
  }
}

// The owner goes along: the server refuses it (403) if someone else is signed in by now.
async function post(session, owner, url = '/api/sessions', method = 'POST') {
  const headers = { [ownerHeader()]: owner };
  let answer = await sendJson(method, url, session, headers);
  if (answer.status === 400 && answer.body?.errors?.csrf) {
    await refreshCsrfToken();
    answer = await sendJson(method, url, session, headers);
  }
  return answer;
}

// How long the server asked to wait (Retry-After: seconds or an HTTP date), in ms, or null.
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return null;
  const wait = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(wait) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, wait)) : null;
}

// The entry after a failed try: wait and try again, or, after MAX_SERVER_ERRORS, refused.
export function afterFailure(entry, answer, now = Date.now()) {
  const attempts = entry.attempts + 1;
  const serverErrors = (entry.serverErrors ?? 0) + (answer.status ? 1 : 0);
  if (serverErrors >= MAX_SERVER_ERRORS) {
    const reason = gettext('The server failed %(count)s times (last answer %(status)s). Try again later.', { count: serverErrors, status: answer.status });
    return { ...entry, attempts, serverErrors, state: 'rejected', reason, retryable: true };
  }
  const backoff = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** attempts);
  const wait = Math.max(backoff, retryAfterMs(answer.retryAfter, now) ?? 0);
  return { ...entry, attempts, serverErrors, nextAt: now + wait, state: 'pending', reason: '' };
}

// Send a refused entry again, from scratch (the person's "Try again").
export async function retryEntry(id) {
  const entry = (await entries()).find((item) => item.id === id);
  if (!entry) return;
  await put({ ...entry, state: 'pending', attempts: 0, serverErrors: 0, nextAt: 0, reason: '' });
  await drain();
}

async function drainNow() {
  const now = Date.now();
  const owner = signedInOwner();
  for (const entry of await entries()) {
    if (entry.state === 'rejected' || entry.nextAt > now || !isMine(entry, owner)) continue;
    let answer;
    try {
      answer = await post(entry.session, owner, entry.url, entry.method);
    } catch {
      answer = { status: 0 };
    }
    if (answer.status === 403 && answer.body?.errors?.owner) {
      continue;
    } else if (answer.status === 200 || answer.status === 201) {
      await remove(entry.id);
    } else if (answer.status === 401) {
      await put({ ...entry, state: 'login', reason: gettext('Log in again to send it.') });
    } else if (answer.status === 0 || answer.status >= 500 || answer.status === 429
      // A correction can overtake the session it corrects: wait for that to arrive.
      || (answer.status === 404 && entry.method === 'PATCH')) {
      await put(afterFailure(entry, answer));
    } else {
      const reasons = Object.values(answer.body?.errors ?? {}).join(' ');
      await put({ ...entry, state: 'rejected', reason: reasons || gettext('The server answered %(status)s.', { status: answer.status }) });
    }
  }
  await announce();
  scheduleRetry();
}

async function scheduleRetry() {
  clearTimeout(timer);
  const waiting = (await entries()).filter((entry) => entry.state === 'pending');
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((entry) => entry.nextAt));
  timer = setTimeout(drain, Math.max(1000, next - Date.now()));
}

// Send what is due. One tab at a time (Web Locks); replays are safe anyway.
export function drain() {
  if (!navigator.onLine) return Promise.resolve();
  const locks = navigator.locks;
  if (!locks) return drainNow();
  return locks.request('backpoint-outbox', { ifAvailable: true }, (lock) => (lock ? drainNow() : null));
}

// Entries waiting for a login are retried as soon as the person is back.
export async function retryAfterLogin() {
  for (const entry of await entries()) {
    if (entry.state === 'login') await put({ ...entry, state: 'pending', nextAt: 0 });
  }
  return drain();
}

// After a device log's stored sessions moved into this account, the server names that log's
// owner once (data-adopt-owner): its entries still waiting here become this person's, to send.
export async function adoptEntries(from, to = signedInOwner()) {
  if (!from || !to || from === to || pageOwner() !== to) return;
  for (const entry of await allEntries()) {
    if (entry.owner !== from) continue;
    const state = entry.state === 'login' ? 'pending' : entry.state;
    await put({ ...entry, owner: to, state, nextAt: 0 });
  }
}

export async function startOutbox() {
  window.addEventListener('online', () => drain());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') drain();
  });
  await adoptEntries(document.body.dataset.adoptOwner).catch(() => {});
  return retryAfterLogin();
}

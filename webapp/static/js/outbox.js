// The outbox: every finished session is written to IndexedDB first, then sent to the server.
// Nothing leaves the outbox until the server has stored it (201/200); the server deduplicates
// by session id, so sending twice (two tabs, a lost answer) stores one row.
// Each entry keeps its owner (the person's opaque key): it is only ever sent, shown or counted
// while that person is signed in here. Entries of an earlier version have no owner: nobody can
// tell whose they are, so they are held, never sent (see the README).
import { refreshCsrfToken, sendJson } from './api.js';
import { ownerHeader, pageOwner, signedInOwner } from './owner.js';

const DB_NAME = 'backpoint';
const STORE = 'outbox';
const MAX_BACKOFF_MS = 5 * 60 * 1000;
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

// Keep a finished session on this device, then try to send it.
export async function saveToOutbox(session) {
  const owner = pageOwner() || signedInOwner();
  await put({ id: session.id, owner, session, attempts: 0, nextAt: 0, state: 'pending', reason: '' });
  navigator.storage?.persist?.().catch(() => {});
  await announce();
  await drain();
}

// The owner goes along: the server refuses it (403) if someone else is signed in by now.
async function post(session, owner) {
  const headers = { [ownerHeader()]: owner };
  let answer = await sendJson('POST', '/api/sessions', session, headers);
  if (answer.status === 400 && answer.body?.errors?.csrf) {
    await refreshCsrfToken();
    answer = await sendJson('POST', '/api/sessions', session, headers);
  }
  return answer;
}

async function drainNow() {
  const now = Date.now();
  const owner = signedInOwner();
  for (const entry of await entries()) {
    if (entry.state === 'rejected' || entry.nextAt > now || !isMine(entry, owner)) continue;
    let answer;
    try {
      answer = await post(entry.session, owner);
    } catch {
      answer = { status: 0 };
    }
    if (answer.status === 403 && answer.body?.errors?.owner) {
      continue;
    } else if (answer.status === 200 || answer.status === 201) {
      await remove(entry.id);
    } else if (answer.status === 401) {
      await put({ ...entry, state: 'login', reason: 'Log in again to send it.' });
    } else if (answer.status === 0 || answer.status >= 500 || answer.status === 429) {
      const attempts = entry.attempts + 1;
      const wait = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** attempts);
      await put({ ...entry, attempts, nextAt: Date.now() + wait, state: 'pending', reason: '' });
    } else {
      const reasons = Object.values(answer.body?.errors ?? {}).join(' ');
      await put({ ...entry, state: 'rejected', reason: reasons || `The server answered ${answer.status}.` });
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

export function startOutbox() {
  window.addEventListener('online', () => drain());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') drain();
  });
  retryAfterLogin();
}

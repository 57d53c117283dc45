// This device's Web Push subscription: make it, send it to the server, or end it on both sides.
const URL_PATH = '/api/push-subscriptions';

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

async function send(method, body) {
  const response = await fetch(URL_PATH, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
    body: JSON.stringify(body),
  });
  return response;
}

export async function currentSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

// Only ever called from a tap: browsers (and people) dislike permission prompts on page load.
export async function subscribe(publicKey) {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return { ok: false, reason: permission };
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey),
  });
  const response = await send('POST', subscription.toJSON());
  return { ok: response.ok, reason: response.ok ? 'subscribed' : 'server' };
}

// Tell the server again about an existing subscription (the same endpoint is stored once).
export async function resend(subscription) {
  return (await send('POST', subscription.toJSON())).ok;
}

// Ends reminders on this device: the server forgets the endpoint, then the browser drops it.
export async function unsubscribe() {
  const subscription = await currentSubscription();
  if (!subscription) return true;
  const response = await send('DELETE', { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
  return response.ok || response.status === 404;
}

// Talking to the server: CSRF token handling and JSON requests.

const tokenMeta = () => document.querySelector('meta[name="csrf-token"]');

export function csrfToken() {
  return tokenMeta()?.content ?? '';
}

export async function refreshCsrfToken() {
  const response = await fetch('/api/csrf-token', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`csrf-token answered ${response.status}`);
  const { csrf_token: token } = await response.json();
  const meta = tokenMeta();
  if (meta) meta.content = token;
  return token;
}

// Send JSON; returns { status, body, retryAfter } (body is null when the answer is not JSON;
// retryAfter is the Retry-After header, or null).
export async function sendJson(method, url, payload, headers = {}) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), ...headers },
    body: JSON.stringify(payload),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, body, retryAfter: response.headers.get('Retry-After') };
}

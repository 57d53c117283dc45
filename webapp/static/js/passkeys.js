// Passkeys with the browser's own navigator.credentials: the server's WebAuthn options arrive
// as JSON with base64url strings; the browser wants ArrayBuffers, and answers with them.

import { csrfToken } from './api.js';
import { gettext } from './i18n.js';

const toBuffer = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)).buffer;
};

const toText = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
    body: body === undefined ? '{}' : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.errors?.passkey ?? gettext('Something went wrong. Try again.'));
  return data;
}

function credentialJson(credential) {
  const { response } = credential;
  const json = {
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: { clientDataJSON: toText(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    json.response.attestationObject = toText(response.attestationObject);
    json.response.transports = response.getTransports?.() ?? [];
  } else {
    json.response.authenticatorData = toText(response.authenticatorData);
    json.response.signature = toText(response.signature);
    if (response.userHandle) json.response.userHandle = toText(response.userHandle);
  }
  return json;
}

async function addPasskey() {
  const options = await post('/passkeys/new/options');
  options.challenge = toBuffer(options.challenge);
  options.user.id = toBuffer(options.user.id);
  for (const item of options.excludeCredentials ?? []) item.id = toBuffer(item.id);
  const credential = await navigator.credentials.create({ publicKey: options });
  return post('/passkeys/new', credentialJson(credential));
}

async function signIn() {
  const options = await post('/passkeys/sign-in/options');
  options.challenge = toBuffer(options.challenge);
  for (const item of options.allowCredentials ?? []) item.id = toBuffer(item.id);
  const credential = await navigator.credentials.get({ publicKey: options });
  return post('/passkeys/sign-in', credentialJson(credential));
}

for (const button of document.querySelectorAll('[data-passkey]')) {
  const status = document.getElementById(button.dataset.status);
  if (!window.PublicKeyCredential) {
    button.hidden = true;
    continue;
  }
  button.hidden = false;
  button.addEventListener('click', async () => {
    status.textContent = '';
    button.disabled = true;
    try {
      const { redirect } = await (button.dataset.passkey === 'add' ? addPasskey() : signIn());
      window.location.assign(redirect);
    } catch (error) {
      status.textContent = error.name === 'NotAllowedError'
        ? gettext('No passkey was used. You can try again.')
        : error.message;
      button.disabled = false;
    }
  });
}

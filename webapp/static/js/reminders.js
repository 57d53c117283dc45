// The reminder settings page: the time zone from this device, and reminders on this device.
import { currentSubscription, pushSupported, resend, subscribe, unsubscribe } from './push-device.js';
import { gettext } from './i18n.js';

const data = JSON.parse(document.getElementById('reminders-data').textContent);
const zoneSelect = document.getElementById('time_zone');
const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const status = document.getElementById('push-status');
const onButton = document.getElementById('push-on');
const offButton = document.getElementById('push-off');

function offerDeviceZone() {
  const known = [...zoneSelect.options].some((option) => option.value === deviceZone);
  if (!known) return;
  if (!data.saved_zone && !zoneSelect.closest('.field-error')) zoneSelect.value = deviceZone;
  if (zoneSelect.value === deviceZone) return;
  document.getElementById('device-zone-text').textContent = gettext('This device is set to %(zone)s.', { zone: deviceZone });
  document.getElementById('device-zone').hidden = false;
  document.getElementById('use-device-zone').onclick = () => {
    zoneSelect.value = deviceZone;
    document.getElementById('device-zone').hidden = true;
    zoneSelect.focus();
  };
}

const isIOS = /iPhone|iPad|iPod/.test(navigator.userAgent)
  || (navigator.userAgent.includes('Macintosh') && navigator.maxTouchPoints > 1);
const installed = window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;

function show(subscribed) {
  onButton.hidden = subscribed;
  offButton.hidden = !subscribed;
}

async function setUpPush() {
  if (isIOS && !installed) {
    // Safari shows web push only to installed apps: offer the calendar first.
    document.getElementById('push-ios').hidden = false;
    document.getElementById('push').before(document.getElementById('calendar'));
  }
  if (!pushSupported()) {
    if (!(isIOS && !installed)) document.getElementById('push-unsupported').hidden = false;
    return;
  }
  const existing = await currentSubscription();
  if (existing && Notification.permission === 'granted') {
    status.textContent = gettext('This device gets your reminders.');
    show(true);
    resend(existing).catch(() => {});
  } else {
    status.textContent = Notification.permission === 'denied'
      ? gettext('Notifications are blocked for Backpoint in this browser’s settings.')
      : gettext('This device does not get reminders yet.');
    show(false);
  }
  onButton.addEventListener('click', async () => {
    onButton.disabled = true;
    status.textContent = gettext('Asking your browser…');
    try {
      const result = await subscribe(data.vapid_public_key);
      if (result.ok) {
        status.textContent = gettext('This device gets your reminders.');
        show(true);
        offButton.focus();
      } else if (result.reason === 'denied') {
        status.textContent = gettext('Notifications are blocked for Backpoint in this browser’s settings.');
      } else if (result.reason === 'server') {
        status.textContent = gettext('The server could not store this device. Please try again.');
      } else {
        status.textContent = gettext('Reminders were not turned on for this device.');
      }
    } catch (error) {
      status.textContent = gettext('This browser could not turn on reminders (it said: %(error)s). The calendar link below works everywhere.', { error: error.message });
    } finally {
      onButton.disabled = false;
    }
  });
  offButton.addEventListener('click', async () => {
    offButton.disabled = true;
    const ok = await unsubscribe().catch(() => false);
    offButton.disabled = false;
    status.textContent = ok ? gettext('This device no longer gets reminders.') : gettext('Could not reach the server. Please try again.');
    if (ok) { show(false); onButton.focus(); }
  });
}

offerDeviceZone();
setUpPush();

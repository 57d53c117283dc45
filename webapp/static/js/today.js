// The signed-in home, possibly read from the cache: say so when it was made on another day.
import { formatDate, gettext } from './i18n.js';
const section = document.getElementById('today');
const note = document.getElementById('today-stale');

function localDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

if (section && note && section.dataset.day !== localDay(new Date())) {
  const shown = new Date(`${section.dataset.day}T12:00:00`);
  const day = formatDate(shown, { weekday: 'long', day: 'numeric', month: 'long' });
  note.textContent = navigator.onLine
    ? gettext("Saved on %(day)s; today's sessions may not show yet.", { day })
    : gettext("Saved on %(day)s (you are offline); today's sessions may not show yet.", { day });
  note.hidden = false;
}

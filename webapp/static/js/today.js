// The signed-in home, possibly read from the cache: say so when it was made on another day.
const section = document.getElementById('today');
const note = document.getElementById('today-stale');

function localDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

if (section && note && section.dataset.day !== localDay(new Date())) {
  const shown = new Date(`${section.dataset.day}T12:00:00`);
  note.textContent = `Saved on ${shown.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })}${navigator.onLine ? '' : ' (you are offline)'}; today's sessions may not show yet.`;
  note.hidden = false;
}

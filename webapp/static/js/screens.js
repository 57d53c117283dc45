// One screen of the session page at a time; focus moves to its heading for screen readers.

export function showScreen(root, id) {
  for (const section of root.querySelectorAll(':scope > section')) {
    section.hidden = section.id !== id;
  }
  document.getElementById(id).classList.remove('screen-prepared');
  document.getElementById(id).inert = false;
  document.body.dataset.screen = id;
  const heading = document.getElementById(id).querySelector('h1');
  if (heading) document.title = `${heading.textContent.trim()} · Backpoint`;
  window.scrollTo(0, 0);
  document.getElementById(id).querySelector('h1')?.focus();
}

// Lay a screen out before it is shown, unseen, untouchable and unread (app.css), so that
// showing it costs little more than a paint.
export function prepareScreen(id) {
  const screen = document.getElementById(id);
  screen.inert = true;
  screen.classList.add('screen-prepared');
  screen.hidden = false;
}

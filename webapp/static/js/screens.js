// One screen of the session page at a time; focus moves to its heading for screen readers.

export function showScreen(root, id) {
  for (const section of root.querySelectorAll(':scope > section')) {
    section.hidden = section.id !== id;
  }
  document.body.dataset.screen = id;
  window.scrollTo(0, 0);
  document.getElementById(id).querySelector('h1')?.focus();
}

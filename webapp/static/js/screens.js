// One screen of the session page at a time; focus moves to its heading for screen readers.

export function showScreen(root, id) {
  for (const section of root.querySelectorAll(':scope > section')) {
    section.hidden = section.id !== id;
  }
  document.body.dataset.screen = id;
  const heading = document.getElementById(id).querySelector('h1');
  if (heading) document.title = `${heading.textContent.trim()} · Backpoint`;
  window.scrollTo(0, 0);
  document.getElementById(id).querySelector('h1')?.focus();
}

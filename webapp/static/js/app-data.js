// What the server hands every page's scripts (base.html's #app-data): the page's language and its
// interface words (from the same messages.po as the page), the shared vocabulary, and the rules
// both sides use. Read once; under Node (unit tests) there is no page, so it is empty.
const element = typeof document === 'undefined' ? null : document.getElementById('app-data');

export const appData = element ? JSON.parse(element.textContent) : {};

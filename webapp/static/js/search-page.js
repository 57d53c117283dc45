// /search with no network: the form is answered on the device from the saved catalog
// (search-offline.js), so a person offline still finds routines and points. Online, the form
// goes to the server as usual (it also forgives typos).
import { searchOffline } from './search-offline.js';
import { gettext, ngettext } from './i18n.js';

const form = document.querySelector('form.search[data-offline-search]');
const out = document.getElementById('offline-results');

function item(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function link(href, text) {
  const a = item('a', '', text);
  a.href = href;
  return a;
}

function routineCard(routine) {
  const card = item('li', 'card routine-card');
  const title = item('h4');
  title.append(link(`/routines/${encodeURIComponent(routine.slug)}`, routine.title));
  card.append(title, item('p', 'tag', routine.focus), item('p', '', routine.summary));
  return card;
}

function pointCard(point) {
  const card = item('li', 'card point-card');
  const title = item('h4');
  const a = link(`/points/${encodeURIComponent(point.code)}`, '');
  a.append(item('span', 'code', point.code), ` ${point.name}`);
  title.append(a);
  const region = point.region.charAt(0).toUpperCase() + point.region.slice(1);
  card.append(title, item('p', 'muted', `${point.pinyin} · ${region}`));
  if (point.aliases.length) {
    card.append(item('p', 'aliases', `${gettext('Also called:')} ${point.aliases.join(', ')}${point.more_aliases ? ', …' : ''}`));
  }
  return card;
}

function group(headingText, id, cards) {
  const heading = item('h3', '', headingText);
  heading.id = id;
  const list = item('ul', 'cards');
  list.setAttribute('aria-labelledby', id);
  list.append(...cards);
  return [heading, list];
}

function show(query, result) {
  const shown = query.length > 60 ? `${query.slice(0, 60)}…` : query;
  const found = result.guidance.length || result.routines.length || result.points.length;
  const section = item('section');
  section.setAttribute('aria-labelledby', 'offline-results-heading');
  const heading = item('h2', '', found ? gettext('Results for “%(query)s”', { query: shown }) : gettext('No results'));
  heading.id = 'offline-results-heading';
  heading.tabIndex = -1;
  section.append(heading, item('p', 'callout', gettext('You are offline: these come from the catalog saved on this device. Spelling mistakes are forgiven once you are back online.')));
  for (const name of result.guidance) {
    const guidance = document.getElementById(`offline-guidance-${name}`);
    if (guidance) section.append(guidance.content.cloneNode(true));
  }
  const routines = result.routines.length;
  const points = result.points.length;
  if (routines) section.append(...group(ngettext('%(num)d routine', '%(num)d routines', routines), 'offline-routines', result.routines.map(routineCard)));
  if (points) section.append(...group(ngettext('%(num)d point', '%(num)d points', points), 'offline-points', result.points.map(pointCard)));
  if (!found) section.append(item('p', '', gettext('Nothing matched. Try where it hurts (low back, leg, upper back) or a point code such as BL23.')));
  document.getElementById('results')?.remove();
  out.replaceChildren(section);
  heading.focus();
}

if (form && out) {
  form.addEventListener('submit', async (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const query = new FormData(form).get('q') ?? '';
    try {
      // The language in the URL: the service worker keeps one saved index per language.
      const response = await fetch(`/api/search-index?lang=${document.documentElement.lang || 'en'}`);
      if (!response.ok) throw new Error(String(response.status));
      show(query, searchOffline(await response.json(), query));
    } catch {
      out.replaceChildren(item('p', 'callout callout-warn', gettext('You are offline and this device has no saved catalog yet: open Backpoint once online, then search again.')));
    }
  });
}

// The history page: draws the pain-trend chart and lists the sessions still waiting on this
// device (the outbox), so a session logged offline shows at once, marked as not yet synced.
import { onOutboxChange } from './outbox.js';
import { describeChange } from './pain.js';
import { drawTrend, followScreen, tableOnOpen } from './trend-chart.js';
import { formatDate, gettext, ngettext } from './i18n.js';

// The same outcome words as the server's log, handed over by the page.
const OUTCOME_WORDS = JSON.parse(document.getElementById('pending')?.dataset.outcomes ?? '{}');

async function routineTitles() {
  try {
    const response = await fetch(`/api/routines?lang=${document.documentElement.lang || 'en'}`);
    if (!response.ok) return {};
    return Object.fromEntries((await response.json()).map((routine) => [routine.slug, routine.title]));
  } catch {
    return {};
  }
}

function paragraph(text, className) {
  const element = document.createElement('p');
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function when(iso) {
  const date = new Date(iso);
  const day = formatDate(date, { weekday: 'long', day: 'numeric', month: 'long' });
  const time = formatDate(date, { hour: '2-digit', minute: '2-digit' });
  return gettext('%(day)s at %(time)s', { day, time });
}

function pendingItem(entry, titles) {
  if (entry.url === '/api/pain-checks') return pendingCheck(entry);
  const { session } = entry;
  const item = document.createElement('li');
  item.className = 'card log-item log-pending';
  item.dataset.id = session.id;
  const head = paragraph('', 'log-head');
  const title = document.createElement('strong');
  title.textContent = titles[session.routine] ?? session.routine;
  const tag = document.createElement('span');
  tag.className = entry.state === 'rejected' ? 'tag tag-warn' : 'tag';
  tag.textContent = entry.state === 'rejected' ? gettext('Not synced') : gettext('Waiting to sync');
  head.append(title, ' ', tag);
  item.append(head, paragraph(when(session.started_at), 'muted'));
  item.append(paragraph(describeChange(session.pain_before, session.pain_after)));
  item.append(paragraph(OUTCOME_WORDS[session.outcome] ?? session.outcome, 'muted'));
  if (session.note) item.append(paragraph(session.note, 'note'));
  if (entry.state === 'rejected') item.append(paragraph(gettext('The server refused it: %(reason)s', { reason: entry.reason }), 'error'));
  return item;
}

// A pain check still on this device: marked apart from sessions, as in the chart.
function pendingCheck(entry) {
  const check = entry.session;
  const item = document.createElement('li');
  item.className = 'card log-item log-pending log-check';
  item.dataset.id = check.id;
  const head = paragraph('', 'log-head');
  const title = document.createElement('strong');
  title.textContent = gettext('Pain check');
  const tag = document.createElement('span');
  tag.className = entry.state === 'rejected' ? 'tag tag-warn' : 'tag';
  tag.textContent = entry.state === 'rejected' ? gettext('Not synced') : gettext('Waiting to sync');
  head.append(title, ' ', tag);
  item.append(head, paragraph(when(check.taken_at), 'muted'), paragraph(gettext('Pain %(pain)d', { pain: check.pain })));
  if (check.note) item.append(paragraph(check.note, 'note'));
  if (entry.state === 'rejected') item.append(paragraph(gettext('The server refused it: %(reason)s', { reason: entry.reason }), 'error'));
  return item;
}

function showPending() {
  const section = document.getElementById('pending');
  const list = document.getElementById('pending-list');
  let titles = null;
  let shown = new Set();
  onOutboxChange(async (every) => {
    // Corrections show on their page; weekly answers in the sync status only.
    const all = every.filter((entry) => entry.method !== 'PATCH' && entry.url !== '/api/peg');
    titles ??= await routineTitles();
    const ids = new Set(all.map((entry) => entry.session.id));
    const synced = [...shown].filter((id) => !ids.has(id)).length;
    shown = ids;
    const moment = (entry) => entry.session.started_at ?? entry.session.taken_at;
    const newest = [...all].sort((a, b) => moment(b).localeCompare(moment(a)));
    list.replaceChildren(...newest.map((entry) => pendingItem(entry, titles)));
    const note = section.querySelector('.synced-note');
    if (synced) {
      note.hidden = false;
      note.querySelector('span').textContent = `${ngettext('%(num)d session synced.', '%(num)d sessions synced.', synced)} `;
    }
    section.hidden = !all.length && note.hidden;
  });
}

const chart = document.getElementById('trend');
if (chart) {
  drawTrend(chart);
  followScreen(chart);
  tableOnOpen(document.querySelector('[data-table-for="trend"]'), chart);
}
if (document.getElementById('pending')) showPending();

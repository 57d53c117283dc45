// The change in pain over one session, labelled by the server's meaningful-change rule
// (services/stats.py, handed over as page data): at least `points` and `percent` of the start.
import { appData } from './app-data.js';
import { gettext, ngettext } from './i18n.js';

export function painChange(before, after, rule = appData.rules?.meaningful) {
  if (after === null || after === undefined) return { rated: false };
  const drop = before - after;
  return {
    rated: true,
    drop,
    percent: before > 0 ? Math.round((drop / before) * 100) : 0,
    // Whole numbers only, as on the server: 100 · drop >= percent · before, no float rounding.
    meaningful: Boolean(rule) && drop >= rule.points && 100 * drop >= rule.percent * before,
    direction: drop > 0 ? 'down' : drop < 0 ? 'up' : 'same',
  };
}

export function describeChange(before, after, rule = appData.rules?.meaningful) {
  const change = painChange(before, after, rule);
  if (!change.rated) return gettext('Pain before: %(before)d. No rating after.', { before });
  if (change.direction === 'same') return gettext('No change right after the session.');
  if (change.direction === 'up') {
    return ngettext('Up %(num)d point right after the session.', 'Up %(num)d points right after the session.', -change.drop);
  }
  const size = ngettext('Down %(num)d point (%(percent)d%%)', 'Down %(num)d points (%(percent)d%%)', change.drop, {
    percent: change.percent,
  });
  return change.meaningful
    ? gettext('%(size)s: a meaningful drop, for now.', { size })
    : gettext('%(size)s: a small change.', { size });
}

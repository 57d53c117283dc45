// The change in pain over one session, labelled by the rule in the safety reference:
// meaningful when the drop is at least 2 points and at least 30% of the starting score.

export function painChange(before, after) {
  if (after === null || after === undefined) return { rated: false };
  const drop = before - after;
  return {
    rated: true,
    drop,
    percent: before > 0 ? Math.round((drop / before) * 100) : 0,
    meaningful: drop >= 2 && drop >= 0.3 * before,
    direction: drop > 0 ? 'down' : drop < 0 ? 'up' : 'same',
  };
}

export function describeChange(before, after) {
  const change = painChange(before, after);
  if (!change.rated) return `Pain before: ${before}. No rating after.`;
  const points = (n) => `${n} point${n === 1 ? '' : 's'}`;
  if (change.direction === 'same') return 'No change right after the session.';
  if (change.direction === 'up') return `Up ${points(-change.drop)} right after the session.`;
  const size = `Down ${points(change.drop)} (${change.percent}%)`;
  return change.meaningful
    ? `${size}: a meaningful drop, for now.`
    : `${size}: a small change.`;
}

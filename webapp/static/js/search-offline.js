// Searching the catalog with no network: the server's search (services/search.py) over the
// index it hands over (/api/search-index, precached), the same keys and synonyms, without the
// typo correction (that needs the server). Pure functions, tested against the server's own
// case table (tests/js/search-offline.test.mjs).

const LETTERS_THEN_DIGITS = /([a-z])[\s.\-_/]*(?=\d)/g;
const CODE_LIKE = /^[a-z]+\d+$/;

// Search terms: folded to ASCII lower case, "LI-4"/"Bladder 23" joined up (search.terms).
export function terms(text) {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.replace(LETTERS_THEN_DIGITS, '$1').match(/[a-z0-9]+/g) ?? [];
}

// Points whose keys hold every word, exact names first (search.search_points).
function searchPoints(points, words) {
  const whole = ` | ${words.join(' ')} | `;
  const rank = (point) => {
    if (whole === ` | ${terms(point.code).join(' ')} | `) return 0;
    if (point.search_text.includes(whole)) return 1;
    return point.back_routine ? 2 : 3;
  };
  return points
    .filter((point) => words.every((word) => (CODE_LIKE.test(word)
      ? point.search_text.includes(` ${word} `)
      : point.search_text.includes(word))))
    .map((point, order) => ({ point, order, rank: rank(point) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ point }) => point);
}

// { guidance, routines, points } for a query, in the server's order (search.search_all).
export function searchOffline(index, query) {
  const result = { guidance: [], routines: [], points: [] };
  const words = terms(query.slice(0, index.max_chars)).slice(0, index.max_terms);
  if (!words.length) return result;
  const text = ` ${words.join(' ')} `;
  const mentions = (key) => text.includes(` ${key} `);
  const matched = index.synonyms
    .map((entry, order) => ({ entry, order, keys: entry.keys.filter(mentions) }))
    .filter(({ keys }) => keys.length)
    .map((item) => ({ ...item, longest: Math.max(...item.keys.map((key) => key.length)) }))
    .sort((a, b) => b.longest - a.longest || a.order - b.order)
    .map(({ entry }) => entry);
  const bySlug = new Map(index.routines.map((routine) => [routine.slug, routine]));
  const byCode = new Map(index.points.map((point) => [point.code, point]));
  let routines = new Map();
  const points = new Map();
  let pregnancy = false;
  for (const entry of matched) {
    if (entry.guidance && !result.guidance.includes(entry.guidance)) {
      result.guidance.push(entry.guidance);
      pregnancy ||= entry.guidance === 'pregnancy';
    }
    for (const slug of entry.routines ?? []) if (bySlug.has(slug)) routines.set(slug, bySlug.get(slug));
    for (const code of entry.points ?? []) if (byCode.has(code)) points.set(code, byCode.get(code));
  }
  for (const routine of index.routines) {
    if (!routines.has(routine.slug) && words.every((word) => routine.key.includes(` ${word}`))) {
      routines.set(routine.slug, routine);
    }
  }
  for (const point of searchPoints(index.points, words)) if (!points.has(point.code)) points.set(point.code, point);
  if (pregnancy) {
    routines = new Map(index.routines.filter((routine) => routine.pregnancy_safe).map((r) => [r.slug, r]));
  }
  return { ...result, routines: [...routines.values()], points: [...points.values()] };
}

// What a person reads first, as the server's SearchResults.first() says it.
export function first(result) {
  if (result.guidance.length) return `guidance:${result.guidance[0]}`;
  if (result.routines.length) return `routine:${result.routines[0].slug}`;
  if (result.points.length) return `point:${result.points[0].code}`;
  return null;
}

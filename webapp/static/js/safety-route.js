// The safety routing, as pure functions of the rules the server hands over (webapp/safety.py
// rules()) and the person's answers. Mirrors route() and checkout_advice() in safety.py;
// tests/safety_cases.json runs against both.

// Which screen a check-in leads to: { screen, reasons, clearable }.
export function route(rules, answers) {
  const ticked = new Set(answers.flags ?? []);
  const cleared = new Set(answers.cleared ?? []);
  const active = rules.flags.filter(
    (flag) => ticked.has(flag.key) && !(flag.long_term && cleared.has(flag.key)),
  );
  const levels = new Set(active.map((flag) => flag.level));
  const keys = (...wanted) => active.filter((f) => wanted.includes(f.level)).map((f) => f.key);
  const painHigh = answers.pain >= rules.pain_threshold;
  if (levels.has('emergency')) {
    return { screen: 'emergency', reasons: keys('emergency'), clearable: false };
  }
  if (painHigh || levels.has('doctor')) {
    const reasons = [...(painHigh ? ['pain_high'] : []), ...keys('doctor', 'pregnancy')];
    const longTerm = new Set(active.filter((f) => f.long_term).map((f) => f.key));
    return { screen: 'doctor', reasons, clearable: reasons.every((r) => longTerm.has(r)) };
  }
  if (levels.has('pregnancy')) {
    let screen = 'pregnancy';
    if (answers.pregnancy_cleared) {
      screen = answers.routine_safe_in_pregnancy ? 'ready' : 'pregnancy_routines';
    }
    return { screen, reasons: keys('pregnancy', 'appointment'), clearable: false };
  }
  return { screen: 'ready', reasons: keys('appointment'), clearable: false };
}

// What the check-out shows: { advice: 'emergency' | 'doctor' | 'none', reasons }.
export function checkoutAdvice(rules, { before, after, signs = [] }) {
  const emergency = rules.flags
    .filter((f) => signs.includes(f.key) && f.level === 'emergency' && f.during_session)
    .map((f) => f.key);
  if (emergency.length) return { advice: 'emergency', reasons: emergency };
  const reasons = [];
  if (after !== null && after >= rules.pain_threshold) reasons.push('pain_after_high');
  if (after !== null && before !== null && after - before >= rules.pain_rise) reasons.push('pain_rise');
  return { advice: reasons.length ? 'doctor' : 'none', reasons };
}

// A check-in older than the limit may not start or continue a hold.
export function checkinIsFresh(rules, checkedInAt, now) {
  return typeof checkedInAt === 'number' && now - checkedInAt >= 0
    && now - checkedInAt <= rules.checkin_max_age_ms;
}

// The region code of the person's first language tag that has one (en-GB -> GB), or ''.
export function regionFromLanguages(languages) {
  for (const tag of languages ?? []) {
    try {
      const region = new Intl.Locale(tag).region;
      if (region) return region;
    } catch {
      // Not a valid language tag: try the next.
    }
  }
  return '';
}

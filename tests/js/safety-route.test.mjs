import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import {
  checkinIsFresh, checkoutAdvice, regionFromLanguages, route,
} from '../../webapp/static/js/safety-route.js';

// The rules come from webapp/safety.py (tests/test_js.py passes them), never a copy here.
const rules = JSON.parse(process.env.BACKPOINT_SAFETY_RULES ?? 'null');
const cases = JSON.parse(readFileSync(new URL('../safety_cases.json', import.meta.url)));

test('the rules were handed over by the server', () => {
  assert.ok(rules, 'run through tests/test_js.py, which passes safety.rules() as BACKPOINT_SAFETY_RULES');
});

for (const item of cases.checkin) {
  test(`check-in: ${item.name}`, () => {
    const routed = route(rules, item.answers);
    assert.deepEqual([routed.screen, routed.reasons], [item.screen, item.reasons]);
    if ('clearable' in item) assert.equal(routed.clearable, item.clearable);
  });
}

for (const item of cases.checkout) {
  test(`check-out: ${item.name}`, () => {
    assert.deepEqual(checkoutAdvice(rules, item.answers), { advice: item.advice, reasons: item.reasons });
  });
}

test('a check-in is fresh up to the limit and not a millisecond after', () => {
  const at = 1_000_000;
  assert.equal(checkinIsFresh(rules, at, at + rules.checkin_max_age_ms), true);
  assert.equal(checkinIsFresh(rules, at, at + rules.checkin_max_age_ms + 1), false);
  assert.equal(checkinIsFresh(rules, at, at - 1), false, 'a check-in from the future is not trusted');
  assert.equal(checkinIsFresh(rules, undefined, at), false, 'a run saved by an older version has no time');
});

test('the region comes from the first language tag that names one', () => {
  assert.equal(regionFromLanguages(['en-GB', 'en']), 'GB');
  assert.equal(regionFromLanguages(['de', 'de-AT']), 'AT');
  assert.equal(regionFromLanguages(['fr']), '');
  assert.equal(regionFromLanguages(['not a tag', 'es-ES']), 'ES');
  assert.equal(regionFromLanguages(undefined), '');
});

"""Real time, no fake clock: the timer's transitions land where the wall clock says they should."""

import pytest
from playwright.sync_api import expect

from tests.shared import add_timing_routine
from webapp.extensions import db

HOLDS = [("BL23", "both", 2), ("GV20", "center", 2)]
GET_READY_MS = 3000
MAX_DRIFT_MS = 100


@pytest.fixture(scope="module")
def short_routine(live_server):
    """A real routine of two 2-second holds, stored in the live server's database."""
    with live_server.app.app_context():
        slug = add_timing_routine(db.session, HOLDS)
        db.session.commit()
    return slug


def test_transitions_follow_the_wall_clock_within_100_ms(signed_in_page, short_routine):
    page = signed_in_page
    page.goto(f"/routines/{short_routine}/session")
    page.locator('input[name="pain"][value="4"]').check()
    page.get_by_role("button", name="Continue").click()
    page.locator("#session").evaluate(
        """(root) => {
          window.marks = [];
          const mark = (name) => (e) =>
            window.marks.push({ name, at: performance.now(), ...e.detail });
          document.getElementById('start')
            .addEventListener('click', mark('start'), { capture: true });
          root.addEventListener('backpoint:segment', mark('segment'));
          root.addEventListener('backpoint:end', mark('end'));
        }"""
    )
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-checkout")).to_be_visible(timeout=30_000)
    marks = page.evaluate("window.marks")
    start = marks[0]["at"]
    expected, t = [], 0
    for _, _, seconds in HOLDS:
        expected += [t, t + GET_READY_MS]
        t += GET_READY_MS + seconds * 1000
    expected.append(t)
    actual = [mark["at"] - start for mark in marks[1:]]
    assert [m["name"] for m in marks[1:]] == ["segment"] * 4 + ["end"]
    drifts = [abs(a - e) for a, e in zip(actual, expected, strict=True)]
    print(f"transition drift (ms): {[round(d, 1) for d in drifts]}")
    assert max(drifts) < MAX_DRIFT_MS
    assert max(abs(m["lateMs"]) for m in marks[1:]) < MAX_DRIFT_MS

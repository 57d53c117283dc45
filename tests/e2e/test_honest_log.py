"""What a run really did is what is stored: held time, steps done, and an honest outcome."""

import datetime as dt

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, my_sessions
from tests.e2e.test_player import check_out, routine_data, start

UPPER = "upper-back-and-shoulders"


def test_a_run_left_after_8_seconds_is_closed_when_it_was_left(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, UPPER)
    start(page, UPPER, pain=5)
    page.clock.run_for(8000)
    page.goto("/routines")
    page.clock.fast_forward(2 * 60 * 60 * 1000)
    page.goto(f"/routines/{UPPER}/session")
    expect(page.locator("#checkout-title")).to_have_text(
        f"You stopped after 0 of {len(routine['steps'])} points. How is your back now?"
    )
    assert_accessible(page, fake_clock=True)
    check_out(page, 5)
    saved = my_sessions(page)[0]
    assert saved["outcome"] == "abandoned"
    assert (saved["steps_completed"], saved["steps_skipped"], saved["steps_not_reached"]) == (
        0,
        1,
        len(routine["steps"]) - 1,
    )
    assert saved["held_seconds"] == 5
    started = dt.datetime.fromisoformat(saved["started_at"])
    ended = dt.datetime.fromisoformat(saved["ended_at"])
    assert (ended - started).total_seconds() < 20
    page.goto("/history")
    item = page.locator(f"#session-{saved['id']}")
    expect(item).to_contain_text("Left unfinished")
    expect(item).not_to_contain_text("Completed")

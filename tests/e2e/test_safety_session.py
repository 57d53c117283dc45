"""The safety check around a run: no hold on a stale check-in, and the check-out's screening."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, my_sessions
from webapp.safety import CHECKIN_MAX_AGE_MINUTES, RED_FLAGS

START = dt.datetime(2026, 11, 20, 7, 0, tzinfo=dt.UTC)
CHECKED_IN = START + dt.timedelta(minutes=1)
LIMIT_MS = CHECKIN_MAX_AGE_MINUTES * 60 * 1000
FLAG = {flag.key: flag for flag in RED_FLAGS}


def ready_to_start(page, slug="lower-back-basics", pain=6, flags=()):
    """Check in on a paused fake clock (at CHECKED_IN) and arrive at the Start button."""
    page.clock.install(time=START)
    page.goto(f"/routines/{slug}/session")
    page.clock.pause_at(CHECKED_IN)
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    if flags:
        page.locator("#flag-list > summary").click()
        for key in flags:
            page.locator(f'input[name="flag"][value="{key}"]').check()
    page.get_by_role("button", name="continue").click()
    expect(page.locator("#screen-ready")).to_be_visible()


def start(page, pain=6):
    ready_to_start(page, pain=pain)
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_be_visible()


def expect_check_in_again(page, note_id="#expired-note"):
    expect(page.locator("#checkin")).to_be_visible()
    expect(page.locator(note_id)).to_be_visible()
    expect(page.locator("#screen-player")).to_be_hidden()
    expect(page.locator('input[name="pain"]:checked')).to_have_count(0)


def saved_when(session, field):
    return dt.datetime.fromisoformat(session[field]).astimezone(dt.UTC)


def test_a_run_left_longer_than_the_limit_is_ended_where_it_stopped_and_asks_again(
    signed_in_page,
):
    page = signed_in_page
    before = len(my_sessions(page))
    start(page, pain=5)
    page.clock.run_for(3000 + 10_000)
    page.get_by_role("button", name="Pause").click()
    paused_at = CHECKED_IN + dt.timedelta(seconds=13)
    page.clock.fast_forward(LIMIT_MS + 60_000)
    page.reload()
    expect_check_in_again(page)
    expect(page.locator("#player-count")).not_to_be_visible()
    sessions = my_sessions(page)
    assert len(sessions) == before + 1
    saved = sessions[0]
    assert (saved["outcome"], saved["pain_before"], saved["pain_after"]) == (
        "stopped_early",
        5,
        None,
    )
    assert saved_when(saved, "started_at") == CHECKED_IN
    assert abs((saved_when(saved, "ended_at") - paused_at).total_seconds()) < 2
    assert "check-in had expired" in saved["note"]
    assert_accessible(page, fake_clock=True)


def test_a_run_within_the_limit_carries_on_after_a_reload(signed_in_page):
    page = signed_in_page
    start(page)
    page.clock.run_for(3000 + 10_000)
    page.get_by_role("button", name="Pause").click()
    page.clock.fast_forward(LIMIT_MS - 120_000)
    page.reload()
    expect(page.locator("#screen-player")).to_be_visible()
    expect(page.locator("#player-count")).to_have_text("1:20")


def test_resuming_a_paused_run_after_the_limit_asks_for_a_new_check_in(signed_in_page):
    page = signed_in_page
    before = len(my_sessions(page))
    start(page)
    page.clock.run_for(3000 + 5000)
    page.get_by_role("button", name="Pause").click()
    page.clock.fast_forward(LIMIT_MS + 1000)
    page.get_by_role("button", name="Resume").click()
    expect_check_in_again(page)
    expect(page.locator("#session")).not_to_have_attribute("data-state", "running")
    assert len(my_sessions(page)) == before + 1
    assert my_sessions(page)[0]["outcome"] == "stopped_early"


def test_a_hold_does_not_start_when_the_check_in_expires_on_the_way(signed_in_page):
    page = signed_in_page
    start(page)
    page.clock.run_for(3000 + 5000)
    page.get_by_role("button", name="Pause").click()
    page.clock.fast_forward(LIMIT_MS)
    page.get_by_role("button", name="Skip").click()
    expect_check_in_again(page)


def test_start_after_the_limit_asks_for_a_new_check_in(signed_in_page):
    page = signed_in_page
    before = len(my_sessions(page))
    ready_to_start(page)
    page.clock.fast_forward(LIMIT_MS + 1000)
    page.get_by_role("button", name="Start").click()
    expect_check_in_again(page, "#expired-checkin-note")
    page.locator('input[name="pain"][value="4"]').check()
    page.get_by_role("button", name="None of these apply").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_be_visible()
    assert len(my_sessions(page)) == before


def test_a_run_saved_by_an_older_app_without_a_check_in_time_is_not_resumed(signed_in_page):
    page = signed_in_page
    start(page)
    page.clock.run_for(3000 + 5000)
    page.evaluate(
        """() => {
          const key = Object.keys(localStorage).find((k) => k.startsWith('backpoint:run:'));
          const run = JSON.parse(localStorage.getItem(key));
          delete run.checkin.at;
          localStorage.setItem(key, JSON.stringify(run));
        }"""
    )
    page.reload()
    expect_check_in_again(page)


def test_pregnancy_list_after_the_limit_asks_again(signed_in_page):
    page = signed_in_page
    page.clock.install(time=START)
    page.goto("/routines/lower-back-basics/session")
    page.clock.pause_at(CHECKED_IN)
    page.locator('input[name="pain"][value="3"]').check()
    page.locator("#flag-list > summary").click()
    page.locator('input[name="flag"][value="pregnant"]').check()
    page.get_by_role("button", name="Continue with what I ticked").click()
    page.get_by_role("button", name="My doctor or midwife has said yes").click()
    page.clock.fast_forward(LIMIT_MS + 1000)
    page.locator(".routine-available").first.get_by_role("link").click()
    expect(page.locator("#checkin")).to_be_visible()
    expect(page.locator("#resume-note")).to_be_hidden()
    expect(page.locator('input[name="flag"]:checked')).to_have_count(0)


def finish_and_rate(page, pain_after, signs=()):
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#screen-checkout")).to_be_visible()
    page.locator(f'input[name="pain_after"][value="{pain_after}"]').check()
    for key in signs:
        page.locator(f'input[name="checkout_sign"][value="{key}"]').check()
    page.get_by_role("button", name="Save").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_out_at_nine_shows_the_doctor_advice_and_stores_it(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    start(page, pain=5)
    page.clock.run_for(20_000)
    finish_and_rate(page, 9)
    expect(page.locator("#screen-summary")).to_be_visible()
    advice = page.locator("#summary-doctor")
    expect(advice).to_be_visible()
    expect(page.locator("#summary-doctor-reasons li")).to_have_text(
        [
            "Your pain is 9 out of 10 after the session.",
            "Your pain went up from 5 to 9 during the session.",
        ]
    )
    expect(advice.locator(".escalation")).to_contain_text("chest pain or trouble breathing")
    expect(page.locator("#summary-worse")).to_be_hidden()
    assert_accessible(page, fake_clock=True)
    saved = my_sessions(page)[0]
    assert saved["pain_after"] == 9
    assert saved["checkout_screening"] == {
        "signs": [],
        "advice": "doctor",
        "reasons": ["pain_after_high", "pain_rise"],
    }


def test_check_out_with_a_small_rise_keeps_the_milder_note(signed_in_page):
    page = signed_in_page
    start(page, pain=3)
    finish_and_rate(page, 5)
    expect(page.locator("#summary-worse")).to_be_visible()
    expect(page.locator("#summary-doctor")).to_be_hidden()
    assert my_sessions(page)[0]["checkout_screening"]["advice"] == "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_sign_that_started_during_the_session_leads_to_the_emergency_screen(
    signed_in_page, scheme
):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    start(page, pain=4)
    finish_and_rate(page, 3, signs=["leg_weakness"])
    screen = page.locator("#screen-emergency")
    expect(screen).to_be_visible()
    expect(page.locator("#emergency-lead")).to_contain_text("started during the session")
    expect(page.locator("#emergency-signs li")).to_have_text([FLAG["leg_weakness"].sign])
    expect(page.locator("#screen-summary")).to_be_hidden()
    assert_accessible(page, fake_clock=True)
    saved = my_sessions(page)[0]
    assert saved["checkout_screening"] == {
        "signs": ["leg_weakness"],
        "advice": "emergency",
        "reasons": ["leg_weakness"],
    }

"""The safety check around a run: no hold on a stale check-in, and the check-out's screening."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, my_sessions
from tests.e2e.test_player import stop
from webapp.safety import CHECKIN_MAX_AGE_MINUTES, CLEARANCE_DAYS, RED_FLAGS

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
    assert (saved["outcome"], saved["pain_before"], saved["pain_after"]) == ("abandoned", 5, None)
    assert saved_when(saved, "started_at") == CHECKED_IN
    assert abs((saved_when(saved, "ended_at") - paused_at).total_seconds()) < 2
    assert (saved["held_seconds"], saved["steps_completed"], saved["steps_skipped"]) == (10, 0, 1)
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
    assert my_sessions(page)[0]["outcome"] == "abandoned"


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
    # Off the session page (which saves its run as it goes), make the run an older app's.
    page.goto("/routines")
    page.evaluate(
        """() => {
          const key = Object.keys(localStorage).find((k) => k.startsWith('backpoint:run:'));
          const run = JSON.parse(localStorage.getItem(key));
          delete run.checkin.at;
          localStorage.setItem(key, JSON.stringify(run));
        }"""
    )
    page.goto("/routines/lower-back-basics/session")
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
    stop(page)
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


def tick_and_continue(page, pain, flags):
    page.goto("/routines/lower-back-basics/session")
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    page.locator("#flag-list > summary").click()
    for key in flags:
        page.locator(f'input[name="flag"][value="{key}"]').check()
    page.get_by_role("button", name="Continue with what I ticked").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_not_yet_checked_long_term_sign_saves_the_stop(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    before = len(my_sessions(page))
    tick_and_continue(page, 3, ["constant_night_pain"])
    expect(page.locator("#doctor-clear")).to_be_visible()
    assert_accessible(page)
    assert len(my_sessions(page)) == before
    page.get_by_role("button", name="Not yet").click()
    expect(page.locator("#screen-doctor .saved-status")).to_have_text(
        "This check-in is saved in your history."
    )
    assert my_sessions(page)[0]["outcome"] == "safety_stop"


def test_a_doctor_checked_long_term_sign_stands_for_its_time_then_is_asked_again(
    signed_in_page,
):
    page = signed_in_page
    before = len(my_sessions(page))
    tick_and_continue(page, 3, ["cancer_history"])
    expect(page.locator("#doctor-reasons li")).to_have_text([FLAG["cancer_history"].why])
    page.get_by_role("button", name="A doctor has checked my back since this began").click()
    expect(page.locator("#screen-ready")).to_be_visible()
    assert len(my_sessions(page)) == before

    page.goto("/routines/lower-back-basics/session")
    page.locator("#flag-list > summary").click()
    note = page.locator("#cleared-cancer_history")
    expect(note).to_be_visible()
    expect(note).to_contain_text("a doctor has checked your back for this")
    tick_and_continue(page, 3, ["cancer_history"])
    expect(page.locator("#screen-ready")).to_be_visible()

    lapsed = page.context.new_page()
    now = dt.datetime.now(dt.UTC)
    lapsed.clock.install(time=now + dt.timedelta(days=CLEARANCE_DAYS + 1))
    tick_and_continue(lapsed, 3, ["cancer_history"])
    expect(lapsed.locator("#screen-doctor")).to_be_visible()
    expect(lapsed.locator("#doctor-clear")).to_be_visible()
    expect(lapsed.locator("#cleared-cancer_history")).to_be_hidden()


def test_a_doctor_check_never_clears_an_emergency_sign(signed_in_page):
    page = signed_in_page
    tick_and_continue(page, 3, ["cancer_history", "leg_weakness"])
    expect(page.locator("#screen-emergency")).to_be_visible()


def test_with_javascript_off_the_signs_come_before_the_written_steps(
    browser, live_server, person_state
):
    # axe-core cannot run with scripts off; the same block is checked with them on below.
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        storage_state=person_state,
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/routines/lower-back-basics/session")
    expect(page.get_by_role("heading", name="Before you press any point")).to_be_visible()
    expect(page.locator("#start")).to_be_hidden()
    expect(page.locator("#screen-player")).to_be_hidden()
    block = page.locator('section[aria-labelledby="noscript-signs"]')
    for flag in RED_FLAGS:
        if flag.level == "emergency":
            expect(block.get_by_text(flag.sign)).to_be_visible()
    page.get_by_role("link", name="written routine").click()
    signs = page.get_by_role("heading", name="Before you follow these steps")
    steps = page.get_by_role("heading", name="Steps", exact=True)
    expect(signs).to_be_visible()
    assert signs.bounding_box()["y"] < steps.bounding_box()["y"]
    page.emulate_media(media="print")
    expect(signs).to_be_visible()
    expect(page.locator("main").get_by_text(FLAG["chest_pain"].sign)).to_be_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_written_routine_with_its_signs_is_accessible(page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto("/routines/lower-back-basics")
    expect(page.get_by_role("heading", name="Before you follow these steps")).to_be_visible()
    assert_accessible(page)
    page.goto("/about")
    assert_accessible(page)
    page.goto("/")
    assert_accessible(page)


def test_the_emergency_screen_reflows_at_200_percent_text(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.locator('input[name="pain"][value="4"]').check()
    page.locator("#flag-list > summary").click()
    page.locator('#checkin-form input[value="chest_pain"]').check()
    page.get_by_role("button", name="Continue with what I ticked").click()
    screen = page.locator("#screen-emergency")
    expect(screen).to_be_visible()
    assert screen.evaluate("(s) => s.scrollWidth - s.clientWidth") <= 0
    call = page.locator("#emergency-call, #emergency-other").locator("visible=true")
    expect(call.first).to_be_visible()


def test_the_emergency_screen_shows_even_when_the_device_cannot_keep_the_session(signed_in_page):
    """Storage full (or refused): the advice a person needs comes first, whatever the save did,
    and the run stays so a reload offers the check-out again."""
    page = signed_in_page
    start(page, pain=4)
    page.evaluate(
        """() => {
          IDBObjectStore.prototype.put = function () {
            throw new DOMException('The device is out of space.', 'QuotaExceededError');
          };
        }"""
    )
    finish_and_rate(page, 3, signs=["leg_weakness"])
    expect(page.locator("#screen-emergency")).to_be_visible()
    expect(page.locator("#emergency-signs li")).to_have_text([FLAG["leg_weakness"].sign])
    expect(page.locator("#screen-emergency .saved-status")).to_have_text(
        "This session could not be saved on this device yet. Reload the page to try again."
    )
    assert page.evaluate("Object.keys(localStorage).some((k) => k.startsWith('backpoint:run'))")

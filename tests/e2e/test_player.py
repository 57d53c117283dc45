"""The guided session: the hold timer through every step, controls, reload, and check-out."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, my_sessions
from webapp.vocabulary import SIDE_LABELS

# The side words the player shows are the server's (webapp/vocabulary.py), read in English here.
SIDE = {side: str(words) for side, words in SIDE_LABELS.items()}
START = dt.datetime(2026, 11, 20, 7, 0, tzinfo=dt.UTC)


def routine_data(page, slug):
    return page.request.get(f"/api/routines/{slug}").json()


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def ready_to_start(page, slug="lower-back-basics", pain=6):
    """Check in on a paused fake clock and arrive at the Start button."""
    page.clock.install(time=START)
    page.goto(f"/routines/{slug}/session")
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#screen-ready")).to_be_visible()


def start(page, slug="lower-back-basics", pain=6):
    ready_to_start(page, slug, pain)
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_be_visible()


def expect_step(page, step, phase, count):
    expect(page.locator("#player-title")).to_have_text(f"{step['point']} {step['point_name']}")
    expect(page.locator("#player-side")).to_have_text(SIDE[step["side"]])
    expect(page.locator("#player-phase")).to_have_text(phase)
    expect(page.locator("#player-count")).to_have_text(count)


def stop(page):
    """Stop, and confirm in the question that follows."""
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("dialog", name="End the session?")).to_be_visible()
    page.get_by_role("button", name="End the session").click()


def check_out(page, pain, note=""):
    expect(page.locator("#screen-checkout")).to_be_visible()
    page.locator(f'input[name="pain_after"][value="{pain}"]').check()
    if note:
        page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#screen-summary")).to_be_visible()


def test_a_whole_routine_runs_step_by_step_and_is_saved_once(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, "seven-points-lying-down")
    before = len(my_sessions(page))
    start(page, routine["slug"], pain=6)
    seen = []
    page.locator("#session").evaluate(
        "(root) => root.addEventListener('backpoint:segment', (e) => "
        "(window.segments = window.segments || []).push(e.detail))"
    )
    for number, step in enumerate(routine["steps"]):
        previous = routine["steps"][number - 1] if number else None
        switching = (
            previous and previous["point"] == step["point"] and previous["side"] != step["side"]
        )
        phase = f"Switch to the {step['side']} side" if switching else "Get ready"
        expect_step(page, step, phase, "3")
        expect(page.locator("#player-progress")).to_contain_text(
            f"Step {number + 1} of {len(routine['steps'])}"
        )
        page.clock.run_for(3000)
        expect_step(page, step, "Press and hold", clock_text(step["seconds"]))
        seen.append((step["point"], step["side"]))
        page.clock.run_for(step["seconds"] * 1000)
    assert seen == [(s["point"], s["side"]) for s in routine["steps"]]
    assert len(page.evaluate("window.segments")) >= 2 * len(routine["steps"]) - 1
    check_out(page, 3, note="Easier to stand up.")
    expect(page.locator("#summary-pain")).to_have_text("Pain 6 → 3")
    expect(page.locator("#summary-change")).to_have_text(
        "Down 3 points (50%): a meaningful drop, for now."
    )
    assert_accessible(page, fake_clock=True)
    sessions = my_sessions(page)
    assert len(sessions) == before + 1
    saved = sessions[0]
    assert (saved["routine"], saved["outcome"]) == (routine["slug"], "completed")
    assert (saved["pain_before"], saved["pain_after"], saved["note"]) == (
        6,
        3,
        "Easier to stand up.",
    )
    started = dt.datetime.fromisoformat(saved["started_at"])
    ended = dt.datetime.fromisoformat(saved["ended_at"])
    assert (ended - started).total_seconds() == pytest.approx(routine["total_seconds"], abs=2)


def test_pause_freezes_the_countdown_and_resume_carries_on(signed_in_page):
    page = signed_in_page
    start(page)
    page.clock.run_for(3000 + 10_000)
    expect(page.locator("#player-count")).to_have_text("1:20")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#player-paused-note")).to_be_visible()
    assert_accessible(page, fake_clock=True)
    page.clock.run_for(60_000)
    expect(page.locator("#player-count")).to_have_text("1:20")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(5000)
    expect(page.locator("#player-count")).to_have_text("1:15")


def test_keyboard_space_pauses_and_arrows_skip_and_go_back(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, "lower-back-basics")
    start(page)
    page.locator("#player-title").focus()
    page.clock.run_for(5000)
    page.keyboard.press("Space")
    expect(page.locator("#session")).to_have_attribute("data-state", "paused")
    page.keyboard.press("Space")
    expect(page.locator("#session")).to_have_attribute("data-state", "running")
    page.keyboard.press("ArrowRight")
    expect_step(page, routine["steps"][1], "Get ready", "3")
    page.keyboard.press("ArrowLeft")
    expect_step(page, routine["steps"][0], "Get ready", "3")


def test_skip_and_back_move_between_steps(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, "lower-back-basics")
    start(page)
    page.get_by_role("button", name="Skip").click()
    expect_step(page, routine["steps"][1], "Get ready", "3")
    page.get_by_role("button", name="Skip").click()
    expect_step(page, routine["steps"][2], "Switch to the right side", "3")
    page.clock.run_for(3000 + 20_000)
    page.get_by_role("button", name="Back").click()
    expect_step(page, routine["steps"][2], "Switch to the right side", "3")
    page.get_by_role("button", name="Back").click()
    expect_step(page, routine["steps"][1], "Get ready", "3")


def test_a_reload_mid_hold_resumes_at_the_right_second(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, "lower-back-basics")
    start(page)
    page.clock.run_for(3000 + 90_000 + 3000 + 17_000)
    expect_step(page, routine["steps"][1], "Press and hold", "0:43")
    page.reload()
    expect(page.locator("#screen-player")).to_be_visible()
    expect_step(page, routine["steps"][1], "Press and hold", "0:43")
    page.clock.run_for(13_000)
    expect(page.locator("#player-count")).to_have_text("0:30")


def test_stopping_early_still_checks_out_and_saves_stopped_early(signed_in_page):
    page = signed_in_page
    start(page, pain=5)
    page.clock.run_for(20_000)
    stop(page)
    expect(
        page.get_by_role("heading", name="You stopped after 0 of 4 holds. How is your back now?")
    ).to_be_visible()
    assert_accessible(page, fake_clock=True)
    check_out(page, 5)
    expect(page.locator("#summary-change")).to_have_text("No change right after the session.")
    saved = my_sessions(page)[0]
    assert (saved["outcome"], saved["pain_before"], saved["pain_after"]) == ("stopped_early", 5, 5)


def test_check_out_needs_a_rating_and_a_worse_score_gets_advice(signed_in_page):
    page = signed_in_page
    start(page, pain=3)
    stop(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#checkout-pain-error")).to_be_visible()
    # A rise of 2 gets the milder note; 3 or more gets the doctor advice (test_safety_session).
    check_out(page, 5)
    expect(page.locator("#summary-worse")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_player_is_accessible_ready_and_holding(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    ready_to_start(page)
    assert_accessible(page, fake_clock=True)
    page.get_by_role("button", name="Start").click()
    assert_accessible(page, fake_clock=True)
    page.clock.run_for(5000)
    expect(page.locator("#player-phase")).to_have_text("Press and hold")
    assert_accessible(page, fake_clock=True)


def test_a_hold_fits_a_small_phone_without_scrolling(signed_in_page):
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 640})
    start(page, "seven-points-lying-down")
    page.clock.run_for(5000)
    for selector in (
        "#player-progress",
        "#player-title",
        "#player-side",
        "#player-maps figure:not([hidden]) svg",
        "#player-count",
        "#player-back",
        "#player-pause",
        "#player-skip",
        "#player-stop",
    ):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 640, selector
    # The cautions start on screen and are shown in full (the page scrolls, not a box).
    caution = page.locator("#player-caution").bounding_box()
    assert 0 <= caution["y"] < 640 - 100
    assert page.locator("#player-caution").evaluate("(e) => e.scrollHeight <= e.clientHeight")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_screen_readers_hear_step_changes_not_every_tick(signed_in_page):
    page = signed_in_page
    start(page)
    live = page.locator("#player-live")
    expect(live).to_have_text(re.compile(r"^Step 1 of 4: BL23 .*Get ready\.$"))
    page.clock.run_for(3000)
    expect(live).to_have_text("Press and hold for 90 seconds.")
    page.clock.run_for(30_000)
    expect(live).to_have_text("Press and hold for 90 seconds.")
    page.clock.run_for(50_000)
    expect(live).to_have_text("10 seconds left.")


def test_cue_choices_are_remembered(signed_in_page):
    page = signed_in_page
    start(page)
    page.locator(".cue-settings summary").click()
    page.get_by_label("Spoken prompts").check()
    page.get_by_label("Beep").uncheck()
    page.reload()
    page.locator(".cue-settings summary").click()
    expect(page.get_by_label("Spoken prompts")).to_be_checked()
    expect(page.get_by_label("Beep")).not_to_be_checked()


def test_without_a_wake_lock_a_tip_says_to_keep_the_screen_on(signed_in_page):
    page = signed_in_page
    page.add_init_script("Object.defineProperty(navigator, 'wakeLock', { value: undefined })")
    start(page)
    expect(page.get_by_text("Tip: keep your screen on")).to_be_visible()


def test_time_away_is_not_replayed_as_a_burst_of_cues(signed_in_page):
    page = signed_in_page
    routine = routine_data(page, "lower-back-basics")
    start(page)
    page.locator("#session").evaluate(
        "(root) => { window.segments = []; root.addEventListener('backpoint:segment', "
        "(e) => window.segments.push(e.detail)); }"
    )
    # Like a phone locked for most of two steps: time jumps, due timers fire at most once.
    page.clock.fast_forward(3000 + 90_000 + 3000 + 60_000 + 3000 + 10_000)
    expect_step(page, routine["steps"][2], "Press and hold", "0:50")
    segments = page.evaluate("window.segments")
    assert len(segments) == 1, segments
    assert segments[0]["step"] == 2 and segments[0]["kind"] == "hold"


def test_reduced_motion_keeps_the_ring_still(signed_in_page):
    page = signed_in_page
    page.emulate_media(reduced_motion="reduce")
    start(page)
    page.clock.run_for(3000 + 30_000)
    expect(page.locator("#player-count")).to_have_text("1:00")
    assert page.locator("#player-ring-progress").get_attribute("stroke-dashoffset") == "0"
    page.emulate_media(reduced_motion="no-preference")

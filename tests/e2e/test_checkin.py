"""The check-in before every session: pain now and the red-flag screen, as a person taps it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, my_sessions
from webapp.safety import PAIN_SEE_DOCTOR_AT, RED_FLAGS

SCREEN = {
    "emergency": "#screen-emergency",
    "doctor": "#screen-doctor",
    "pregnancy": "#screen-pregnancy",
    "ready": "#screen-ready",
}

CASES = [(f"flag {flag.key}", 3, [flag.key], flag.level) for flag in RED_FLAGS] + [
    ("pain at the threshold", PAIN_SEE_DOCTOR_AT, [], "doctor"),
    ("worst pain", 10, [], "doctor"),
    ("pain just below the threshold", PAIN_SEE_DOCTOR_AT - 1, [], "ready"),
    ("no pain, nothing ticked", 0, [], "ready"),
    ("emergency outranks doctor", 9, ["chest_pain", "fever_unwell"], "emergency"),
    ("doctor outranks pregnancy", 2, ["pregnant", "recent_injury"], "doctor"),
]


def check_in(page, pain: int, flags: list[str], routine: str = "lower-back-basics") -> None:
    page.goto(f"/routines/{routine}/session")
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    for key in flags:
        page.locator(f'input[name="flag"][value="{key}"]').check()
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize(("case", "pain", "flags", "outcome"), CASES, ids=[c[0] for c in CASES])
def test_each_answer_leads_to_the_right_screen(signed_in_page, case, pain, flags, outcome):
    page = signed_in_page
    before = len(my_sessions(page))
    check_in(page, pain, flags)
    screen = page.locator(SCREEN[outcome])
    expect(screen).to_be_visible()
    expect(screen.locator("h1")).to_be_focused()
    expect(page.locator("#checkin")).to_be_hidden()
    if outcome in {"emergency", "doctor"}:
        expect(screen.locator(".saved-status")).to_have_text(
            "This check-in is saved in your history."
        )
        newest = my_sessions(page)[0]
        assert len(my_sessions(page)) == before + 1
        assert newest["outcome"] == "safety_stop"
        assert newest["pain_before"] == pain
        assert newest["pain_after"] is None
        assert newest["note"].startswith("Safety check:")
    else:
        assert len(my_sessions(page)) == before
    assert_accessible(page)


def test_emergency_screen_says_to_call_now_and_offers_no_routine(signed_in_page):
    check_in(signed_in_page, 4, ["saddle_numbness"])
    screen = signed_in_page.locator("#screen-emergency")
    expect(screen.get_by_role("heading")).to_have_text("Call your local emergency number now")
    expect(signed_in_page.locator("#screen-ready")).to_be_hidden()
    box = screen.bounding_box()
    assert box["width"] >= 360 and box["height"] >= 780


def test_doctor_screen_lists_the_reasons_given(signed_in_page):
    check_in(signed_in_page, 9, ["recent_injury"])
    reasons = signed_in_page.locator("#doctor-reasons li")
    expect(reasons).to_have_text(["pain of 9 out of 10", "a recent injury or fall"])


def test_pregnancy_asking_first_saves_a_safety_stop(signed_in_page):
    page = signed_in_page
    check_in(page, 3, ["pregnant"])
    page.get_by_role("button", name="I'll ask first").click()
    expect(page.locator("#screen-pregnancy .saved-status")).to_have_text(
        "This check-in is saved in your history."
    )
    newest = my_sessions(page)[0]
    assert newest["outcome"] == "safety_stop"
    assert "pregnancy" in newest["note"]


def test_pregnancy_cleared_offers_only_routines_without_avoided_points(signed_in_page):
    page = signed_in_page
    check_in(page, 3, ["pregnant"], routine="lower-back-basics")
    page.get_by_role("button", name="My doctor or midwife has said yes").click()
    expect(page.get_by_role("heading", name="Routines you can use")).to_be_focused()
    expect(page.locator("#screen-ready")).to_be_hidden()
    unavailable = page.locator('.routine-unavailable[data-slug="lower-back-basics"]')
    expect(unavailable).to_contain_text("Not available")
    expect(unavailable).to_contain_text("BL23")
    expect(unavailable.get_by_role("link")).to_have_count(0)
    available = page.locator(".routine-available")
    expect(available.first).to_be_visible()
    assert_accessible(page)
    available.first.get_by_role("link").click()
    expect(page.get_by_text("Your answers from a moment ago are filled in.")).to_be_visible()
    expect(page.locator('input[name="flag"][value="pregnant"]')).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="My doctor or midwife has said yes").click()
    expect(page.locator("#screen-ready")).to_be_visible()


def test_a_new_check_in_starts_blank_even_after_an_earlier_one(signed_in_page):
    page = signed_in_page
    check_in(page, 5, ["bladder_bowel"])
    expect(page.locator("#screen-emergency")).to_be_visible()
    page.goto("/routines/lower-back-basics/session")
    expect(page.locator('input[name="flag"]:checked')).to_have_count(0)
    expect(page.locator('input[name="pain"]:checked')).to_have_count(0)
    expect(page.get_by_text("Your answers from a moment ago")).to_be_hidden()


def test_continuing_without_a_pain_rating_asks_for_one(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#pain-error")).to_have_text("Choose a number from 0 to 10.")
    expect(page.locator('input[name="pain"][value="0"]')).to_be_focused()
    expect(page.locator("#checkin")).to_be_visible()
    assert_accessible(page)


def test_check_in_fits_a_phone_and_works_by_keyboard(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.locator('input[name="pain"][value="0"]').focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator('input[name="pain"][value="4"]')).to_be_checked()
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#screen-ready")).to_be_visible()
    expect(page.locator("#ready-pain")).to_have_text("You rated your pain 4 out of 10.")

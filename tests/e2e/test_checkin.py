"""The check-in before every session: pain now and the red-flag signs, as a person taps it."""

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import assert_accessible, my_sessions
from webapp.safety import RED_FLAGS

SCREEN = {
    "emergency": "#screen-emergency",
    "doctor": "#screen-doctor",
    "pregnancy": "#screen-pregnancy",
    "ready": "#screen-ready",
}
FLAG = {flag.key: flag for flag in RED_FLAGS}
TABLE = json.loads((ROOT / "tests" / "safety_cases.json").read_text())["checkin"]
# The table's cases a person can tap at a first check-in (no doctor checks, no second step).
CASES = [
    case
    for case in TABLE
    if not case["answers"].get("cleared") and "pregnancy_cleared" not in case["answers"]
]


def check_in(page, pain: int, flags: list[str], routine: str = "lower-back-basics") -> None:
    page.goto(f"/routines/{routine}/session")
    page.locator(f'input[name="pain"][value="{pain}"]').check()
    if flags:
        page.locator("#flag-list > summary").click()
    for key in flags:
        page.locator(f'input[name="flag"][value="{key}"]').check()
    name = "Continue with what I ticked" if flags else "None of these apply"
    page.get_by_role("button", name=name).click()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_answer_leads_to_the_screen_in_the_table(signed_in_page, case):
    page = signed_in_page
    before = len(my_sessions(page))
    check_in(page, case["answers"]["pain"], case["answers"]["flags"])
    screen = page.locator(SCREEN[case["screen"]])
    expect(screen).to_be_visible()
    expect(screen.locator("h1")).to_be_focused()
    expect(page.locator("#checkin")).to_be_hidden()
    if case["screen"] == "emergency":
        for key in case["reasons"]:
            expect(page.locator("#emergency-signs")).to_contain_text(FLAG[key].sign)
        expect(page.locator("#start")).to_be_hidden()
    if case["screen"] in {"emergency", "doctor"} and not case.get("clearable"):
        expect(screen.locator(".saved-status")).to_have_text(
            "This check-in is saved in your history."
        )
        newest = my_sessions(page)[0]
        assert len(my_sessions(page)) == before + 1
        assert newest["outcome"] == "safety_stop"
        assert newest["pain_before"] == case["answers"]["pain"]
        assert newest["pain_after"] is None
        assert newest["note"].startswith("Safety check:")
    else:
        assert len(my_sessions(page)) == before


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_check_in_screen_is_accessible(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    page.goto("/routines/lower-back-basics/session")
    assert_accessible(page)
    page.locator("#flag-list > summary").click()
    assert_accessible(page)
    for pain, flags, screen in [
        (3, ["leg_weakness"], "#screen-emergency"),
        (9, ["recent_injury", "pregnant"], "#screen-doctor"),
        (3, ["cancer_history"], "#screen-doctor"),
        (3, ["pregnant"], "#screen-pregnancy"),
        (3, ["not_improving"], "#screen-ready"),
    ]:
        check_in(page, pain, flags)
        expect(page.locator(screen)).to_be_visible()
        assert_accessible(page)


def test_emergency_screen_names_the_sign_and_calls_the_regions_number(
    browser, live_server, person_state
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        storage_state=person_state,
        locale="en-GB",
    )
    page = context.new_page()
    check_in(page, 4, ["bladder_bowel"])
    screen = page.locator("#screen-emergency")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Call an emergency number now")
    expect(page.locator("#emergency-signs li")).to_have_text([FLAG["bladder_bowel"].sign])
    call = page.get_by_role("link", name="Call 999")
    expect(call).to_have_attribute("href", "tel:999")
    page.get_by_label("Where you are").select_option("US")
    expect(page.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    page.get_by_label("Where you are").select_option("")
    expect(page.locator("#emergency-call")).to_be_hidden()
    expect(page.locator("#emergency-other")).to_be_visible()
    page.get_by_label("Where you are").select_option("AU")
    page.reload()
    check_in(page, 4, ["chest_pain"])
    expect(page.get_by_role("link", name="Call 000")).to_be_visible()
    context.close()


def test_a_language_without_a_region_falls_back_to_the_list(browser, live_server, person_state):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        storage_state=person_state,
        locale="fr",
    )
    page = context.new_page()
    check_in(page, 4, ["saddle_numbness"])
    expect(page.locator("#emergency-call")).to_be_hidden()
    expect(page.locator("#emergency-other")).to_be_visible()
    assert page.locator("#emergency-region option").count() > 20
    context.close()


def test_doctor_screen_words_each_reason_and_names_every_emergency_sign(signed_in_page):
    page = signed_in_page
    check_in(page, 9, ["recent_injury", "pregnant"])
    expect(page.locator("#doctor-reasons li")).to_have_text(
        [
            "Your pain is 9 out of 10: pain this strong should be seen by a doctor before you "
            "try self-care.",
            FLAG["recent_injury"].why,
            FLAG["pregnant"].why,
        ]
    )
    screen = page.locator("#screen-doctor")
    expect(screen).not_to_contain_text("ticked")
    expect(screen).not_to_contain_text("causes")
    escalation = screen.locator(".escalation")
    for flag in RED_FLAGS:
        if flag.during_session:
            expect(escalation).to_contain_text(flag.note)
    expect(escalation).to_contain_text("chest pain or trouble breathing")


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


def test_pregnancy_cleared_lists_usable_routines_first_and_does_not_ask_again(signed_in_page):
    page = signed_in_page
    check_in(page, 3, ["pregnant"], routine="lower-back-basics")
    page.get_by_role("button", name="My doctor or midwife has said yes").click()
    expect(page.get_by_role("heading", name="Routines you can use")).to_be_focused()
    expect(page.locator("#screen-ready")).to_be_hidden()
    unavailable = page.locator('.routine-unavailable[data-slug="lower-back-basics"]')
    expect(unavailable).to_contain_text("Not available")
    expect(unavailable).to_contain_text("BL23")
    expect(unavailable.get_by_role("link")).to_have_count(0)
    cards = page.locator("#pregnancy-routines .card")
    classes = [cards.nth(i).get_attribute("class") for i in range(cards.count())]
    usable = [c for c in classes if "routine-available" in c]
    assert usable and classes[: len(usable)] == usable, "usable routines come first"
    assert_accessible(page)
    page.locator(".routine-available").first.get_by_role("link").click()
    expect(page.locator("#screen-ready")).to_be_visible()
    expect(page.locator("#ready-notes")).to_contain_text("Your doctor or midwife has said yes")
    expect(page.locator("#ready-pain")).to_have_text("You rated your pain 3 out of 10.")


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
    page.get_by_role("button", name="None of these apply").click()
    expect(page.locator("#pain-error")).to_have_text("Choose a number from 0 to 10.")
    expect(page.locator('input[name="pain"][value="0"]')).to_be_focused()
    expect(page.locator("#checkin")).to_be_visible()
    assert_accessible(page)


def test_ticking_a_sign_swaps_none_apply_for_continue(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.locator("#flag-list > summary").click()
    for flag in RED_FLAGS:
        expect(page.get_by_text(flag.sign)).to_be_visible()
    page.locator('input[name="flag"][value="fever_unwell"]').check()
    expect(page.get_by_role("button", name="None of these apply")).to_be_hidden()
    page.locator('input[name="flag"][value="fever_unwell"]').uncheck()
    expect(page.get_by_role("button", name="None of these apply")).to_be_visible()


def test_from_the_routine_page_to_start_in_four_taps(signed_in_page):
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/routines/lower-back-basics")
    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.get_by_role("link", name="Start this routine"))
    scale = page.locator("#checkin .pain-scale")
    answer = page.get_by_role("button", name="None of these apply")
    expect(answer).to_be_visible()
    for target in (scale, answer):
        box = target.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740, "visible without scrolling"
    tap(page.locator('input[name="pain"][value="3"]'))
    tap(answer)
    tap(page.get_by_role("button", name="Start"))
    expect(page.locator("#screen-player")).to_be_visible()
    assert taps <= 4


def test_check_in_works_by_keyboard(signed_in_page):
    page = signed_in_page
    page.goto("/routines/lower-back-basics/session")
    page.locator('input[name="pain"][value="0"]').focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator('input[name="pain"][value="4"]')).to_be_checked()
    page.get_by_role("button", name="None of these apply").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#screen-ready")).to_be_visible()
    expect(page.locator("#ready-pain")).to_have_text("You rated your pain 4 out of 10.")

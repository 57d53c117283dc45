"""A person answers two questions and is offered the routines that fit, on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width


def test_a_person_picks_low_back_and_stiff_and_opens_the_best_fit(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/routines")
    page.get_by_role("link", name="answer two questions to find one").click()
    page.get_by_role("group", name="Where does it hurt?").get_by_label("Low back").check()
    page.get_by_role("group", name="How does it feel?").get_by_label("Stiff").check()
    page.get_by_role("button", name="Show routines").click()
    expect(page.get_by_role("heading", name="best first")).to_be_visible()
    first = page.locator(".routine-card").first
    expect(first).to_contain_text("it fits low back and stiff")
    assert_fits_width(page)
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lower back basics")


def test_shooting_pain_down_both_legs_gets_the_safety_guidance_by_keyboard(page):
    page.goto("/which-routine")
    page.get_by_label("Both legs").focus()
    page.keyboard.press("Space")
    page.get_by_label("Shooting down the leg").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show routines").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="get checked first")).to_be_visible()
    expect(page.locator(".routine-card")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "query", ["", "?where=low-back&how=stiff", "?where=both-legs&how=shooting", "?how=aching"]
)
def test_which_routine_pages_are_accessible_and_fit_360px(page, scheme, query):
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme=scheme)
    assert page.goto(f"/which-routine{query}").status == 200
    assert_fits_width(page)
    assert_accessible(page)

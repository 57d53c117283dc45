"""A person stars the routine that helps them and finds it first, on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width


def test_star_a_routine_then_find_it_first_on_routines_and_home(signed_in_page):
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/routines")
    card = page.locator(".routine-card").filter(has_text="Upper back and shoulders")
    card.get_by_role("button", name="Star Upper back and shoulders").click()
    expect(page.get_by_role("status")).to_contain_text("Starred Upper back and shoulders")
    first = page.locator(".routine-card").first
    expect(first.get_by_role("heading")).to_have_text("Upper back and shoulders")
    expect(first.get_by_role("button", name="Star Upper back and shoulders")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_fits_width(page)
    page.goto("/")
    starred = page.get_by_role("region", name="Your starred routines")
    expect(starred.get_by_role("link", name="Start Upper back and shoulders")).to_be_visible()
    page.goto("/routines/upper-back-and-shoulders")
    button = page.get_by_role("button", name="Star Upper back and shoulders")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Removed the star")
    expect(page.get_by_role("button", name="Star Upper back and shoulders")).to_have_attribute(
        "aria-pressed", "false"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_starred_pages_are_accessible_and_fit_360px(signed_in_page, scheme):
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme=scheme)
    page.goto("/routines")
    page.locator(".routine-card").nth(2).locator(".star-button").click()
    expect(page.get_by_role("status")).to_contain_text("Starred")
    for path in ("/routines", "/", "/routines/lower-back-basics"):
        page.goto(path)
        assert_fits_width(page)
        assert_accessible(page)

"""A person taps where it hurts on the body outline (or picks from the list) and finds the
points and routines there."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width


def test_tap_the_lower_back_on_the_outline_and_find_its_routines(page):
    page.goto("/routines")
    page.get_by_role("link", name="Browse by body area").click()
    outline = page.get_by_role("group", name="Body outline, seen from behind: choose an area")
    target = outline.get_by_role("link", name="Lower back and belly")
    box = target.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    target.click()
    expect(page.get_by_role("heading", name="Lower back and belly", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Lower back basics")).to_be_visible()
    expect(page.locator(".point-card").filter(has_text="BL23")).to_be_visible()


def test_the_list_and_the_keyboard_reach_every_area(page):
    page.goto("/body")
    page.get_by_role("list").get_by_role("link", name="Ankles and feet").click()
    expect(page.get_by_role("heading", name="Ankles and feet", level=1)).to_be_visible()
    expect(page.locator(".point-card").filter(has_text="KI1")).to_be_visible()
    page.goto("/body")
    outline = page.get_by_role("group", name="Body outline, seen from behind: choose an area")
    outline.get_by_role("link", name="Head and neck").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Head and neck", level=1)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 360])
def test_body_area_pages_are_accessible_and_fit(page, scheme, width):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 700})
    for path in ("/body", "/body/legs"):
        page.goto(path)
        assert_fits_width(page)
        assert_accessible(page)

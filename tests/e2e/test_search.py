"""A person describing their pain in their own words, typos and all, on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width


def test_a_person_types_siatica_from_the_nav_and_reaches_the_sciatica_routine(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    search = page.get_by_label("Search routines and points, or say where it hurts")
    search.fill("siatica")
    search.press("Enter")
    expect(page.get_by_text("Showing results for")).to_contain_text("sciatica")
    first = page.locator(".routine-card").first.get_by_role("link")
    expect(first).to_have_text("Lower back and sciatica")
    assert_fits_width(page)
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lower back and sciatica")


def test_pregnant_shows_the_safety_guidance_before_any_routine(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/search")
    page.get_by_role("searchbox").fill("pregnant")
    page.get_by_role("button", name="Search").click()
    guidance = page.get_by_role("heading", name="Pregnant? Ask your doctor or midwife first")
    expect(guidance).to_be_visible()
    routine = page.locator(".routine-card").first
    assert guidance.bounding_box()["y"] < routine.bounding_box()["y"]


def test_a_point_nickname_by_keyboard_only(page):
    page.goto("/search")
    page.get_by_role("searchbox").focus()
    page.keyboard.type("kd 1")
    page.keyboard.press("Enter")
    expect(page.locator(".point-card").first).to_contain_text("KI1")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", [None, "pregnant", "siatica", "kd 1", "zzqqxx"])
def test_search_pages_are_accessible_and_fit_360px(page, scheme, query):
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme=scheme)
    response = page.goto("/search" if query is None else f"/search?q={query}")
    assert response.status == 200
    assert_fits_width(page)
    assert_accessible(page)

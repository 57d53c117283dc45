"""Offline, the search still answers from the catalog saved on the device."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.e2e.test_offline import controlled


def search(page, words: str):
    page.get_by_label("Search routines and points, or say where it hurts").fill(words)
    page.get_by_role("button", name="Search").click()


def test_search_offline_finds_routines_points_and_the_pregnancy_guidance(page):
    controlled(page, "/search")
    page.context.set_offline(True)
    search(page, "sciatica")
    heading = page.get_by_role("heading", name="Results for “sciatica”")
    expect(heading).to_be_focused()
    expect(page.get_by_text("You are offline: these come from the catalog")).to_be_visible()
    routines = page.locator("#offline-results .routine-card")
    expect(routines.first.get_by_role("link")).to_have_text("Lower back and sciatica")
    expect(page.locator("#offline-results .point-card").first).to_contain_text("GB30")
    routines.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Lower back and sciatica", level=1)).to_be_visible()
    page.go_back()
    search(page, "kd 1")
    expect(page.locator("#offline-results .point-card").first).to_contain_text("KI1")
    search(page, "pregnant")
    expect(
        page.get_by_role("heading", name="Pregnant? Ask your doctor or midwife first")
    ).to_be_visible()
    expect(page.locator("#offline-results .routine-card")).not_to_have_count(0)
    search(page, "zzzz")
    expect(page.get_by_role("heading", name="No results")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_search_results_are_accessible_and_fit(page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 320, "height": 700})
    controlled(page, "/search")
    page.context.set_offline(True)
    search(page, "pregnant")
    expect(page.get_by_role("heading", name="Results for “pregnant”")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)

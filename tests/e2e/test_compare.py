"""A person sets up a fair comparison of two routines, follows today's pick, and stops it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width


def begin(page, first="Lower back basics", second="Upper back and shoulders"):
    page.goto("/routines")
    page.get_by_role("link", name="Compare two routines fairly").click()
    expect(page.get_by_role("heading", name="Compare two routines", level=1)).to_be_visible()
    page.get_by_label("First routine").select_option(label=first)
    page.get_by_label("Second routine").select_option(label=second)
    page.get_by_role("button", name="Start the comparison").click()
    expect(page.get_by_role("status")).to_contain_text(f"Comparison started: {first} and {second}")


def test_compare_two_routines_follow_today_and_stop(signed_in_page):
    page = signed_in_page
    page.goto("/compare")
    page.get_by_label("Second routine").select_option(label="Lower back basics")
    page.get_by_label("First routine").select_option(label="Lower back basics")
    page.get_by_role("button", name="Start the comparison").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose two different routines.")
    begin(page)
    today = page.get_by_role("heading", level=2).filter(has_text="Today: ")
    expect(today).to_be_visible()
    title = today.inner_text().removeprefix("Today: ")
    assert title in ("Lower back basics", "Upper back and shoulders")
    expect(page.get_by_text("Not enough sessions yet")).to_be_visible()
    plan = page.locator(".compare-plan li")
    expect(plan).to_have_count(7)
    expect(plan.first).to_contain_text(title)
    page.get_by_role("link", name=f"Start {title}").click()
    expect(page).to_have_url(re.compile(r"/routines/[a-z0-9-]+/session$"))
    expect(page.locator("main")).to_contain_text(title)
    page.goto("/compare")
    page.get_by_role("button", name="Stop the comparison").click()
    expect(page.get_by_role("status")).to_contain_text("Comparison stopped.")
    expect(page.get_by_role("button", name="Start the comparison")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_compare_pages_are_accessible_and_fit_320px(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/compare")
    assert_fits_width(page)
    assert_accessible(page)
    begin(page, "Seven points, mostly lying down", "Lower back basics")
    assert_fits_width(page)
    assert_accessible(page)
    page.get_by_role("button", name="Stop the comparison").click()
    expect(page.get_by_role("status")).to_contain_text("Comparison stopped.")

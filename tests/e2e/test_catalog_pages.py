"""A new person finding their way around the catalog on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, settle

PAGES = [
    ("/", 200),
    ("/about", 200),
    ("/routines", 200),
    ("/routines/{routine}", 200),
    ("/points", 200),
    ("/points?q=sea+of+vitality", 200),
    ("/points?q=%F0%9F%98%80", 200),
    ("/points/BL23", 200),
    ("/points/BL40", 200),
    ("/points/SP10", 200),
    ("/points/NOPE1", 404),
    ("/routines/no-such-routine", 404),
]


@pytest.fixture(scope="module")
def first_routine(live_server):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/api/routines") as response:  # noqa: S310
        return json.load(response)[0]["slug"]


def test_new_person_finds_sea_of_vitality_and_a_routine_that_uses_it(page):
    page.goto("/")
    page.get_by_role("link", name="Find a point").click()
    search = page.get_by_label("Search by code, name or nickname")
    search.fill("sea of vitality")
    search.press("Enter")
    expect(page.get_by_role("heading", name="found")).to_be_visible()
    page.get_by_role("link", name="BL23 Kidney Shu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BL23")
    expect(page.get_by_text("Sea of Vitality").first).to_be_visible()
    routines = page.get_by_role("heading", name="Routines that use it").locator(
        "xpath=following-sibling::ul[1]"
    )
    routine_link = routines.get_by_role("link").first
    title = routine_link.inner_text()
    routine_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".steps a[href='/points/BL23']").first).to_be_visible()
    assert_accessible(page)


def test_routine_list_leads_to_a_routine_with_its_total_time(page):
    page.goto("/routines")
    cards = page.locator(".routine-card")
    assert cards.count() >= 5
    cards.first.get_by_role("link").click()
    expect(page.get_by_text("Total time")).to_be_visible()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    assert_accessible(page)


def test_searching_nonsense_says_no_results_and_offers_the_catalog(page):
    page.goto("/points")
    page.get_by_label("Search by code, name or nickname").fill("zzzz")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    page.get_by_role("link", name="browse all points").click()
    expect(page.get_by_role("heading", name=re.compile(r"^All \d+ points$"))).to_be_visible()


def test_skip_link_moves_keyboard_focus_to_the_content(page):
    page.goto("/routines")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_service_worker_registers_for_the_whole_app(page):
    page.goto("/")
    scope = settle(page, "navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == page.url.split("?")[0].rstrip("/") + "/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_every_page_is_accessible_and_fits_a_phone(page, path, status, scheme, first_routine):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(path.format(routine=first_routine))
    assert response.status == status
    assert_fits_width(page)
    assert_accessible(page)

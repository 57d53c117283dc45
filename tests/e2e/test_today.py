"""The home of a returning person, online and offline, and flare mode from it."""

import datetime as dt

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, register_through_the_page, settle
from tests.e2e.test_player import check_out
from webapp.main.routes import FLARE_ROUTINE


def test_stranger_sees_the_brochure(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("one calm step at a time")


def test_returning_person_home_flare_mode_and_offline(page, context):
    register_through_the_page(page, "today-e2e@example.com", "a calm back 42")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.locator("#today-status")).to_have_text("Not yet today.")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    page.emulate_media(color_scheme="light")
    page.clock.install()
    page.get_by_role("link", name="Pain flaring?").click()
    page.wait_for_url(f"**/routines/{FLARE_ROUTINE}/session")
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()
    page.locator('input[name="pain"][value="7"]').check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#screen-player")).to_contain_text("LI10")
    page.clock.run_for((30 * 4 + 40 + 5 * 3) * 1000)
    check_out(page, 5)
    page.goto("/")
    expect(page.locator("#today-status")).to_contain_text("Done today:")
    expect(page.locator("#today-status")).to_contain_text("pain 7 → 5")
    same = page.get_by_role(
        "link", name="The same as last time: Flare: three calm minutes, sitting"
    )
    assert same.get_attribute("href") == f"/routines/{FLARE_ROUTINE}/session"
    expect(page.locator("svg.trend")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    # Offline: the worker serves this person's home from the private cache, not the brochure.
    settle(page, "navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    page.reload()
    context.set_offline(True)
    page.reload()
    expect(page.locator("#today-status")).to_contain_text("Done today:")
    context.set_offline(False)
    # After logout, this device keeps no copy of the person's home.
    page.goto("/account")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
    context.set_offline(True)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("one calm step at a time")
    context.set_offline(False)


def test_a_home_read_on_a_later_day_says_when_it_was_made(signed_in_page):
    """A copy from the cache, read days later, does not pass off old news as today."""
    page = signed_in_page
    page.goto("/")
    expect(page.locator("#today-stale")).to_be_hidden()
    page.clock.install(time=dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    page.goto("/")
    expect(page.locator("#today-stale")).to_contain_text("Saved on")
    assert_accessible(page)

"""The browser tests' own helpers: a promise that never settles fails the test, it never hangs;
the accessibility check judges the page once its styles are in."""

import pytest
from playwright.sync_api import Error

from tests.e2e.conftest import assert_accessible, settle
from tests.e2e.test_offline import slow_server


def test_settle_gives_the_value_of_a_promise(page):
    page.goto("/")
    assert settle(page, "Promise.resolve(41).then((n) => n + 1)") == 42


def test_settle_fails_on_a_promise_that_never_settles_even_on_the_fake_clock(page):
    page.goto("/")
    page.clock.install()
    page.clock.pause_at(1_900_000_000_000)
    with pytest.raises(Error, match="still pending after 1 s: new Promise"):
        settle(page, "new Promise(() => {})", seconds=1)


def test_the_accessibility_check_waits_for_the_pages_stylesheet(page, live_server):
    """Unstyled, the header's links fail contrast in dark mode; the check must not see that."""
    page.emulate_media(color_scheme="dark")
    with slow_server(live_server, "/static/css/app.css", 1.5):
        page.goto("/about", wait_until="commit")
        assert_accessible(page)

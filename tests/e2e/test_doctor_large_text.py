"""The doctor's pages on a small phone and with 200% text: nothing sideways, nothing covering a
control, no button label spilling out."""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits_width, register_through_the_page
from tests.e2e.test_history import log_sessions, session
from tests.e2e.test_large_text import COVERED, LARGE, SIZES, SPILLING
from tests.e2e.test_report import log_peg
from tests.e2e.test_share import make_link


@pytest.fixture(params=["small", "large-text"])
def small_phone(browser, live_server, request):
    """A small phone (320 px), or one with 200% text (360 px, as the player's own test), whose
    pages may take the test's own <style> (CSP bypassed for this context only)."""
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES[request.param], bypass_csp=True
    )
    context.large = request.param == "large-text"
    if context.large:
        # As add_style_tag does, but before the page's scripts draw anything (as on a phone).
        context.add_init_script(
            "addEventListener('DOMContentLoaded', () => {"
            " const style = document.createElement('style');"
            f" style.textContent = {json.dumps(LARGE)}; document.head.append(style); }})"
        )
    context.set_default_timeout(10_000)
    page = context.new_page()
    register_through_the_page(page, f"{uuid.uuid4().hex[:12]}@example.com", "a calm back 42")
    yield page
    context.close()


def test_the_peg_report_share_and_shared_pages_fit(small_phone):
    page = small_phone
    log_sessions(page, [session(day + 0.3, 6, 3) for day in range(10)] + [session(2.6, 9, None)])
    log_peg(page, 1, 5, 6, 4)
    log_peg(page, 8, 7, 6, 6)
    url = make_link(page, passcode="4271")
    (answer,) = page.request.get("/api/peg").json()[:1]
    pages = [
        "/",
        "/history/peg",
        f"/history/peg/{answer['id']}",
        "/report",
        "/report/share",
        "/report/links",
        url,
    ]
    for address in pages:
        page.goto(address)
        if page.locator(".trend-chart").count():
            expect(page.locator(".trend-chart canvas")).to_be_attached()
        assert_fits_width(page)
        assert page.evaluate(COVERED, page.locator("body").element_handle()) == [], address
        assert page.evaluate(SPILLING) == [], address

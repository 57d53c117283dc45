"""Years of sessions on a phone: the "All" chart draws a point a week, and its table says so."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import (
    CAPTIONS_IN_VIEW,
    PHONE,
    assert_accessible,
    assert_fits_width,
    register_through_the_page,
)
from webapp.extensions import db
from webapp.models import PracticeSession, Routine, User
from webapp.services import history, trend

DAYS = 900
LARGE_TEXT = "document.documentElement.style.fontSize = '200%'"
"""Text at 200%, as a phone's text-size setting makes it (allowed by the page's CSP)."""
SCROLL_SIDEWAYS = """
document.querySelectorAll('.table-scroll').forEach((region) => {
  region.scrollLeft = region.scrollWidth;
})
"""
"""Every sideways-scrolling region scrolled to its far end, as a person reading a wide table."""


@pytest.fixture
def long_log(browser, live_server):
    """A person on a phone with DAYS daily sessions (stored directly: years of use)."""
    email = f"{uuid.uuid4().hex[:12]}@example.com"
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    register_through_the_page(page, email, "a calm back 42")
    with live_server.app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        routine_id = db.session.scalar(sa.select(Routine.id).order_by(Routine.id))
        now = datetime.now(UTC).replace(microsecond=0)
        flare = {day: 10 for day in range(40, 44)}  # one bad week, to be seen
        db.session.execute(
            sa.insert(PracticeSession),
            [
                {
                    "id": uuid.uuid4(),
                    "user_id": user.id,
                    "routine_id": routine_id,
                    "started_at": now - timedelta(days=day, hours=2),
                    "ended_at": now - timedelta(days=day, hours=2) + timedelta(minutes=6),
                    "utc_offset_minutes": 60,
                    "pain_before": flare.get(day, 3 + day % 4),
                    "pain_after": None if day % 9 == 0 else 2 + day % 3,
                    "outcome": "completed",
                    "note": "",
                }
                for day in range(DAYS)
            ],
        )
        db.session.commit()
        expected = trend.buckets(history.entries_for(db.session, user), 7)
    yield page, expected
    context.close()
    assert not errors, errors


def test_the_all_chart_of_years_is_a_point_a_week_with_its_flare(long_log):
    page, expected = long_log
    page.goto("/history")
    page.get_by_role("navigation", name="Chart range").get_by_role("link", name="All").click()
    expect(page.get_by_text(f"{DAYS} sessions in all.")).to_be_visible()
    expect(page.get_by_text("each point is a week", exact=False)).to_be_visible()
    expect(page.locator("#trend canvas")).to_be_attached()
    expect(page.locator("#trend")).to_have_attribute("data-points", str(len(expected)))
    # The line joins the weeks' dots, their mean pain before (drawn from the same column).
    line = page.locator("#trend").evaluate("(element) => element.chart.data[3]")
    assert line == [bucket.before_mean for bucket in expected]
    page.get_by_text("The chart's numbers as a table").click()
    expect(page.get_by_role("columnheader", name="Week of")).to_be_visible()
    rows = page.locator("#trend-table tbody tr")
    expect(rows).to_have_count(len(expected))
    cells = rows.evaluate_all(
        "(rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim()))"
    )
    assert [int(row[1]) for row in cells] == [bucket.sessions for bucket in expected]
    means = [float(row[2].split(" ", 1)[0]) for row in cells]
    assert means == [bucket.before_mean for bucket in expected]
    highest = [int(row[2].rsplit("–", 1)[1].rstrip(")")) for row in cells]
    assert highest == [bucket.before_high for bucket in expected]
    assert 10 in highest  # the flare week shows
    assert_fits_width(page)
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    page.reload()
    expect(page.locator("#trend canvas")).to_be_attached()
    page.get_by_text("The chart's numbers as a table").click()
    expect(rows).to_have_count(len(expected))
    assert_accessible(page)


def test_the_all_chart_and_its_legend_fit_a_small_phone_with_large_text(long_log):
    """320 px wide with text at 200%: the legend's keys and words wrap and stay whole, in the
    page's width, light and dark."""
    page, expected = long_log
    page.set_viewport_size({"width": 320, "height": 568})
    page.goto("/history?range=all")
    page.evaluate(LARGE_TEXT)
    expect(page.locator("#trend")).to_have_attribute("data-points", str(len(expected)))
    for words in ("Average pain before", "Lowest to highest pain before"):
        legend = page.locator("#trend-caption .legend", has_text=words)
        expect(legend).to_be_visible()
        box = legend.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (words, box)
    # The skip link stays above the top edge until focused, however tall large text makes it.
    skip = page.get_by_role("link", name="Skip to content")
    hidden = skip.bounding_box()
    assert hidden["y"] + hidden["height"] <= 0, hidden
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    assert_fits_width(page)
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    page.reload()
    page.evaluate(LARGE_TEXT)
    expect(page.locator("#trend canvas")).to_be_attached()
    assert_fits_width(page)
    assert_accessible(page)


def test_table_captions_wrap_inside_a_small_phone_with_large_text(long_log):
    """320 px wide with text at 200%: each table's caption wraps inside the phone's width and
    stays in view while the table under it is scrolled sideways, on the history and the report,
    light and dark."""
    page, expected = long_log
    page.set_viewport_size({"width": 320, "height": 568})
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("/history?range=all")
        page.evaluate(LARGE_TEXT)
        page.get_by_text("The chart's numbers as a table").click()
        expect(page.locator("#trend-table tbody tr")).to_have_count(len(expected))
        expect(page.locator("#helps-table-caption")).to_be_visible()
        assert page.evaluate(CAPTIONS_IN_VIEW) == {"checked": 2, "clipped": []}
        page.evaluate(SCROLL_SIDEWAYS)
        assert page.evaluate(CAPTIONS_IN_VIEW) == {"checked": 2, "clipped": []}
        assert_fits_width(page)
        assert_accessible(page)
        page.goto("/report")
        page.evaluate(LARGE_TEXT)
        expect(page.get_by_role("region", name="Each routine in these dates")).to_be_visible()
        found = page.evaluate(CAPTIONS_IN_VIEW)
        assert found["checked"] >= 1 and found["clipped"] == [], found
        page.evaluate(SCROLL_SIDEWAYS)
        assert page.evaluate(CAPTIONS_IN_VIEW)["clipped"] == []
        assert_fits_width(page)
        assert_accessible(page)

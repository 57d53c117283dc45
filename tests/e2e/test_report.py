"""The doctor's report on a phone and on paper: sections chosen, the overview on the first A4
page, 90 days on at most two pages, axe-core light and dark."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.e2e.test_history import log_sessions, pdf_pages, person, session  # noqa: F401

A4_HEIGHT_PX = (297 - 2 * 12) / 25.4 * 96
"""The printable height of an A4 page with the report's 12 mm margins, in CSS pixels."""
A4_WIDTH_PX = (210 - 2 * 12) / 25.4 * 96


def log_peg(page, days_ago: float, pain: int, enjoyment: int, activity: int) -> None:
    """Send one week's answers through the real API with the page's cookies."""
    token = page.request.get("/api/csrf-token").json()["csrf_token"]
    body = {
        "id": str(uuid.uuid4()),
        "answered_at": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
        "pain": pain,
        "enjoyment": enjoyment,
        "activity": activity,
    }
    response = page.request.post(
        "/api/peg",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert response.status == 201, response.text()


def ninety_days(page) -> None:
    sessions = [
        session(day + 0.3, 5 + day % 4, 2 + day % 5, note="note " * 20) for day in range(90)
    ]
    long_note = "Safety check: pain 9, " + "a long note. " * 150
    sessions += [session(day + 0.6, 9, None, note=long_note) for day in range(3, 80, 7)]
    log_sessions(page, sessions)
    for week in range(13):
        log_peg(page, week * 7 + 1, 7 - week % 4, 6 - week % 3, 5)


def open_report(page, days: int) -> None:
    page.goto("/report")
    end = page.get_by_label("To", exact=True).input_value()
    start = (datetime.fromisoformat(end) - timedelta(days=days - 1)).date().isoformat()
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_role("button", name="Show these dates").click()
    expect(page.get_by_role("heading", name="Acupressure and back pain log")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ninety_days_print_on_two_a4_pages_with_the_overview_on_the_first(person, scheme):  # noqa: F811
    page = person
    page.emulate_media(color_scheme=scheme)
    ninety_days(page)
    open_report(page, 90)
    page.get_by_label("Your notes").check()
    page.get_by_role("button", name="Show these dates").click()
    expect(page.locator("#notes-title")).to_be_visible()
    expect(page.locator("#periods-table th[scope=row]").first).to_be_visible()
    one_line = page.locator("#periods-table th[scope=row] .nowrap").evaluate_all(
        "(cells) => cells.every((cell) => cell.getClientRects().length === 1)"
    )
    assert one_line, "a week label wraps"
    assert_fits_width(page)
    assert_accessible(page)
    page.get_by_text("Add your name and date of birth to this printout").click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Date of birth").fill("1990-12-10")
    expect(page.locator("#report-person")).to_have_text("Ada Lovelace, born 10 December 1990")
    assert_accessible(page)
    assert "Ada" not in page.url
    page.set_viewport_size({"width": round(A4_WIDTH_PX), "height": 1000})
    page.emulate_media(media="print")
    bottom = page.locator(".report-first").evaluate("(el) => el.getBoundingClientRect().bottom")
    top = page.locator(".report").evaluate("(el) => el.getBoundingClientRect().top")
    assert bottom - top <= A4_HEIGHT_PX, (
        f"the overview takes {bottom - top:.0f}px of {A4_HEIGHT_PX:.0f}"
    )
    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    assert 1 <= pages <= 2, pages


def test_without_the_peg_section_the_report_leaves_it_out(person):  # noqa: F811
    page = person
    log_sessions(page, [session(1, 6, 3)])
    log_peg(page, 1, 5, 5, 5)
    open_report(page, 28)
    expect(page.locator("#peg-trend-line")).to_contain_text("PEG score (0–10")
    expect(page.locator("#periods-table")).to_contain_text("5.0")
    page.get_by_label("Weekly PEG (how pain affects life)").uncheck()
    page.get_by_role("button", name="Show these dates").click()
    expect(page.locator("#peg-trend-line")).to_have_count(0)
    expect(page.locator("#periods-table")).not_to_contain_text("PEG")

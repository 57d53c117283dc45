"""History, the trend chart, the report and the exports, as a person uses them on a phone."""

import csv
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    assert_accessible,
    assert_fits_width,
    my_sessions,
    register_through_the_page,
    settle,
)
from tests.e2e.test_offline import controlled, outbox

TRICKY_NOTE = '=HYPERLINK("x"), then "quoted", a comma\nand a second line'


@pytest.fixture
def person(browser, live_server):
    """A newly registered person on a phone, with no sessions yet."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    register_through_the_page(page, f"{uuid.uuid4().hex[:12]}@example.com", "a calm back 42")
    yield page
    context.close()
    assert not errors, errors


def log_sessions(page, sessions: list[dict]) -> None:
    """Send sessions through the real API with the page's cookies, as the outbox does."""
    token = page.request.get("/api/csrf-token").json()["csrf_token"]
    for item in sessions:
        response = page.request.post(
            "/api/sessions",
            data=json.dumps(item),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        assert response.status == 201, response.text()


def session(days_ago: float, before: int, after: int | None, **extra) -> dict:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    return {
        "id": str(uuid.uuid4()),
        "routine": "lower-back-basics",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=8)).isoformat(),
        "pain_before": before,
        "pain_after": after,
        "outcome": "completed" if after is not None else "safety_stop",
        "note": "",
        **extra,
    }


def chart_and_table(page) -> tuple[list, list]:
    """The chart's own data (read from the uPlot instance) and the table's rows."""
    expect(page.locator("#trend canvas")).to_be_attached()
    page.get_by_text("The chart's numbers as a table").click()
    expect(page.locator("#trend-table")).to_be_visible()
    data = page.evaluate("document.getElementById('trend').chart.data.map((column) => [...column])")
    rows = page.locator("#trend-table tbody tr").evaluate_all(
        "(rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim()))"
    )
    return data, rows


def test_the_chart_has_a_point_per_session_in_the_range_and_the_table_matches(person):
    page = person
    # 2 sessions in the last 7 days, 4 in 30, 6 in 90, 8 in a year, 9 in all.
    days = [0.2, 5, 12, 25, 40, 80, 150, 300, 800]
    log_sessions(page, [session(day, 7 - i % 3, 3 + i % 4) for i, day in enumerate(days)])
    expected = {"7 days": 2, "30 days": 4, "90 days": 6, "1 year": 8, "All": 9}
    page.goto("/history")
    for label, count in expected.items():
        page.get_by_role("navigation", name="Chart range").get_by_role("link", name=label).click()
        expect(page.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
        (x, before, after, average), rows = chart_and_table(page)
        assert len(x) == count == len(rows), label
        assert page.locator("#trend").get_attribute("data-points") == str(count)
        assert [int(row[2]) for row in rows] == before
        assert [int(row[3]) for row in rows] == after
        assert [float(row[4]) for row in rows] == average
        assert x == sorted(x)
    assert [row[1] for row in rows] == ["Lower back basics"] * len(rows)
    assert_fits_width(page)
    assert_accessible(page)


def test_chart_table_and_log_read_times_on_the_persons_own_clock(person):
    page = person
    started = datetime(2026, 3, 14, 23, 30, tzinfo=timezone(timedelta(hours=5)))
    log_sessions(
        page,
        [
            session(
                0,
                6,
                3,
                started_at=started.isoformat(),
                ended_at=(started + timedelta(minutes=8)).isoformat(),
            )
        ],
    )
    page.goto("/history?range=all")
    expect(page.get_by_text("Saturday 14 March 2026", exact=True)).to_be_visible()
    expect(page.locator(".log-item time")).to_have_text("23:30")
    page.get_by_text("The chart's numbers as a table").click()
    expect(page.locator("#trend-table tbody td").first).to_have_text("14 Mar 2026, 23:30")


def test_history_in_dark_mode_is_accessible_and_fits(person):
    page = person
    log_sessions(page, [session(day, 6, 4, note="ok") for day in (1, 2, 3, 4, 5)])
    log_sessions(page, [session(0.5, 9, None, note="Safety check: pain 9.")])
    page.emulate_media(color_scheme="dark", reduced_motion="reduce")
    page.goto("/history")
    expect(page.get_by_role("heading", name="Your history")).to_be_visible()
    expect(page.locator("#trend canvas")).to_be_attached()
    expect(page.get_by_text("Stopped at the safety check").first).to_be_visible()
    page.get_by_text("The chart's numbers as a table").click()
    expect(page.locator("#trend-table tbody tr")).to_have_count(6)
    assert_fits_width(page)
    assert_accessible(page)


def test_editing_a_note_and_deleting_a_session_through_the_pages(person):
    page = person
    log_sessions(page, [session(1, 6, 3), session(0.1, 5, 5)])
    page.goto("/history")
    page.get_by_role("link", name="Edit pain or note").first.click()
    assert_accessible(page)
    # The browser stops typing at the server's limit (which the server checks too).
    expect(page.get_by_label("Note")).to_have_attribute("maxlength", "2000")
    page.get_by_label("Note").fill("Walked the dog after, felt looser")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.get_by_text("Walked the dog after, felt looser")).to_be_visible()
    assert page.url.endswith("/history")

    page.get_by_role("link", name="Delete").first.click()
    expect(page.get_by_role("heading", name="Delete this session?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keep it").click()
    assert len(my_sessions(page)) == 2
    page.get_by_role("link", name="Delete").first.click()
    page.get_by_role("button", name="Delete this session").click()
    expect(page.get_by_text("The session is deleted.")).to_be_visible()
    (left,) = my_sessions(page)
    # The newest session (5 → 5, now with the note) went; the older one stays as it was.
    assert (left["pain_before"], left["note"]) == (6, "")
    expect(page.get_by_text("1 check-in logged")).to_be_visible()


def test_history_offline_lists_the_sessions_waiting_on_this_device(person):
    page, context = person, person.context
    log_sessions(page, [session(2, 6, 4, note="synced before")])
    controlled(page, "/history")
    context.set_offline(True)
    page.evaluate(
        """(s) => import('/static/js/sessions.js').then((m) => m.saveSession(s))""",
        session(0.01, 7, 4, note="logged offline"),
    )
    assert len(outbox(page)) == 1
    page.reload()
    expect(page.get_by_text("synced before")).to_be_visible()
    pending = page.locator("#pending")
    expect(pending).to_be_visible()
    expect(pending.locator(".log-pending")).to_have_count(1)
    expect(pending).to_contain_text("Waiting to sync")
    expect(pending).to_contain_text("Lower back basics")
    expect(pending).to_contain_text("logged offline")
    expect(pending).to_contain_text("Down 3 points (43%): a meaningful drop, for now.")
    assert_accessible(page)
    context.set_offline(False)
    settle(page, "import('/static/js/outbox.js').then((m) => m.drain())")
    expect(pending.locator(".log-pending")).to_have_count(0)
    expect(pending).to_contain_text("1 session synced.")
    page.get_by_role("link", name="Reload to see them in your history").click()
    expect(page.get_by_text("logged offline")).to_be_visible()
    expect(page.locator("#pending")).to_be_hidden()
    assert len(my_sessions(page)) == 2


def pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize(("days", "span", "scheme"), [(90, 89, "light"), (365, 364, "dark")])
def test_the_report_prints_on_one_or_two_a4_pages(person, days, span, scheme):
    page = person
    page.emulate_media(color_scheme=scheme)
    sessions = [
        session(day + 0.3, 5 + day % 4, 2 + day % 5, note="note " * 20) for day in range(days)
    ]
    long_note = "Safety check: pain 9, " + "a long note. " * 150
    sessions += [session(day + 0.6, 9, None, note=long_note) for day in range(3, 80, 7)]
    log_sessions(page, sessions)
    page.goto("/history")
    page.get_by_role("link", name="A one-page report to print or save as PDF").click()
    end = page.get_by_label("To", exact=True).input_value()
    start = (datetime.fromisoformat(end) - timedelta(days=span)).date().isoformat()
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_role("button", name="Show these dates").click()
    expect(page.get_by_role("heading", name="Acupressure and back pain log")).to_be_visible()
    expect(page.locator("#report-trend canvas")).to_be_attached()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    assert 1 <= pages <= 2, pages


def test_a_report_with_bad_dates_shows_the_error_and_keeps_them(person):
    page = person
    page.goto("/report")
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Show these dates").click()
    expect(page.get_by_role("alert")).to_contain_text("must not be before the first day")
    expect(page.get_by_label("From", exact=True)).to_have_value("2026-05-01")
    assert_accessible(page)


def test_the_csv_export_round_trips_a_tricky_note(person):
    page = person
    log_sessions(page, [session(1, 6, 3, note=TRICKY_NOTE), session(0.5, 4, 4, note="+1 plain")])
    page.goto("/history")
    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (CSV)").click()
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    by_pain = {int(row["pain_before"]): row for row in rows}
    assert len(rows) == 2
    # The formula guard adds one apostrophe; everything else comes back exactly.
    assert by_pain[6]["note"] == "'" + TRICKY_NOTE
    assert by_pain[4]["note"] == "'+1 plain"
    assert by_pain[6]["pain_after"] == "3"
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON").click()
    with open(download.value.path(), encoding="utf-8") as file:
        exported = json.load(file)
    assert sorted(item["note"] for item in exported["sessions"]) == sorted(
        ["+1 plain", TRICKY_NOTE]
    )

"""The diary on a phone: a pain check offline, a corrected pain score, an added session."""

import csv
import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, my_sessions
from tests.e2e.test_history import log_sessions, person, session  # noqa: F401
from tests.e2e.test_offline import outbox


def chart_data(page, chart_id="trend"):
    return json.loads(page.locator(f"#{chart_id}-data").text_content())


def test_a_pain_check_logged_offline_syncs_once_and_shows_marked_in_the_chart(person):  # noqa: F811
    page, context = person, person.context
    log_sessions(page, [session(1, 6, 3)])
    page.goto("/history")
    context.set_offline(True)
    page.locator('#pain-check-form input[name="pain"][value="7"]').check()
    page.get_by_label("Note (optional)").fill("After the drive")
    page.get_by_role("button", name="Log it").click()
    expect(page.locator(".pain-check-status")).to_have_text(
        "Pain 7 saved on this device; it will sync when it can."
    )
    pending = page.locator("#pending-list .log-check")
    expect(pending).to_contain_text("Pain check")
    expect(pending).to_contain_text("Waiting to sync")
    assert len(outbox(page)) == 1
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_be_hidden()
    assert outbox(page) == []
    checks = page.request.get("/api/pain-checks").json()
    assert [(c["pain"], c["note"]) for c in checks] == [(7, "After the drive")]
    page.reload()
    data = chart_data(page)
    assert [value for value in data["check"] if value is not None] == [7]
    expect(page.locator(".trend figcaption")).to_contain_text("Pain check (no routine)")
    page.get_by_text("The chart's numbers as a table").click()
    expect(page.locator("#trend-table tr.row-check")).to_contain_text("Pain check (no routine)")
    expect(page.get_by_role("table", name="Each routine, all your sessions")).not_to_contain_text(
        "Pain check"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_pain_score_is_corrected_and_a_session_added_and_both_show_everywhere(person, scheme):  # noqa: F811
    page = person
    page.emulate_media(color_scheme=scheme)
    log_sessions(page, [session(1, 6, 3)])
    page.goto("/history")
    assert_accessible(page)
    page.get_by_role("link", name="Edit pain or note").first.click()
    assert_accessible(page)
    page.get_by_label("Pain before (0 to 10)").select_option("8")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.locator(".log-item").first).to_contain_text("Pain 8 → 3")
    page.get_by_role("link", name="Add a session done away from the phone").click()
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_label("Routine").select_option(label="Daily five points")
    page.get_by_label("Date and time you started").fill("2026-11-28T07:30")
    page.get_by_label("Pain before (0 to 10)").select_option("5")
    page.get_by_label("Pain after (0 to 10)").select_option("4")
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_text("Session added.")).to_be_visible()
    page.goto("/history?range=all")
    expect(page.locator(".log-item", has_text="Daily five points")).to_contain_text(
        "Added afterwards"
    )
    assert sorted(chart_data(page)["before"]) == [5, 8]
    page.goto("/report?start=2026-11-01&end=" + session(0, 1, 1)["started_at"][:10])
    assert sorted(chart_data(page, "report-trend")["before"]) == [5, 8]
    saved = my_sessions(page)
    assert {(s["pain_before"], s["manual"]) for s in saved} == {(8, False), (5, True)}
    page.goto("/history")
    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (CSV)").click()
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["pain_before"] for row in rows) == ["5", "8"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pain_check_page_logs_pain_and_is_accessible(person, scheme):  # noqa: F811
    page = person
    page.emulate_media(color_scheme=scheme)
    page.goto("/history/pain-check")
    assert_accessible(page)
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#pain-check-error")).to_be_visible()
    page.locator('#pain-check-form input[name="pain"][value="2"]').check()
    page.get_by_role("button", name="Log it").click()
    expect(page.locator(".pain-check-status")).to_have_text(
        "Pain 2 logged. It shows in the chart when you reload."
    )
    assert_accessible(page)
    assert [c["pain"] for c in page.request.get("/api/pain-checks").json()] == [2]


def test_a_correction_made_offline_is_sent_when_back_online(person):  # noqa: F811
    page, context = person, person.context
    log_sessions(page, [session(1, 6, 3)])
    (saved,) = my_sessions(page)
    page.goto(f"/history/{saved['id']}")
    context.set_offline(True)
    page.get_by_label("Pain after (0 to 10)").select_option("1")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".session-form-status")).to_have_text(
        "Saved on this device; it will sync when it can."
    )
    expect(page.locator("#sync-status")).to_contain_text("1 waiting to sync")
    assert [entry["method"] for entry in outbox(page)] == ["PATCH"]
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_be_hidden()
    (corrected,) = my_sessions(page)
    assert (corrected["pain_before"], corrected["pain_after"]) == (6, 1)
    assert corrected["updated_at"]

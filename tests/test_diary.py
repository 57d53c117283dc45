"""The diary: correcting pain, adding a session done away from the phone, and pain checks,
through the real forms, and what history, report and exports then show."""

import csv
import io
import json
import re
import uuid

import pytest

from tests.test_history import log, text


def form(auth, url, **data):
    return auth.client.post(url, data={**data, "csrf_token": auth.csrf()})


def chart_of(response, chart_id="trend"):
    html = response.get_data(as_text=True)
    found = re.search(rf'<script type="application/json" id="{chart_id}-data">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_pain_before_and_after_can_be_corrected_and_the_change_time_shows(signed_in):
    session_id = log(signed_in, 0, 6, 3)
    response = form(signed_in, f"/history/{session_id}", pain_before="7", pain_after="", note="x")
    assert response.status_code == 302
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert (stored["pain_before"], stored["pain_after"], stored["note"]) == (7, None, "x")
    page = text(signed_in.client.get(f"/history/{session_id}"))
    assert "Last corrected" in page
    assert "Pain 7; not rated after" in text(signed_in.client.get("/history"))


@pytest.mark.parametrize(("field", "value"), [("pain_before", "11"), ("pain_after", "-1")])
def test_a_pain_out_of_range_is_refused_keeping_the_note(signed_in, field, value):
    session_id = log(signed_in, 0, 6, 3)
    data = {"pain_before": "6", "pain_after": "3", "note": "kept text", field: value}
    response = form(signed_in, f"/history/{session_id}", **data)
    assert response.status_code == 400
    assert "kept text" in response.get_data(as_text=True)
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert (stored["pain_before"], stored["pain_after"]) == (6, 3)


def test_a_session_done_away_from_the_phone_can_be_added(signed_in):
    response = form(
        signed_in,
        "/history/add",
        routine="daily-five-points",
        started="2026-11-28T07:30",
        utc_offset="60",
        pain_before="5",
        pain_after="2",
        note="At a friend's",
    )
    assert response.status_code == 302
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert stored["started_at"] == "2026-11-28T07:30:00+01:00"
    assert (stored["routine"], stored["manual"], stored["held_seconds"]) == (
        "daily-five-points",
        True,
        None,
    )
    assert "Added afterwards" in text(signed_in.client.get("/history?range=all"))
    chart = chart_of(signed_in.client.get("/history?range=all"))
    assert (chart["before"], chart["after"]) == ([5], [2])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"started": "2999-01-01T08:00"}, "That is in the future"),
        ({"started": "yesterday"}, "Not a valid datetime value"),
        ({"routine": "no-such"}, "Not a valid choice"),
        ({"pain_before": "12"}, "Not a valid choice"),
    ],
)
def test_an_added_session_with_a_mistake_is_refused_keeping_the_entries(signed_in, change, message):
    data = {
        "routine": "daily-five-points",
        "started": "2026-11-28T07:30",
        "pain_before": "5",
        "pain_after": "2",
        "note": "kept text",
        **change,
    }
    response = form(signed_in, "/history/add", **data)
    assert response.status_code == 400
    assert message in text(response)
    assert "kept text" in response.get_data(as_text=True)
    assert signed_in.client.get("/api/sessions").get_json() == []


def test_a_pain_check_by_form_shows_apart_in_chart_and_report_and_counts_for_no_routine(signed_in):
    log(signed_in, 0, 6, 3)
    assert form(signed_in, "/history/pain-check", pain="8", note="Bad morning").status_code == 302
    response = signed_in.client.get("/history")
    chart = chart_of(response)
    assert sorted(value for value in chart["check"] if value is not None) == [8]
    row = chart["check"].index(8)
    assert chart["before"][row] is None and chart["average"][row] is None
    assert "Pain check (no routine)" in text(response)
    assert "pain 8" in text(response)
    report = signed_in.client.get("/report")
    assert chart_of(report, "report-trend")["check"].count(8) == 1
    assert "Pain checks (no routine) 1" in text(report)


def test_a_pain_check_without_a_number_is_refused(signed_in):
    response = form(signed_in, "/history/pain-check", note="kept text")
    assert response.status_code == 400
    assert "Choose a number from 0 to 10." in text(response)
    assert "kept text" in response.get_data(as_text=True)


def test_exports_hold_corrections_added_sessions_and_pain_checks(signed_in):
    session_id = log(signed_in, 0, 6, 3)
    form(signed_in, f"/history/{session_id}", pain_before="7", pain_after="3", note="")
    check = {"id": str(uuid.uuid4()), "taken_at": "2026-11-30T08:15:00+01:00", "pain": 4}
    headers = {"X-CSRFToken": signed_in.csrf()}
    signed_in.client.post("/api/pain-checks", json=check, headers=headers)
    data = signed_in.client.get("/export.json").get_json()
    assert data["sessions"][0]["pain_before"] == 7 and data["sessions"][0]["updated_at"]
    assert [c["pain"] for c in data["pain_checks"]] == [4]
    rows = list(
        csv.DictReader(io.StringIO(signed_in.client.get("/export.csv").get_data(as_text=True)))
    )
    assert [(row["kind"], row["pain_before"]) for row in rows] == [
        ("session", "7"),
        ("pain_check", "4"),
    ]

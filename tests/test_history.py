"""History, note editing, deletion and the report, through the real app and a real database."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import session_payload


def days_ago(days: int, hour: int = 8) -> datetime:
    moment = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment - timedelta(days=days)


def log(auth, days: int, before: int, after: int | None, **extra) -> str:
    """Post one session started `days` ago; return its id."""
    started = days_ago(days)
    payload = session_payload(
        started_at=started.isoformat(),
        ended_at=(started + timedelta(minutes=8)).isoformat(),
        pain_before=before,
        pain_after=after,
        **extra,
    )
    assert auth.post_session(payload).status_code == 201
    return payload["id"]


def text(response) -> str:
    """The page's words without tags or repeated spaces, as a reader meets them."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_history_needs_login(client):
    assert client.get("/history").status_code == 302
    assert client.get("/report").status_code == 302


def test_empty_history_invites_a_first_routine(signed_in):
    response = signed_in.client.get("/history")
    assert response.status_code == 200
    assert "Nothing logged yet" in text(response)
    assert 'id="trend"' not in response.get_data(as_text=True)


def test_history_lists_sessions_by_day_with_change_badge_outcome_and_note(signed_in):
    log(signed_in, 0, 6, 3, note="After gardening")
    log(signed_in, 1, 5, 4)
    log(signed_in, 1, 9, None, outcome="safety_stop", note="Safety check: pain 9.")
    words = text(signed_in.client.get("/history"))
    assert "3 check-ins logged" in words
    assert "Pain 6 → 3: down 3 points (50%) Meaningful drop, for now" in words
    assert "Pain 5 → 4: down 1 point (20%)" in words
    assert "Pain 9; not rated after" in words
    assert "Stopped at the safety check" in words
    assert "After gardening" in words
    # Newest day first.
    assert words.index("Pain 6 → 3") < words.index("Pain 5 → 4")


def test_history_shows_only_the_persons_own_sessions(app, client, signed_in):
    log(signed_in, 0, 7, 2, note="Ada's own note")
    signed_in.logout()
    signed_in.register(email="grace@example.com")
    response = signed_in.client.get("/history")
    assert "Ada's own note" not in response.get_data(as_text=True)
    assert "Nothing logged yet" in text(response)


def test_chart_data_and_table_hold_the_sessions_of_the_range(signed_in):
    for days in (1, 3, 20, 60, 200, 500):
        log(signed_in, days, 6, 4)
    expected = {"7d": 2, "30d": 3, "90d": 4, "1y": 5, "all": 6, "nonsense": 3}
    for key, count in expected.items():
        html = signed_in.client.get(f"/history?range={key}").get_data(as_text=True)
        data = re.search(r'<script type="application/json" id="trend-data">(.*?)</script>', html)
        assert data, key
        chart = json.loads(data.group(1))
        assert len(chart["x"]) == len(chart["before"]) == len(chart["after"]) == count, key
        assert chart["x"] == sorted(chart["x"])
        assert [chart["routines"][index] for index in chart["routine"]] == [
            "Lower back basics"
        ] * count


def test_what_helps_says_not_enough_data_below_five_sessions(signed_in):
    for day in range(4):
        log(signed_in, day, 6, 3)
    assert "Not enough data yet (4 of 5 rated sessions)" in text(signed_in.client.get("/history"))
    log(signed_in, 4, 6, 5)
    words = text(signed_in.client.get("/history"))
    # Changes -3, -3, -3, -3, -1: mean -13/5 = -2.6; 4 of 5 meaningful = 80%.
    assert "Lower back basics 5 2.6 less 80%" in words
    assert "Not enough data yet" not in words


def test_three_worse_sessions_in_a_row_suggest_pausing_that_routine(signed_in):
    for day in (3, 2, 1):
        log(signed_in, day, 4, 6)
    words = text(signed_in.client.get("/history"))
    assert "Consider pausing Lower back basics" in words
    log(signed_in, 0, 6, 4)
    assert "Consider pausing" not in text(signed_in.client.get("/history"))


def test_history_pages_hold_thirty_sessions(signed_in):
    for day in range(31):
        log(signed_in, day, 5, 4, note=f"day {day}")
    first = signed_in.client.get("/history").get_data(as_text=True)
    assert "page 1 of 2" in first and "Older sessions" in first
    assert "day 0<" in first and "day 30<" not in first
    second = signed_in.client.get("/history?page=2").get_data(as_text=True)
    assert "day 30<" in second and "Newer sessions" in second
    assert signed_in.client.get("/history?page=99").status_code == 200


def test_a_note_can_be_edited_and_a_too_long_one_is_refused_keeping_the_text(signed_in):
    session_id = log(signed_in, 0, 6, 3)
    url = f"/history/{session_id}"
    assert signed_in.client.get(url).status_code == 200
    long = "x" * 2001
    response = signed_in.client.post(url, data={"note": long, "csrf_token": signed_in.csrf()})
    assert response.status_code == 400
    assert "Keep it to 2000 characters." in text(response)
    assert long in response.get_data(as_text=True)
    response = signed_in.client.post(
        url, data={"note": '  Helped, "a lot"\n=really  ', "csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert stored["note"] == 'Helped, "a lot"\n=really'


def test_a_note_sent_without_csrf_token_changes_nothing_and_keeps_the_text(signed_in):
    session_id = log(signed_in, 0, 6, 3, note="original")
    response = signed_in.client.post(f"/history/{session_id}", data={"note": "changed"})
    assert response.status_code == 400
    assert "expired or was sent without its security token" in text(response)
    assert "changed" in response.get_data(as_text=True)
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert stored["note"] == "original"


def test_delete_asks_first_then_deletes(signed_in):
    session_id = log(signed_in, 0, 6, 3, note="to go")
    confirm = signed_in.client.get(f"/history/{session_id}/delete")
    assert "Delete this session?" in text(confirm)
    assert signed_in.client.post(f"/history/{session_id}/delete").status_code == 400
    assert len(signed_in.client.get("/api/sessions").get_json()) == 1
    response = signed_in.client.post(
        f"/history/{session_id}/delete", data={"csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    assert signed_in.client.get("/api/sessions").get_json() == []
    assert signed_in.client.get(f"/history/{session_id}").status_code == 404


def test_other_peoples_sessions_cannot_be_read_edited_or_deleted(signed_in):
    session_id = log(signed_in, 0, 6, 3, note="Ada's")
    signed_in.logout()
    signed_in.register(email="grace@example.com")
    token = signed_in.csrf()
    assert signed_in.client.get(f"/history/{session_id}").status_code == 404
    edit = signed_in.client.post(f"/history/{session_id}", data={"note": "x", "csrf_token": token})
    assert edit.status_code == 404
    gone = signed_in.client.post(f"/history/{session_id}/delete", data={"csrf_token": token})
    assert gone.status_code == 404
    signed_in.logout()
    signed_in.login()
    (stored,) = signed_in.client.get("/api/sessions").get_json()
    assert stored["note"] == "Ada's"


def test_the_next_link_after_saving_stays_on_this_site(signed_in):
    session_id = log(signed_in, 0, 6, 3)
    response = signed_in.client.post(
        f"/history/{session_id}?next=https://evil.example/",
        data={"note": "ok", "csrf_token": signed_in.csrf()},
    )
    assert response.headers["Location"] == "/history"


def test_report_defaults_to_the_last_four_weeks(signed_in):
    log(signed_in, 2, 6, 3)
    log(signed_in, 40, 8, 8)
    log(signed_in, 5, 9, None, outcome="safety_stop")
    response = signed_in.client.get("/report")
    assert response.status_code == 200
    words = text(response)
    assert "(28 days)" in words
    assert "Check-ins 2: 1 routine done, 1 stopped at the safety check" in words
    assert "pain 9/10." in words
    assert "not a cure and does not replace medical care" in words


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-05-01&end=2026-04-01", "The last day must not be before the first day."),
        ("start=&end=2026-04-01", "Choose the first day."),
        ("start=not-a-date&end=2026-04-01", "Not a valid date value."),
        ("start=2026-04-01&end=garbage", "Not a valid date value."),
        ("start=2026-01-01&end=2999-01-01", "The last day must not be in the future."),
    ],
)
def test_report_with_bad_dates_says_what_to_fix(signed_in, query, message):
    response = signed_in.client.get(f"/report?{query}")
    assert response.status_code == 400
    assert message in text(response)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_report_table_switches_to_months_for_long_ranges(signed_in):
    log(signed_in, 100, 6, 3)
    end = date.today()
    start = end - timedelta(days=200)
    words = text(signed_in.client.get(f"/report?start={start}&end={end}"))
    assert "By month" in words


def test_history_and_report_are_never_stored_by_the_browser_cache(signed_in):
    for url in ("/history", "/report"):
        assert signed_in.client.get(url).headers["Cache-Control"] == "no-store"


def test_four_weeks_without_clear_improvement_suggest_a_routine_appointment(signed_in):
    # Practising for 30 days. Days 27..21 ago: pain 6 and 6 (mean 6.0); the last week: 5 and 6
    # (mean 5.5). A drop of 0.5 is not meaningful, and 5.5 is at least 3: the nudge shows.
    for day, before in ((30, 6), (27, 6), (24, 6), (3, 5), (1, 6)):
        log(signed_in, day, before, before - 1)
    assert "Time for a check-up" in text(signed_in.client.get("/history"))


def test_a_clear_improvement_over_four_weeks_needs_no_check_up_nudge(signed_in):
    # Practising for 30 days; mean 7.0 four weeks ago, 4.0 now: a drop of 3 points (43%) is
    # meaningful.
    for day, before in ((30, 7), (27, 7), (24, 7), (3, 4), (1, 4)):
        log(signed_in, day, before, before - 1)
    assert "Time for a check-up" not in text(signed_in.client.get("/history"))


def test_report_overview_rounds_halves_up_like_every_other_figure(signed_in):
    # 9 sessions in 28 days: 9 * 7 / 28 = 2.25 a week, shown as 2.3 (as on /history).
    # Before 5 and 6, alternating, over 8 rated sessions and one unrated: mean of the rated
    # befores (5+6+5+6+5+6+5+6)/8 = 5.5; afters all 3.
    for day in range(8):
        log(signed_in, day + 1, 5 + day % 2, 3)
    log(signed_in, 12, 4, None, outcome="stopped_early")
    words = text(signed_in.client.get("/report"))
    assert "Routines a week 2.3" in words
    assert "5.5 → 3.0 (8 rated)" in words

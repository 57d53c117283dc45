"""A long range's chart, a point a day or week grouped in SQL, equals a pure-Python grouping."""

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.test_figures import NOW, SEEDS, logs, person  # noqa: F401 (the fixture)
from webapp.extensions import db
from webapp.models import PracticeSession, Routine, User
from webapp.services import history, trend


def test_grouped_in_sql_equals_the_pure_grouping_on_random_logs(logs):  # noqa: F811
    seen = set()
    with logs.app_context():
        for seed in SEEDS:
            user = person(seed)
            everything = history.entries_for(db.session, user)
            for span in history.RANGES:
                since = None if span.days is None else NOW - timedelta(days=span.days)
                shown = history.in_range(everything, span, NOW)
                for width in trend.WIDTHS:
                    found = trend.grouped(db.session, user, width, since)
                    assert found == trend.buckets(shown, width), (seed, span.key, width)
                    assert sum(bucket.sessions for bucket in found) == len(shown)
                    seen.update((bucket.stops > 0, bucket.after_mean is None) for bucket in found)
    assert seen == {(False, False), (True, False), (False, True), (True, True)}


def test_buckets_are_the_persons_days_and_monday_weeks():
    day = date(2026, 6, 17)  # a Wednesday
    assert trend.bucket_start(day, 1) == day
    assert trend.bucket_start(day, 7) == date(2026, 6, 15)
    assert trend.bucket_start(day, 7).weekday() == 0
    assert trend.bucket_start(day, 28).weekday() == 0
    assert trend.bucket_start(date(1960, 1, 1), 7).weekday() == 0


@pytest.mark.parametrize(
    ("days", "width"), [(1, 1), (599, 1), (600, 1), (601, 7), (3650, 7), (4100, 7), (4300, 28)]
)
def test_the_shortest_width_with_at_most_max_points(days, width):
    last = date(2026, 6, 15)
    first = last - timedelta(days=days - 1)
    assert trend.width_for(first, last) == width
    count = (trend.bucket_start(last, width) - trend.bucket_start(first, width)).days // width
    assert count + 1 <= trend.MAX_POINTS


def chart_of(response) -> dict:
    found = re.search(r'id="trend-data">(.*?)</script>', response.get_data(as_text=True))
    return json.loads(found.group(1))


def add_daily(user: User, days: int, offset: int = 120) -> None:
    routine_id = db.session.scalar(sa.select(Routine.id).order_by(Routine.id))
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "user_id": user.id,
            "routine_id": routine_id,
            "started_at": now - timedelta(days=day, hours=1),
            "ended_at": now - timedelta(days=day, hours=1) + timedelta(minutes=6),
            "utc_offset_minutes": offset,
            "pain_before": 3 + day % 7,
            "pain_after": None if day % 5 == 0 else 2 + day % 4,
            "outcome": "completed",
            "note": "",
        }
        for day in range(days)
    ]
    db.session.execute(sa.insert(PracticeSession), rows)
    db.session.commit()


def test_history_all_of_a_long_log_is_a_point_a_week(app, signed_in):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
        add_daily(user, 900)
        everything = history.entries_for(db.session, user)
        expected = trend.buckets(everything, 7)
    response = signed_in.client.get("/history?range=all")
    assert response.status_code == 200
    chart = chart_of(response)
    assert chart["bucket"] == 7
    assert chart["x"] == [
        history.wall_seconds(datetime.combine(bucket.start, datetime.min.time()))
        for bucket in expected
    ]
    assert chart["sessions"] == [bucket.sessions for bucket in expected]
    # Mean beside mean (the dot, the ring), and the spread apart, so a flare shows.
    assert chart["before"] == [bucket.before_mean for bucket in expected]
    # The line joins the dots (drawn from "before"); "average" is kept for older cached scripts.
    assert chart["average"] == chart["before"]
    assert chart["low"] == [bucket.before_low for bucket in expected]
    assert chart["high"] == [bucket.before_high for bucket in expected]
    assert chart["after"] == [bucket.after_mean for bucket in expected]
    text = response.get_data(as_text=True)
    assert "900 sessions in all." in text
    assert "each point is a week" in text
    # A range short enough still draws every session.
    chart = chart_of(signed_in.client.get("/history?range=1y"))
    assert "bucket" not in chart
    assert len(chart["x"]) == 365

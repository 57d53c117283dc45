"""The signed-in home (today, the same as last time, streak, trend) and the flare routine."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from webapp.extensions import db
from webapp.main.routes import FLARE_ROUTINE
from webapp.models import Routine
from webapp.security import OWNER_HEADER
from webapp.services.stats import Entry
from webapp.services.today import trend

SITTING_REGIONS = {"forearm", "hand", "knee", "head"}
"""Where a person can press alone, sitting upright, without bending or lying down."""


def test_strangers_get_the_brochure(client):
    page = client.get("/")
    assert "one calm step at a time" in page.get_data(as_text=True)
    assert OWNER_HEADER not in page.headers
    assert "Cookie" in page.headers["Vary"]


def test_a_returning_person_sees_today_not_done_then_done(signed_in):
    page = signed_in.client.get("/")
    html = page.get_data(as_text=True)
    assert page.headers[OWNER_HEADER]
    assert page.headers["Cache-Control"] == "no-store"
    assert "Not yet today." in html
    assert "Choose your first routine" in html
    # Today's session, also when the test runs just after midnight (UTC, the session's offset).
    now = datetime.now(UTC).replace(microsecond=0)
    started = max(now - timedelta(minutes=20), now.replace(hour=0, minute=0, second=0))
    assert signed_in.post_session(
        routine="upper-back-and-shoulders",
        started_at=started.isoformat(),
        ended_at=min(started + timedelta(minutes=8), now).isoformat(),
        pain_before=7,
        pain_after=4,
    ).status_code in (200, 201)
    html = signed_in.client.get("/").get_data(as_text=True)
    assert "Done today:" in html and "pain 7 → 4" in html
    assert 'href="/routines/upper-back-and-shoulders/session">The same as last time' in html
    assert "1 day so far" in html


def test_trend_is_fourteen_days_of_mean_pain_before():
    today = date(2026, 6, 14)
    zone = UTC

    def entry(day, pain, outcome="completed"):
        return Entry(datetime(2026, 6, day, 9, tzinfo=zone), "r", "R", pain, 2, outcome)

    days = trend(
        [entry(1, 9), entry(2, 6), entry(2, 3), entry(14, 5), entry(10, 8, "safety_stop")], today
    )
    assert len(days) == 14 and days[0].day == date(2026, 6, 1)
    assert [d.pain for d in days if d.pain is not None] == [9, 4.5, 5]


def test_flare_routine_is_short_reachable_alone_sitting_and_names_its_sources(app):
    with app.app_context():
        routine = db.session.scalar(sa.select(Routine).where(Routine.slug == FLARE_ROUTINE))
        assert 150 <= routine.total_seconds <= 210, "about three minutes"
        for point in routine.points:
            assert point.region in SITTING_REGIONS, point.code
            assert not point.needs_partner_or_ball, point.code
            assert not point.avoid_in_pregnancy, point.code
            assert set(point.sources) & set(routine.sources), point.code


def test_flare_is_a_manifest_shortcut(client):
    shortcuts = client.get("/manifest.webmanifest").get_json()["shortcuts"]
    assert {
        "short_name": "Pain flaring?",
        "url": f"/routines/{FLARE_ROUTINE}/session",
    }.items() <= next(s for s in shortcuts if s["short_name"] == "Pain flaring?").items()


def test_flare_is_offered_on_the_home(signed_in):
    html = signed_in.client.get("/").get_data(as_text=True)
    assert f'href="/routines/{FLARE_ROUTINE}/session">Pain flaring?' in html

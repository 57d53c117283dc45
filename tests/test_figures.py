"""The history and report figures read from a few rows equal stats.py's over every session.

Random logs: many routines, offsets from -12:00 to +14:00 (a person's day can be a day apart
from UTC's), shared start times, safety stops, part-held runs, unrated sessions, future clocks.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import PracticeSession, Routine, User
from webapp.services import figures, history, stats, today
from webapp.services.accounts import create_user

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)
OFFSETS = (-720, -300, 0, 60, 330, 600, 840)


def random_log(app, seed: int, count: int) -> None:
    """A person ("p{seed}@example.com") with `count` random sessions up to NOW (and a few after)."""
    rng = random.Random(seed)  # noqa: S311 (repeatable test data)
    with app.app_context():
        user = create_user(db.session, f"p{seed}@example.com", "correct horse battery staple")
        db.session.flush()
        routine_ids = list(db.session.scalars(sa.select(Routine.id)))
        routines = rng.sample(routine_ids, k=min(len(routine_ids), rng.randint(1, 4)))
        moments = []
        rows = []
        for _ in range(count):
            if moments and rng.random() < 0.1:
                started = rng.choice(moments)  # the same instant as another session
            else:
                # Mostly daily, with gaps: streaks start and break.
                started = NOW - timedelta(days=rng.randint(-1, rng.choice((20, 60, 400))))
                started -= timedelta(minutes=rng.randint(0, 24 * 60))
            moments.append(started)
            outcome = rng.choices(
                ["completed", "partial", "stopped_early", "abandoned", "safety_stop"],
                [60, 10, 10, 10, 10],
            )[0]
            total = rng.randint(1, 8)
            done = total if outcome == "completed" else rng.randint(0, total)
            held = rng.random() < 0.7 and outcome != "safety_stop"
            before = rng.choice((rng.randint(0, 10), rng.randint(5, 8)))
            after = None if rng.random() < 0.2 else rng.randint(0, 10)
            rows.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "user_id": user.id,
                    "routine_id": rng.choice(routines),
                    "started_at": started,
                    "ended_at": started + timedelta(minutes=7),
                    "utc_offset_minutes": rng.choice(OFFSETS),
                    "pain_before": before,
                    "pain_after": None if outcome == "safety_stop" else after,
                    "outcome": outcome,
                    "note": "",
                    "created_at": started + timedelta(minutes=rng.choice((8, 8, 9))),
                    "held_seconds": 60 if held else None,
                    "steps_completed": done if held else None,
                    "steps_skipped": total - done if held else None,
                    "steps_not_reached": 0 if held else None,
                }
            )
        db.session.execute(sa.insert(PracticeSession), rows)
        db.session.commit()


def person(seed: int) -> User:
    return db.session.scalar(sa.select(User).where(User.email == f"p{seed}@example.com"))


SEEDS = range(8)


@pytest.fixture
def logs(app):
    for seed in SEEDS:
        random_log(app, seed, count=40 + 60 * seed)
    return app


def days_to_check(today):
    return [today + timedelta(days=step) for step in (-400, -45, -28, -27, -3, -1, 0, 1, 2)]


def test_routine_summaries_equal_stats(logs):
    with logs.app_context():
        for seed in SEEDS:
            everything = history.entries_for(db.session, person(seed))
            found = figures.routine_summaries(db.session, person(seed))
            assert found == stats.routine_summaries(everything), seed


def test_streak_weekly_rate_and_nudges_equal_stats(logs):
    fired = set()
    with logs.app_context():
        for seed in SEEDS:
            user = person(seed)
            everything = history.entries_for(db.session, user)
            today = history.today_for(everything, NOW)
            assert figures.today_for(db.session, user, NOW) == today
            for day in days_to_check(today):
                recent = figures.recent_entries(db.session, user, day)
                assert figures.streak(db.session, user, day) == stats.current_streak(
                    everything, day
                ), (seed, day)
                assert stats.sessions_per_week(recent, day) == stats.sessions_per_week(
                    everything, day
                ), (seed, day)
                nudges = stats.nudges(recent, day)
                assert nudges == stats.nudges(everything, day), (seed, day)
                fired.update(nudge.kind for nudge in nudges)
    assert fired == {"see_doctor", "pause_routine"}  # the data reach both rules


def test_a_long_streak_is_counted_past_the_first_rows_read(app):
    with app.app_context():
        user = create_user(db.session, "daily@example.com", "correct horse battery staple")
        db.session.flush()
        routine_id = db.session.scalar(sa.select(Routine.id))
        rows = [
            {
                "id": uuid.uuid4(),
                "user_id": user.id,
                "routine_id": routine_id,
                "started_at": NOW - timedelta(days=day, hours=day % 3),
                "ended_at": NOW - timedelta(days=day, hours=day % 3) + timedelta(minutes=5),
                "utc_offset_minutes": 60,
                "pain_before": 4,
                "pain_after": 3,
                "outcome": "completed",
                "note": "",
                "created_at": NOW - timedelta(days=day),
            }
            for day in list(range(300)) * 2
        ]
        db.session.execute(sa.insert(PracticeSession), rows)
        everything = history.entries_for(db.session, user)
        today = history.today_for(everything, NOW)
        assert figures.streak(db.session, user, today) == stats.current_streak(everything, today)
        assert stats.current_streak(everything, today) == 300


def test_chart_and_report_rows_equal_those_over_every_session(logs):
    with logs.app_context():
        for seed in SEEDS:
            user = person(seed)
            everything = history.entries_for(db.session, user)
            today = history.today_for(everything, NOW)
            for span in history.RANGES:
                shown = history.in_range(everything, span, NOW)
                entries = figures.chart_entries(db.session, user, span.days, NOW)
                assert history.chart_rows(
                    entries, history.in_range(entries, span, NOW)
                ) == history.chart_rows(everything, shown), (seed, span.key)
            for start in (today - timedelta(days=27), today - timedelta(days=364)):
                end = today
                entries, shown = figures.report_entries(db.session, user, start, end)
                expected = [entry for entry in everything if start <= entry.day <= end]
                assert shown == expected
                assert history.chart_rows(entries, shown) == history.chart_rows(
                    everything, expected
                )


def test_count_is_every_session(logs):
    with logs.app_context():
        for seed in SEEDS:
            assert figures.count(db.session, person(seed)) == 40 + 60 * seed


def test_the_home_page_figures_equal_those_over_every_session(logs):
    with logs.app_context():
        for seed in SEEDS:
            user = person(seed)
            everything = history.entries_for(db.session, user)
            practised = [entry for entry in everything if entry.practised]
            for now in (NOW, NOW - timedelta(days=40), NOW + timedelta(days=3)):
                found = today.today_for(db.session, user, now)
                day = history.today_for(everything, now)
                assert found.day == day
                assert found.done == [entry for entry in practised if entry.day == day]
                assert found.last == (practised[-1] if practised else None)
                assert found.streak == stats.current_streak(everything, day)
                assert found.trend == today.trend(everything, day)
                assert found.nudges == stats.nudges(everything, day)

"""The pain trend of a long range, one point a day, week or four weeks, grouped in SQL.

Up to MAX_POINTS sessions the chart draws every session (history.chart_rows). Past that a phone
cannot show them apart, and reading and averaging each one was the slow part of
/history?range=all. Then the range is cut into buckets of the person's own days, the shortest
of WIDTHS that gives at most MAX_POINTS of them (ten years of daily sessions: 522 weeks), and
each bucket keeps what a person needs to see a flare and whether sessions help: how many
sessions, pain before's mean, lowest and highest (the highest is the flare), pain after's mean,
lowest and highest over the rated ones, and the safety stops. Means are stats.round_ratio's, so
they read as every other figure; `buckets` is the pure reference `grouped` must equal.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import sqlalchemy as sa

from webapp.models import User, UTCDateTime
from webapp.services.figures import PRACTISED, SESSIONS
from webapp.services.stats import Entry, round_ratio

MAX_POINTS = 600
WIDTHS = (1, 7, 28)
"""Bucket widths in days; weeks and four weeks start on a Monday."""
EPOCH = date(1970, 1, 5)
"""A Monday: buckets are counted from it, so a week bucket is a Monday-to-Sunday week."""
SHIFT = 28 * 100_000
"""Days added before dividing (a multiple of every width): the bucket number stays positive
for any date SQL can hold, as SQLite and PostgreSQL both divide integers towards zero."""


@dataclass(slots=True)
class Bucket:
    start: date
    days: int
    sessions: int
    before_mean: float
    before_low: int
    before_high: int
    rated: int
    after_mean: float | None
    after_low: int | None
    after_high: int | None
    stops: int


def width_for(first: date, last: date) -> int:
    """The shortest bucket width giving at most MAX_POINTS buckets over first..last."""

    def count(width: int) -> int:
        return (bucket_start(last, width) - bucket_start(first, width)).days // width + 1

    return next((width for width in WIDTHS if count(width) <= MAX_POINTS), WIDTHS[-1])


def bucket_start(day: date, width: int) -> date:
    """The first day of the bucket of `width` days that holds `day`."""
    return EPOCH + timedelta(days=(day - EPOCH).days // width * width)


def _bucket(start, days, count, before_sum, before_low, before_high, rated, after_sum, *rest):
    after_low, after_high, stops = rest
    return Bucket(
        start=start,
        days=days,
        sessions=count,
        before_mean=round_ratio(before_sum, count, 2),
        before_low=before_low,
        before_high=before_high,
        rated=rated,
        after_mean=round_ratio(after_sum, rated, 2) if rated else None,
        after_low=after_low if rated else None,
        after_high=after_high if rated else None,
        stops=stops,
    )


def buckets(entries: list[Entry], width: int) -> list[Bucket]:
    """The entries grouped into buckets of `width` of the person's days, oldest first."""
    grouped: dict[date, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(bucket_start(entry.day, width), []).append(entry)
    found = []
    for start in sorted(grouped):
        group = grouped[start]
        before = [entry.pain_before for entry in group]
        after = [entry.pain_after for entry in group if entry.pain_after is not None]
        found.append(
            _bucket(
                start,
                width,
                len(group),
                sum(before),
                min(before),
                max(before),
                len(after),
                sum(after),
                min(after, default=None),
                max(after, default=None),
                sum(1 for entry in group if not entry.practised),
            )
        )
    return found


def _local_seconds(dialect: str):
    """SQL for a session's start as seconds since 1970 on the person's clock of the time.

    The fastest exact form on each (every row of a long range goes through it): SQLite's
    unixepoch() (3.38 and later) over strftime's text, PostgreSQL's date_part (a double, exact
    to the microsecond here) over EXTRACT (a numeric): 3.3 against 4.3 ms and 2.7 against 4.0
    ms for ten years of daily sessions."""
    if dialect == "sqlite":
        if sqlite3.sqlite_version_info >= (3, 38):
            utc = sa.func.unixepoch(SESSIONS.started_at)
        else:
            utc = sa.cast(sa.func.strftime("%s", SESSIONS.started_at), sa.Integer)
    else:
        utc = sa.cast(sa.func.floor(sa.func.date_part("epoch", SESSIONS.started_at)), sa.BigInteger)
    return utc + SESSIONS.utc_offset_minutes * 60


@cache
def _grouped_query(dialect: str, width: int, since: bool):
    """The statement of `grouped`, built once (its building cost more than running it)."""
    local_day = _local_seconds(dialect) // 86400
    number = (local_day - (EPOCH - date(1970, 1, 1)).days + SHIFT) // width
    after = SESSIONS.pain_after
    query = (
        sa.select(
            number.label("bucket"),
            sa.func.count(),
            sa.func.sum(SESSIONS.pain_before),
            sa.func.min(SESSIONS.pain_before),
            sa.func.max(SESSIONS.pain_before),
            sa.func.count(after),
            sa.func.coalesce(sa.func.sum(after), 0),
            sa.func.min(after),
            sa.func.max(after),
            sa.func.sum(sa.case((PRACTISED, 0), else_=1)),
        )
        .where(SESSIONS.user_id == sa.bindparam("user"))
        .group_by(sa.literal_column("bucket"))
        .order_by(sa.literal_column("bucket"))
    )
    if since:
        query = query.where(SESSIONS.started_at >= sa.bindparam("since", type_=UTCDateTime))
    return query


def grouped(session, user: User, width: int, since: datetime | None = None) -> list[Bucket]:
    """`buckets` of the person's sessions started at or after `since` (all when None), in SQL:
    one row a bucket leaves the database."""
    connection = session.connection()
    query = _grouped_query(connection.dialect.name, width, since is not None)
    rows = connection.execute(query, {"user": user.id, "since": since})
    return [
        _bucket(EPOCH + timedelta(days=n * width - SHIFT), width, *values) for n, *values in rows
    ]


def first_day(session, user: User, since: datetime | None = None) -> date | None:
    """The person's day of their first session (started at or after `since`), or None."""
    query = sa.select(SESSIONS.started_at, SESSIONS.utc_offset_minutes).where(
        SESSIONS.user_id == user.id
    )
    if since is not None:
        query = query.where(SESSIONS.started_at >= since)
    row = session.connection().execute(query.order_by(SESSIONS.started_at).limit(1)).first()
    # A later-started session may fall on an earlier day (another offset): a day's slack.
    return None if row is None else (row[0] + timedelta(minutes=row[1])).date() - timedelta(days=1)

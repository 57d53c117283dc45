"""The history and report figures, reading only the sessions each one needs.

Each figure is stats.py's own pure function, run over the few rows that can change its answer:
the days of a window (plus a day each side, as a person's day is within a day of UTC), the
latest three rated sessions of each routine, and one older session standing for "practising
since before the window". Per-routine totals are the person's running totals, which the
database keeps as sessions are written (models.RoutineTally). The answers are the same as
stats.py over every session (tests/test_figures.py checks it on random logs).
"""

import functools
from datetime import UTC, date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from webapp.models import PracticeSession, Routine, RoutineTally, User
from webapp.services import stats
from webapp.services.stats import Entry

SESSIONS, ROUTINES = PracticeSession.__table__.c, Routine.__table__.c
TALLY = RoutineTally.__table__.c
DAY = timedelta(days=1)
"""A UTC offset is less than a day: a local day's sessions started within a day of its UTC day."""
ENTRY_COLUMNS = (
    SESSIONS.started_at,
    SESSIONS.utc_offset_minutes,
    SESSIONS.pain_before,
    SESSIONS.pain_after,
    SESSIONS.outcome,
    SESSIONS.note,
    SESSIONS.steps_completed,
    (SESSIONS.steps_completed + SESSIONS.steps_skipped + SESSIONS.steps_not_reached),
    ROUTINES.slug,
    ROUTINES.title,
)
CHRONOLOGICAL = (SESSIONS.started_at, SESSIONS.created_at, SESSIONS.id)
NEWEST_FIRST = tuple(column.desc() for column in CHRONOLOGICAL)
PRACTISED = SESSIONS.outcome != "safety_stop"
RATED = sa.and_(PRACTISED, SESSIONS.pain_after.is_not(None))


def midnight(day: date) -> datetime:
    """The start of the day in UTC."""
    return datetime.combine(day, time(), UTC)


def entry_query(user: User):
    """The person's sessions as statistics rows, oldest first (filters are added by callers)."""
    return (
        sa.select(*ENTRY_COLUMNS)
        .join_from(PracticeSession.__table__, Routine.__table__)
        .where(SESSIONS.user_id == user.id)
        .order_by(*CHRONOLOGICAL)
    )


def to_entries(rows) -> list[Entry]:
    """Statistics entries from rows of ENTRY_COLUMNS, each on the person's clock of the time."""
    zones: dict[int, timezone] = {}
    entries = []
    for started, offset, before, after, outcome, note, done, steps, slug, title in rows:
        zone = zones.get(offset) or zones.setdefault(offset, timezone(timedelta(minutes=offset)))
        entries.append(
            Entry(started.astimezone(zone), slug, title, before, after, outcome, note, done, steps)
        )
    return entries


def entries_from(session, user: User, since: datetime | None = None) -> list[Entry]:
    """The person's sessions started at or after `since` (all when None), oldest first."""
    query = entry_query(user)
    if since is not None:
        query = query.where(SESSIONS.started_at >= since)
    return to_entries(session.connection().execute(query))


def latest_zone(session, user: User) -> timezone:
    """The clock offset of the person's latest session (UTC when there is none)."""
    offset = session.connection().scalar(
        sa.select(SESSIONS.utc_offset_minutes)
        .where(SESSIONS.user_id == user.id)
        .order_by(*NEWEST_FIRST)
        .limit(1)
    )
    return UTC if offset is None else timezone(timedelta(minutes=offset))


def today_for(session, user: User, now: datetime | None = None) -> date:
    """Today on the person's clock as far as the server knows (history.today_for's answer)."""
    return (now or datetime.now(UTC)).astimezone(latest_zone(session, user)).date()


def latest_practised(session, user: User) -> Entry | None:
    """The person's latest session that was not stopped at the safety questions, or None."""
    query = entry_query(user).where(PRACTISED).order_by(None).order_by(*NEWEST_FIRST).limit(1)
    found = to_entries(session.connection().execute(query))
    return found[0] if found else None


def count(session, user: User) -> int:
    return counts(session, user, None)[0]


def counts(session, user: User, since: datetime | None) -> tuple[int, int]:
    """How many sessions the person has (from their running totals), and how many started at
    or after `since` (all when None), in one read."""
    total = (
        sa.select(sa.func.coalesce(sa.func.sum(TALLY.sessions), 0))
        .where(TALLY.user_id == user.id)
        .scalar_subquery()
    )
    if since is None:
        found = session.connection().scalar(sa.select(total))
        return found, found
    started = (
        sa.select(sa.func.count())
        .where(SESSIONS.user_id == user.id, SESSIONS.started_at >= since)
        .scalar_subquery()
    )
    found, shown = session.connection().execute(sa.select(total, started)).one()
    return found, shown


def recent_entries(session, user: User, today: date) -> list[Entry]:
    """What the weekly rate and the nudges read: the last four weeks (and anything later), each
    routine's latest three rated sessions before them, or else the latest practised one.

    The older ones stand for all before them: their days are before the four weeks."""
    cutoff = midnight(today - timedelta(days=28)) - DAY
    recent = entries_from(session, user, cutoff)
    rows = _latest_rated(session, user, cutoff)
    # Oldest first, ties as entry_query orders them (stats.py sorts stably on started_at).
    rows.sort(key=lambda row: tuple(row[-3:]))
    older = to_entries(row[: len(ENTRY_COLUMNS)] for row in rows)
    if not older:
        query = entry_query(user).where(SESSIONS.started_at < cutoff, PRACTISED)
        query = query.order_by(None).order_by(*NEWEST_FIRST).limit(1)
        older = to_entries(session.connection().execute(query))
    return older + recent


def _latest_rated(session, user: User, before: datetime) -> list:
    """Each routine's latest PAUSE_AFTER rated sessions started before `before`, as rows of
    ENTRY_COLUMNS then CHRONOLOGICAL: one short index read a routine (no window, no sort), in
    one statement. On PostgreSQL the union is planned once per worker and number of routines:
    read-only requests end in COMMIT, which keeps psycopg's prepared statements
    (extensions.end_read_only_transaction)."""
    routine_ids = session.connection().scalars(ROUTINES_LOGGED, {"user_id": user.id}).all()
    if not routine_ids:
        return []
    values = {f"routine_{index}": routine_id for index, routine_id in enumerate(routine_ids)}
    query = _latest_rated_query(len(routine_ids))
    return list(
        session.connection().execute(query, {"user_id": user.id, "before": before, **values})
    )


ROUTINES_LOGGED = sa.select(TALLY.routine_id).where(
    TALLY.user_id == sa.bindparam("user_id"), TALLY.sessions > 0
)
"""The routines a person has logged, from their running totals."""


@functools.lru_cache(maxsize=64)
def _latest_rated_query(routines: int):
    """The union of _latest_rated for a number of routines, built once: a statement built anew
    for each request cost more to build and key for SQLAlchemy's cache than to run."""
    owned = sa.and_(
        SESSIONS.user_id == sa.bindparam("user_id"),
        SESSIONS.started_at < sa.bindparam("before"),
        RATED,
    )
    return sa.union_all(
        *(
            sa.select(*ENTRY_COLUMNS, *CHRONOLOGICAL)
            .join_from(PracticeSession.__table__, Routine.__table__)
            .where(owned, SESSIONS.routine_id == sa.bindparam(f"routine_{index}"))
            .order_by(*NEWEST_FIRST)
            .limit(stats.PAUSE_AFTER)
            .subquery()
            .select()
            for index in range(routines)
        )
    )


def streak(session, user: User, today: date) -> int:
    """stats.current_streak, reading practised days newest first only as far as the streak goes."""
    limit = 64
    while True:
        rows = session.connection().execute(
            sa.select(SESSIONS.started_at, SESSIONS.utc_offset_minutes)
            .where(SESSIONS.user_id == user.id, PRACTISED)
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )
        rows = rows.all()
        # started_at is UTC: adding the offset gives the person's wall clock, hence their day.
        days = {(started + timedelta(minutes=offset)).date() for started, offset in rows}
        found, before = _streak(days, today)
        # Rows not read started no later than the oldest read: their days are at most a day on.
        if len(rows) < limit or (rows[-1][0] + DAY).date() < before:
            return found
        limit *= 8


def _streak(days: set[date], today: date) -> tuple[int, date]:
    """The streak in `days` (as stats.current_streak counts it) and the day that would extend it."""
    day = today if today in days else today - DAY
    found = 0
    while day in days:
        found += 1
        day -= DAY
    return found, day


def routine_summaries(session, user: User) -> list[stats.RoutineSummary]:
    """stats.routine_summaries over every session, from the person's running totals (kept by
    the database as sessions are written: models.RoutineTally)."""
    rows = session.connection().execute(
        sa.select(
            ROUTINES.slug,
            ROUTINES.title,
            TALLY.counted,
            TALLY.rated,
            TALLY.change_sum,
            TALLY.meaningful,
        )
        .join_from(RoutineTally.__table__, Routine.__table__)
        .where(TALLY.user_id == user.id, TALLY.counted > 0)
    )
    summaries = []
    for slug, title, sessions, rated_count, change_sum, meaningful_count in rows:
        if not sessions:
            continue
        enough = rated_count >= stats.MIN_SESSIONS
        summaries.append(
            stats.RoutineSummary(
                routine=slug,
                routine_title=title,
                sessions=sessions,
                rated=rated_count,
                average_change=stats.round_ratio(change_sum, rated_count, 1) if enough else None,
                meaningful_share=(
                    stats.round_ratio(meaningful_count, rated_count, 2) if enough else None
                ),
                enough_data=enough,
            )
        )
    summaries.sort(key=lambda s: (-s.sessions, s.routine_title.casefold(), s.routine))
    return summaries


def chart_entries(session, user: User, days: int | None, now: datetime) -> list[Entry]:
    """The sessions of the last `days` days (all when None) and the week before them, which the
    rolling average of the first days shown reads."""
    since = None if days is None else now - timedelta(days=days + stats.ROLLING_DAYS)
    return entries_from(session, user, since)


def report_entries(session, user: User, start: date, end: date) -> tuple[list[Entry], list]:
    """The sessions a report of the days start..end reads, and those it shows (on those days)."""
    # A day's slack before the first day for the person's offset, and the week before it.
    since = midnight(start) - DAY - timedelta(days=stats.ROLLING_DAYS)
    entries = entries_from(session, user, since)
    return entries, [entry for entry in entries if start <= entry.day <= end]

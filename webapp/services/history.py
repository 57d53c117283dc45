"""A person's history: their sessions as statistics entries, a page of the log, and chart data."""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from webapp.i18n import lazy_gettext as _l
from webapp.models import PainCheck, PracticeSession, Routine, User
from webapp.services import figures
from webapp.services.stats import Entry, is_meaningful, rolling_average, round_ratio

PER_PAGE = 30


@dataclass(frozen=True)
class Range:
    key: str
    label: str
    days: int | None


RANGES = (
    Range("7d", _l("7 days"), 7),
    Range("30d", _l("30 days"), 30),
    Range("90d", _l("90 days"), 90),
    Range("1y", _l("1 year"), 365),
    Range("all", _l("All"), None),
)
DEFAULT_RANGE = RANGES[1]


def find_range(key: str | None) -> Range:
    return next((item for item in RANGES if item.key == key), DEFAULT_RANGE)


def entries_for(session, user: User) -> list[Entry]:
    """Every session of the person as a statistics entry on their own clock, oldest first
    (ties in stored order, then by id). The pages read only the rows they need (figures.py)."""
    return figures.entries_from(session, user)


def today_for(entries: list[Entry], now: datetime | None = None) -> date:
    """Today on the person's clock as far as the server knows: their last session's offset."""
    now = now or datetime.now(UTC)
    zone = entries[-1].started_at.tzinfo if entries else UTC
    return now.astimezone(zone).date()


def in_range(entries: list[Entry], span: Range, now: datetime | None = None) -> list[Entry]:
    """The entries that started within the range's last N days (all of them for "all")."""
    if span.days is None:
        return entries
    since = (now or datetime.now(UTC)) - timedelta(days=span.days)
    return [entry for entry in entries if entry.started_at >= since]


def chart_rows(entries: list[Entry], shown: list[Entry]) -> list[dict]:
    """One row a shown session: its time, pain before and after, and the 7-day average.

    The average is computed over all entries, so the first days of a range still average
    the week before them.
    """
    keep = {id(entry) for entry in shown}
    return [
        {"entry": entry, "average": average}
        for entry, average in rolling_average(entries)
        if id(entry) in keep
    ]


def wall_seconds(moment: datetime) -> int:
    """The moment's clock reading on its own offset, as if it were UTC.

    The chart and its table show these in UTC, so each session reads at the time and day the
    person lived it (as in the log), wherever the phone is now.
    """
    return int(moment.replace(tzinfo=UTC).timestamp())


def chart_data(
    rows: list[dict],
    first: date | None = None,
    last: date | None = None,
    checks: list[PainCheck] = (),
) -> dict:
    """The chart's columns, as uPlot draws them: wall-clock seconds, then each series.

    The table of the same numbers is built from these columns in the browser, so the two
    cannot disagree; routines are given by their index in `routines`. first and last, when
    given, fix the time axis to those days. Pain checks get their own column (`check`, and
    `check_count` says how many, for the legend), with None in every session column, so they
    are drawn and listed apart and never averaged.
    """
    points = [(wall_seconds(row["entry"].started_at), row, None) for row in rows]
    points += [(wall_seconds(check.local(check.taken_at)), None, check) for check in checks]
    points.sort(key=lambda point: point[0])
    titles: dict[str, int] = {}
    for _, row, _check in points:
        if row is not None:
            titles.setdefault(row["entry"].routine_title, len(titles))

    def column(read):
        return [None if row is None else read(row) for _, row, _check in points]

    day = timedelta(days=1)
    return {
        "x": [seconds for seconds, _, _ in points],
        "before": column(lambda row: row["entry"].pain_before),
        "after": column(lambda row: row["entry"].pain_after),
        "average": column(lambda row: row["average"]),
        "stop": [row is not None and not row["entry"].practised for _, row, _c in points],
        "check": [None if check is None else check.pain for _, _row, check in points],
        "check_count": len(checks),
        "routine": column(lambda row: titles[row["entry"].routine_title]),
        "routines": list(titles),
        "range": None
        if first is None or last is None
        else [
            wall_seconds(datetime.combine(first, datetime.min.time())),
            wall_seconds(datetime.combine(last + day, datetime.min.time())),
        ],
    }


def bucket_chart(buckets: list, checks: list[PainCheck] = ()) -> dict:
    """chart_data's columns for a range too long to draw each session (services/trend.py): a
    point a bucket at its first day, its mean pain before as the dot (and the line) beside its
    mean pain after as the ring, so like is compared with like, and a bar from its lowest to
    its highest pain before (`low`, `high`), so a flare shows; `bucket` is its days. The line
    joins the dots: the browser draws it from `before`."""
    # wall_seconds of each bucket's first midnight, from its day number (no datetime made).
    epoch = date(1970, 1, 1).toordinal()
    points = [((b.start.toordinal() - epoch) * 86400, b, None) for b in buckets]
    points += [(wall_seconds(check.local(check.taken_at)), None, check) for check in checks]
    points.sort(key=lambda point: point[0])
    # A row a point, turned into columns by zip: ten years are 523 points, and a pass over them
    # a column was a measurable part of the page.
    blank = (None,) * 7
    rows = [
        blank
        if b is None
        else (
            b.before_mean,
            b.after_mean,
            b.before_low,
            b.before_high,
            b.after_low,
            b.after_high,
            b.sessions,
        )
        for _, b, _check in points
    ]
    before, after, low, high, after_low, after_high, sessions = (
        map(list, zip(*rows, strict=True)) if rows else ([] for _ in blank)
    )
    return {
        "x": [seconds for seconds, _, _ in points],
        "before": before,
        "after": after,
        # The same as "before": this release's script draws the line from "before". Sent for
        # one more release, for phones whose service worker still serves the older script
        # (static files are served from its cache until the new worker takes over).
        "average": before,
        "low": low,
        "high": high,
        "after_low": after_low,
        "after_high": after_high,
        "sessions": sessions,
        "check": [None if check is None else check.pain for _, _b, check in points],
        "check_count": len(checks),
        "bucket": buckets[0].days if buckets else 1,
        "range": None,
    }


@dataclass
class LogPage:
    sessions: list[PracticeSession]
    page: int
    pages: int
    total: int


def log_page(session, user: User, page: int, total: int) -> LogPage:
    """One page of the person's log, newest first, of `total` sessions (counted by the caller)."""
    owned = PracticeSession.user_id == user.id
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    rows = session.scalars(
        sa.select(PracticeSession)
        .where(owned)
        # The index's order (as the API pages it); the log shows no routine steps.
        .order_by(*figures.NEWEST_FIRST)
        .options(sa.orm.joinedload(PracticeSession.routine).lazyload(Routine.steps))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    return LogPage(list(rows), page, pages, total)


def by_day(sessions: list[PracticeSession]) -> list[tuple[date, list[PracticeSession]]]:
    """Sessions grouped by the local day they started, keeping their order."""
    days: list[tuple[date, list[PracticeSession]]] = []
    for row in sessions:
        day = row.local(row.started_at).date()
        if days and days[-1][0] == day:
            days[-1][1].append(row)
        else:
            days.append((day, [row]))
    return days


@dataclass
class Overview:
    sessions: int
    per_week: float
    rated: int
    average_before: float | None
    average_after: float | None
    meaningful: int
    safety_stops: int


def overview(entries: list[Entry], days: int) -> Overview:
    """The report's headline figures. Before and after are averaged over the same rated sessions,
    so the pair compares like with like."""
    practised = [entry for entry in entries if entry.practised]
    rated = [entry for entry in practised if entry.pain_after is not None]

    def mean(values: list[int]) -> float | None:
        return round_ratio(sum(values), len(values), 1) if values else None

    return Overview(
        sessions=len(practised),
        per_week=round_ratio(len(practised) * 7, days, 1),
        rated=len(rated),
        average_before=mean([entry.pain_before for entry in rated]),
        average_after=mean([entry.pain_after for entry in rated]),
        meaningful=sum(1 for entry in rated if is_meaningful(entry.pain_before, entry.pain_after)),
        safety_stops=len(entries) - len(practised),
    )


def checks_in(checks: list[PainCheck], first: date | None, last: date | None = None) -> list:
    """The pain checks taken on the person's days first..last (all from first when no last)."""
    return [
        check
        for check in checks
        if (first is None or check.local(check.taken_at).date() >= first)
        and (last is None or check.local(check.taken_at).date() <= last)
    ]

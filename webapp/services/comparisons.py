"""A fair personal comparison of two routines: which one to do each day, and what the sessions
done as proposed say so far.

Days come in blocks of four, two for each routine in a random order (random permuted blocks),
seeded per comparison so the plan never changes once made. Only the first rated session of a
day that follows that day's proposal counts: sessions picked by mood or by how the back feels
that day would tilt the comparison.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from webapp.i18n import gettext as _
from webapp.i18n import ngettext
from webapp.models import Comparison, PracticeSession, Routine
from webapp.services import stats

BLOCK = ("a", "a", "b", "b")


def proposal(seed: int, day: int) -> str:
    """Which routine ("a" or "b") day `day` (0 = the first) of the comparison proposes."""
    order = list(BLOCK)
    # Seeded on purpose: the plan must be the same every time it is read (not a secret).
    random.Random(f"{seed}-{day // len(BLOCK)}").shuffle(order)  # noqa: S311
    return order[day % len(BLOCK)]


def _local_day(moment: datetime, offset_minutes: int) -> date:
    return moment.astimezone(timezone(timedelta(minutes=offset_minutes))).date()


def day_number(comparison: Comparison, moment: datetime, offset_minutes: int | None = None) -> int:
    """Days since the comparison began, on the person's clock."""
    offset = comparison.utc_offset_minutes if offset_minutes is None else offset_minutes
    start = _local_day(comparison.started_at, comparison.utc_offset_minutes)
    return (_local_day(moment, offset) - start).days


def current(session, user) -> Comparison | None:
    """The person's running comparison, if any."""
    return session.scalar(
        sa.select(Comparison)
        .where(Comparison.user_id == user.id, Comparison.stopped_at.is_(None))
        .order_by(Comparison.started_at.desc(), Comparison.id.desc())
        .limit(1)
    )


def start(session, user, a: Routine, b: Routine, offset_minutes: int, now: datetime):
    """Begin a comparison of a and b (stopping any running one); the caller commits."""
    running = current(session, user)
    if running is not None:
        running.stopped_at = now
    comparison = Comparison(
        user_id=user.id,
        routine_a_id=a.id,
        routine_b_id=b.id,
        seed=secrets.randbelow(2**31),
        utc_offset_minutes=offset_minutes,
        started_at=now,
    )
    session.add(comparison)
    session.flush()
    return comparison


@dataclass
class Progress:
    today: str
    """"a" or "b": the routine proposed today."""
    changes: dict[str, list[int]]
    """Pain changes (after - before) of the sessions that count, per routine."""
    skipped: int
    """Sessions of either routine that did not follow their day's proposal (not counted)."""
    result: stats.Difference | None


def progress(session, comparison: Comparison, now: datetime) -> Progress:
    """Today's proposal and what the sessions done as proposed say so far."""
    rows = session.scalars(
        sa.select(PracticeSession)
        .where(
            PracticeSession.user_id == comparison.user_id,
            PracticeSession.routine_id.in_([comparison.routine_a_id, comparison.routine_b_id]),
            PracticeSession.started_at >= comparison.started_at,
            PracticeSession.started_at <= (comparison.stopped_at or now),
            PracticeSession.outcome != "safety_stop",
            PracticeSession.pain_after.is_not(None),
        )
        .order_by(PracticeSession.started_at, PracticeSession.id)
    ).all()
    which = {comparison.routine_a_id: "a", comparison.routine_b_id: "b"}
    changes: dict[str, list[int]] = {"a": [], "b": []}
    counted_days: set[int] = set()
    skipped = 0
    for row in rows:
        day = day_number(comparison, row.started_at, row.utc_offset_minutes)
        if day in counted_days or proposal(comparison.seed, day) != which[row.routine_id]:
            skipped += 1
            continue
        counted_days.add(day)
        changes[which[row.routine_id]].append(row.pain_after - row.pain_before)
    result = stats.compare_changes(changes["a"], changes["b"], comparison.seed)
    today = proposal(comparison.seed, max(0, day_number(comparison, now)))
    return Progress(today, changes, skipped, result)


def _points(value: float) -> str:
    # A whole count picks the plural form: "1 point", "1.5 points".
    count = 1 if abs(value) == 1 else 2
    return ngettext("%(value)s point", "%(value)s points", count, value=f"{abs(value):g}")


def verdict(progress_: Progress, a: Routine, b: Routine) -> str:
    """The result in plain words, never more than a personal, short-term observation."""
    result = progress_.result
    if result is None:
        need = stats.COMPARE_MIN_EACH
        return _(
            "Not enough sessions yet: this compares them once you have done each %(need)d times "
            "as proposed (%(done_a)d of %(a)s, %(done_b)d of %(b)s so far).",
            need=need,
            done_a=len(progress_.changes["a"]),
            a=a.title,
            done_b=len(progress_.changes["b"]),
            b=b.title,
        )
    means = _(
        "On average pain changed by %(mean_a)s after %(a)s and by %(mean_b)s after %(b)s.",
        mean_a=f"{result.mean_a:+g}",
        a=a.title,
        mean_b=f"{result.mean_b:+g}",
        b=b.title,
    )
    if not result.clear:
        return _(
            "No clear difference yet. %(means)s The difference could be anywhere from "
            "%(low)s to %(high)s points, which includes no difference at all.",
            means=means,
            low=f"{result.low:+g}",
            high=f"{result.high:+g}",
        )
    if result.difference < 0:
        better, worse, near, far = a, b, -result.high, -result.low
    else:
        better, worse, near, far = b, a, result.low, result.high
    return _(
        "In your sessions so far, pain dropped about %(points)s more after %(better)s than after "
        "%(worse)s (the interval runs from %(near)s to %(far)s points). %(means)s This is what "
        "happened to you, right after sessions: it does not show that one routine treats back "
        "pain better.",
        points=_points(result.difference),
        better=better.title,
        worse=worse.title,
        near=f"{near:g}",
        far=f"{far:g}",
        means=means,
    )

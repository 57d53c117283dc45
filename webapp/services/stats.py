"""Figures from a person's pain log for the history page, the doctor report and the charts.

Pure functions over a list of `Entry` values: no database, no Flask. Entries may come in any
order. Days are the person's own: each `started_at` is already on their local clock, so
`started_at.date()` is the day they lived it, while ordering uses the absolute instant.

Choices where the brief left room, each the calm or safe reading:
- Means are computed exactly and halves round up (towards the higher number), the same way every
  time: an average change of -1.25 shows as -1.2, so a figure never overstates relief.
- Sessions dated after `today` (a device clock running ahead) are left out of the streak, the
  weekly rate and the nudges.
- A safety stop never counts as practice and never has a change, even if a pain_after was stored.
"""

import bisect
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cached_property

from webapp.i18n import lazy_gettext as _l
from webapp.outcomes import EFFECT_SHARE, OUTCOMES

MIN_SESSIONS = 5
"""Below this many rated sessions, per-routine figures say "not enough data yet"."""
ROLLING_DAYS = 7
UNITS = ("week", "month", "year")
WEEK_UNIT_MAX_DAYS = 112
MONTH_UNIT_MAX_DAYS = 731
PAUSE_AFTER = 3
"""How many latest rated sessions of a routine must all end with more pain to suggest a pause."""


@dataclass(frozen=True)
class Entry:
    """One logged session as the statistics see it."""

    started_at: datetime
    routine: str
    routine_title: str
    pain_before: int
    pain_after: int | None
    outcome: str
    note: str = ""
    steps_completed: int | None = None
    steps_total: int | None = None
    """Holds done and holds in the run; None when not recorded (older sessions, added by hand)."""

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None:
            raise ValueError("started_at must be timezone-aware (on the person's local clock)")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of: {', '.join(OUTCOMES)}")
        if not 0 <= self.pain_before <= 10:
            raise ValueError("pain_before must be from 0 to 10")
        if self.pain_after is not None and not 0 <= self.pain_after <= 10:
            raise ValueError("pain_after must be from 0 to 10, or None")

    @cached_property
    def day(self) -> date:
        """The person's local day the session started on."""
        return self.started_at.date()

    @property
    def practised(self) -> bool:
        """Whether the routine was actually run (the safety screen did not stop it)."""
        return self.outcome != "safety_stop"

    @property
    def counts_for_effect(self) -> bool:
        """Whether the session says anything about its routine's effect: practised, with at
        least EFFECT_SHARE of its holds done (unrecorded ones count, as they always did)."""
        if not self.practised:
            return False
        if self.steps_completed is None or not self.steps_total:
            return True
        return Fraction(self.steps_completed, self.steps_total) >= Fraction(EFFECT_SHARE)

    @property
    def change(self) -> int | None:
        """Pain after minus pain before (negative = less pain); None when not rated."""
        if not self.practised or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before


@dataclass
class RoutineSummary:
    """How one routine has gone; the two figures stay None until there is enough data."""

    routine: str
    routine_title: str
    sessions: int
    rated: int
    average_change: float | None
    meaningful_share: float | None
    enough_data: bool


@dataclass
class Period:
    """Totals for one week, month or year of the log, clipped to the requested range."""

    start: date
    end: date
    sessions: int
    safety_stops: int
    average_before: float | None
    average_after: float | None
    meaningful: int
    rated: int = 0
    """How many practised sessions had a pain rating after: the base of average_after."""


@dataclass
class Nudge:
    """A calm suggestion to show the person; routine is None for whole-log nudges."""

    kind: str
    routine: str | None
    routine_title: str | None
    message: str


def _round(value: Fraction, places: int) -> float:
    return round_ratio(value.numerator, value.denominator, places)


def round_ratio(numerator: int, denominator: int, places: int) -> float:
    """numerator / denominator to `places` decimals, halves up, in exact integer arithmetic.

    Every figure the person sees is rounded this one way."""
    scale = 10**places
    return ((2 * numerator * scale + denominator) // (2 * denominator)) / scale


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _rounded_mean(values: list[int], places: int = 1) -> float | None:
    mean = _mean(values)
    return None if mean is None else _round(mean, places)


MEANINGFUL_POINTS = 2
MEANINGFUL_PERCENT = 30
"""A meaningful drop: at least this many points and this share of the starting score (the
safety reference's rule; the browser gets both as page data, see meaningful_rule())."""


def meaningful_rule() -> dict:
    """The meaningful-change thresholds, for templates and the browser's page data."""
    return {"points": MEANINGFUL_POINTS, "percent": MEANINGFUL_PERCENT}


def _meaningful_drop(before: Fraction | int, after: Fraction | int) -> bool:
    # Exact arithmetic: 0.3 * before in floats would put 10 → 7 on the wrong side of the line.
    drop = before - after
    return drop >= MEANINGFUL_POINTS and 100 * drop >= MEANINGFUL_PERCENT * before


def is_meaningful(before: int, after: int | None) -> bool:
    """Whether pain fell by at least 2 points and at least 30% of the starting score."""
    if after is None:
        return False
    return _meaningful_drop(before, after)


def _chronological(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: entry.started_at)


def _practised_until(entries: Iterable[Entry], today: date) -> list[Entry]:
    return [entry for entry in _chronological(entries) if entry.practised and entry.day <= today]


def rolling_average(
    entries: Iterable[Entry], days: int = ROLLING_DAYS
) -> list[tuple[Entry, float]]:
    """Each entry, oldest first, with the mean pain_before over the trailing `days` window.

    The window is (started_at - days, started_at]: it holds the entry itself and anything at the
    same instant, and drops an entry exactly `days` earlier. Safety stops count, as their pain
    rating is real. Means have 2 decimals.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    ordered = _chronological(entries)
    moments = [entry.started_at for entry in ordered]
    totals = [0]
    for entry in ordered:
        totals.append(totals[-1] + entry.pain_before)
    span = timedelta(days=days)
    averages = []
    for entry in ordered:
        low = bisect.bisect_right(moments, entry.started_at - span)
        high = bisect.bisect_right(moments, entry.started_at)
        averages.append((entry, round_ratio(totals[high] - totals[low], high - low, 2)))
    return averages


def routine_summaries(entries: Iterable[Entry]) -> list[RoutineSummary]:
    """One summary per routine practised at least once, most sessions first, then by title.

    Only sessions that count for an effect are summarised (see Entry.counts_for_effect): safety
    stops and runs with less than half their holds done are left out. The title is the one on
    the routine's latest session, in case it was renamed.
    """
    by_routine: dict[str, list[Entry]] = defaultdict(list)
    for entry in _chronological(entries):
        if entry.counts_for_effect:
            by_routine[entry.routine].append(entry)
    summaries = []
    for routine, practised in by_routine.items():
        changes = [entry.change for entry in practised if entry.change is not None]
        enough = len(changes) >= MIN_SESSIONS
        meaningful = [
            is_meaningful(entry.pain_before, entry.pain_after)
            for entry in practised
            if entry.change is not None
        ]
        summaries.append(
            RoutineSummary(
                routine=routine,
                routine_title=practised[-1].routine_title,
                sessions=len(practised),
                rated=len(changes),
                average_change=_rounded_mean(changes) if enough else None,
                meaningful_share=(
                    _round(Fraction(sum(meaningful), len(meaningful)), 2) if enough else None
                ),
                enough_data=enough,
            )
        )
    summaries.sort(key=lambda s: (-s.sessions, s.routine_title.casefold(), s.routine))
    return summaries


def current_streak(entries: Iterable[Entry], today: date) -> int:
    """How many days in a row, up to today, had at least one practised session.

    A streak stays alive through today until the day is over: with nothing yet today, it counts
    up to yesterday. Safety stops do not count.
    """
    days = {entry.day for entry in entries if entry.practised}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def sessions_per_week(entries: Iterable[Entry], today: date, weeks: int = 4) -> float | None:
    """Practised sessions a week over the last `weeks` weeks up to today, 1 decimal.

    For someone newer than the window, it starts on their first practised day instead, but spans
    at least 7 days, so three sessions in a first few days read as 3.0 a week, not 7.0. None when
    nothing was practised up to today.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    practised = _practised_until(entries, today)
    if not practised:
        return None
    start = max(today - timedelta(days=weeks * 7 - 1), practised[0].day)
    start = min(start, today - timedelta(days=6))
    count = sum(1 for entry in practised if entry.day >= start)
    length = (today - start).days + 1
    return _round(Fraction(count * 7, length), 1)


def period_unit(first: date, last: date) -> str:
    """The unit that keeps a table of first..last short: "week", "month" or "year".

    The span counts both ends: up to 112 days (16 weeks) is "week", up to 731 days (24 months,
    one of them with a leap day) is "month", and anything longer is "year".
    """
    if last < first:
        raise ValueError("last must not be before first")
    span = (last - first).days + 1
    if span <= WEEK_UNIT_MAX_DAYS:
        return "week"
    if span <= MONTH_UNIT_MAX_DAYS:
        return "month"
    return "year"


def _unit_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def periods(entries: Iterable[Entry], first: date, last: date, unit: str) -> list[Period]:
    """Totals per week (from Monday), month or year overlapping first..last, oldest first.

    Empty periods are listed too, with zeros and None. The first and last periods are clipped to
    first and last, and entries outside that range are left out. average_before is over practised
    sessions and average_after over the rated ones among them.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of: {', '.join(UNITS)}")
    if last < first:
        raise ValueError("last must not be before first")
    bounds = []
    start = _unit_start(first, unit)
    while start <= last:
        following = _next_start(start, unit)
        bounds.append((max(start, first), min(following - timedelta(days=1), last)))
        start = following
    grouped: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        if first <= entry.day <= last:
            grouped[max(_unit_start(entry.day, unit), first)].append(entry)
    result = []
    for start, end in bounds:
        practised = [entry for entry in grouped[start] if entry.practised]
        rated = [entry.pain_after for entry in practised if entry.pain_after is not None]
        result.append(
            Period(
                start=start,
                end=end,
                sessions=len(practised),
                safety_stops=len(grouped[start]) - len(practised),
                average_before=_rounded_mean([entry.pain_before for entry in practised]),
                average_after=_rounded_mean(rated),
                meaningful=sum(
                    1 for entry in practised if is_meaningful(entry.pain_before, entry.pain_after)
                ),
                rated=len(rated),
            )
        )
    return result


SEE_DOCTOR_MESSAGE = _l(
    "Over the last four weeks your pain before sessions has not come down clearly. That is a "
    "good reason to book a routine appointment with your doctor or physiotherapist: back pain "
    "that is no better after four to six weeks deserves a check."
)


def _see_doctor(practised: list[Entry], today: date) -> Nudge | None:
    if not practised or practised[0].day > today - timedelta(days=28):
        return None

    def before_in(newest: date) -> list[int]:
        oldest = newest - timedelta(days=6)
        return [entry.pain_before for entry in practised if oldest <= entry.day <= newest]

    latest = before_in(today)
    earlier = before_in(today - timedelta(days=21))
    if len(latest) < 2 or len(earlier) < 2:
        return None
    latest_mean, earlier_mean = _mean(latest), _mean(earlier)
    if latest_mean < 3 or _meaningful_drop(earlier_mean, latest_mean):
        return None
    return Nudge("see_doctor", None, None, SEE_DOCTOR_MESSAGE)


def _pause_routines(practised: list[Entry]) -> list[Nudge]:
    rated: dict[str, list[Entry]] = defaultdict(list)
    for entry in practised:
        if entry.pain_after is not None:
            rated[entry.routine].append(entry)
    found = []
    for routine, sessions in rated.items():
        latest = sessions[-PAUSE_AFTER:]
        if len(latest) == PAUSE_AFTER and all(e.pain_after > e.pain_before for e in latest):
            title = latest[-1].routine_title
            message = _l(
                "Your last three sessions of %(routine)s each ended with more pain than they "
                "started with. Please pause this routine and ask a doctor or physiotherapist "
                "before you go on with it.",
                routine=title,
            )
            found.append(Nudge("pause_routine", routine, title, message))
    found.sort(key=lambda nudge: (nudge.routine_title.casefold(), nudge.routine))
    return found


def nudges(entries: Iterable[Entry], today: date) -> list[Nudge]:
    """Suggestions from the log: see a doctor first, then routines to pause by title.

    "see_doctor" needs four weeks of practice and at least 2 practised sessions in each of the
    latest week (today-6..today) and the week four weeks earlier (today-27..today-21); it fires
    when the latest mean pain_before is at least 3 and has not fallen meaningfully from the
    earlier one (is_meaningful's rule, on exact means). "pause_routine" fires for a routine whose
    latest three rated, practised sessions all ended with more pain than they began with.
    """
    practised = _practised_until(entries, today)
    found = []
    doctor = _see_doctor(practised, today)
    if doctor is not None:
        found.append(doctor)
    return found + _pause_routines(practised)


COMPARE_MIN_EACH = 6
"""Rated sessions of each routine before a fair comparison says anything: three full blocks of
four days (services/comparisons.py), and fewer resampled values than that make the interval's
edges jump about from one session to the next."""


@dataclass(frozen=True)
class Difference:
    """Mean pain change after routine A minus after B, with a bootstrap interval."""

    mean_a: float
    mean_b: float
    difference: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Only an interval that leaves out zero, as shown (rounded), is a difference to mention."""
        return self.low > 0 or self.high < 0


def compare_changes(
    a: list[int], b: list[int], seed: int, resamples: int = 2000, level: float = 0.95
) -> Difference | None:
    """Pain changes (after - before) of two routines: the difference of their means and a
    percentile bootstrap interval (both groups resampled with replacement, seeded, so the same
    data and seed always give the same interval); None below COMPARE_MIN_EACH in either."""
    if len(a) < COMPARE_MIN_EACH or len(b) < COMPARE_MIN_EACH:
        return None
    chance = random.Random(seed)  # noqa: S311 (seeded on purpose: the same data, the same interval)
    diffs = sorted(
        Fraction(sum(chance.choices(a, k=len(a))), len(a))
        - Fraction(sum(chance.choices(b, k=len(b))), len(b))
        for _ in range(resamples)
    )
    tail = (1 - level) / 2
    low = diffs[int(tail * (resamples - 1))]
    high = diffs[round((1 - tail) * (resamples - 1))]
    mean_a, mean_b = _mean(a), _mean(b)
    return Difference(
        _round(mean_a, 1),
        _round(mean_b, 1),
        _round(mean_a - mean_b, 1),
        _round(low, 1),
        _round(high, 1),
    )

"""The doctor's report: its first screen (period, trends, what helps, stops, nudges), the week
table with the PEG beside pain, and the sections the person chose to show."""

from dataclasses import dataclass, field
from datetime import date

from webapp.doctor_models import PegAnswer
from webapp.i18n import lazy_gettext as _l
from webapp.models import User
from webapp.services import figures, history, pain_checks, peg, stats
from webapp.services.stats import Entry, Period

SECTIONS = ("peg", "stop_details", "notes")
"""What the person may add to the overview; the overview itself always shows."""
DEFAULT_SECTIONS = ("peg", "stop_details")
"""Notes are private until the person asks for them."""
SECTION_WORDS = {
    "peg": _l("weekly PEG"),
    "stop_details": _l("details of each safety stop"),
    "notes": _l("notes"),
}
SECTION_LABELS = {
    "peg": _l("Weekly PEG (how pain affects life)"),
    "stop_details": _l("Details of each safety stop"),
    "notes": _l("Your notes"),
}
"""The sections' checkboxes."""
MEANINGFUL_RULE = _l(
    "a drop of at least %(points)d points and at least %(percent)d%% of the pain before, right "
    "after a session",
    **stats.meaningful_rule(),
)
"""The rule of stats.is_meaningful, in words."""
UNIT_WORDS = {"week": _l("week"), "month": _l("month"), "year": _l("year")}
"""A report's period, as its headings name it."""


@dataclass
class Trend:
    """The first and the last period with a figure, for a sentence like "6.2 → 4.8"."""

    first: Period | None
    last: Period | None
    first_value: float | None
    last_value: float | None


@dataclass
class PeriodRow:
    period: Period
    peg_score: float | None
    peg_answers: int


@dataclass
class Report:
    start: date
    end: date
    days: int
    printed: date
    sections: tuple[str, ...]
    overview: history.Overview
    check_ins: int
    checks: list
    unit: str
    rows: list[PeriodRow]
    pain_trend: Trend
    peg_answers: list[PegAnswer]
    peg_trend: Trend
    summaries: list
    helps: list
    safety_stops: list[Entry]
    nudges: list
    noted: list[Entry] = field(default_factory=list)
    chart_rows: list = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    def shows(self, section: str) -> bool:
        return section in self.sections


def _trend(rows: list[PeriodRow], read) -> Trend:
    known = [row for row in rows if read(row) is not None]
    if not known:
        return Trend(None, None, None, None)
    return Trend(known[0].period, known[-1].period, read(known[0]), read(known[-1]))


def build(session, user: User, start: date, end: date, sections, today: date) -> Report:
    """Everything the report shows for start..end, on the person's own days."""
    chosen = tuple(section for section in SECTIONS if section in sections)
    # Only the rows the report reads (services/figures.py), never every session ever logged.
    entries, shown = figures.report_entries(session, user, start, end)
    nudge_day = min(today, end)
    checks = history.checks_in(pain_checks.list_for(session, user), start, end)
    answers = peg.between(peg.list_for(session, user), start, end)
    unit = stats.period_unit(start, end)
    rows = []
    for period in stats.periods(shown, start, end, unit):
        in_period = peg.between(answers, period.start, period.end)
        rows.append(PeriodRow(period, peg.mean_score(in_period), len(in_period)))
    summaries = stats.routine_summaries(shown)
    chart_rows = history.chart_rows(entries, shown)
    days = (end - start).days + 1
    return Report(
        start=start,
        end=end,
        days=days,
        printed=today,
        sections=chosen,
        overview=history.overview(shown, days),
        check_ins=len(shown),
        checks=checks,
        unit=unit,
        rows=rows,
        pain_trend=_trend(rows, lambda row: row.period.average_before),
        peg_answers=answers,
        peg_trend=_trend(rows, lambda row: row.peg_score),
        summaries=summaries,
        helps=sorted(
            (item for item in summaries if item.enough_data),
            key=lambda item: (item.average_change, item.routine_title),
        ),
        safety_stops=[entry for entry in shown if not entry.practised],
        nudges=stats.nudges(figures.recent_entries(session, user, nudge_day), nudge_day),
        noted=[entry for entry in shown if entry.note] if "notes" in chosen else [],
        chart_rows=chart_rows,
        chart=history.chart_data(chart_rows, start, end, checks),
    )


def sections_from(args, given: bool) -> tuple[str, ...]:
    """The sections asked for in a query string; the defaults when the form was not sent."""
    if not given:
        return DEFAULT_SECTIONS
    return tuple(section for section in SECTIONS if args.get(section))

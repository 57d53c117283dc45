"""The home page of a returning person: today, the same as last time, streak and a short trend."""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from webapp.i18n import gettext as _
from webapp.models import ReminderSetting, User
from webapp.services import figures, reminders, stats
from webapp.services.stats import Entry, Nudge

TREND_DAYS = 14


@dataclass
class TrendDay:
    day: date
    pain: float | None
    """The mean pain before sessions that day, or None with none."""


@dataclass
class Today:
    day: date
    done: list[Entry]
    last: Entry | None
    streak: int
    trend: list[TrendDay]
    nudges: list[Nudge]
    reminder: str
    reminders_on: bool

    @property
    def rated_days(self) -> int:
        return sum(1 for point in self.trend if point.pain is not None)


def _today(session, user: User, setting: ReminderSetting | None, now: datetime) -> date:
    """The person's day: their reminder zone if they chose one, else their last session's clock."""
    if setting is not None:
        return now.astimezone(zoneinfo.ZoneInfo(setting.time_zone)).date()
    return figures.today_for(session, user, now)


def trend(entries: list[Entry], today: date, days: int = TREND_DAYS) -> list[TrendDay]:
    """One bar a day for the last `days` days, the mean pain before practised sessions."""
    by_day: dict[date, list[int]] = {}
    first = today - timedelta(days=days - 1)
    for entry in entries:
        if entry.practised and first <= entry.day <= today:
            by_day.setdefault(entry.day, []).append(entry.pain_before)
    points = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        values = by_day.get(day)
        points.append(TrendDay(day, round(sum(values) / len(values), 1) if values else None))
    return points


def today_for(session, user: User, now: datetime | None = None) -> Today:
    """Everything the signed-in home shows, from the person's own sessions."""
    now = now or datetime.now(UTC)
    setting = session.get(ReminderSetting, user.id)
    day = _today(session, user, setting, now)
    # The last four weeks (and what stands for the time before): not every session ever logged.
    entries = figures.recent_entries(session, user, day)
    practised = [entry for entry in entries if entry.practised]
    return Today(
        day=day,
        done=[entry for entry in practised if entry.day == day],
        last=figures.latest_practised(session, user),
        streak=figures.streak(session, user, day),
        trend=trend(entries, day),
        nudges=stats.nudges(entries, day),
        reminder=reminders.describe(setting) if setting else _("Reminders are off."),
        reminders_on=bool(setting and setting.enabled),
    )

"""Reminder settings: validating what a person sends, and when their next reminder falls due."""

import functools
import re
import secrets
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.models import WEEKDAYS, ReminderSetting, User

TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DAY_WORDS = {
    "mon": _l("Monday"),
    "tue": _l("Tuesday"),
    "wed": _l("Wednesday"),
    "thu": _l("Thursday"),
    "fri": _l("Friday"),
    "sat": _l("Saturday"),
    "sun": _l("Sunday"),
}
FIELDS = ("enabled", "time", "time_zone", "days", "skip_if_done")


@functools.cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def settings_for(session, user: User) -> ReminderSetting:
    """The person's settings row, made (not yet stored) with the defaults when there is none."""
    row = session.get(ReminderSetting, user.id)
    if row is None:
        row = ReminderSetting(
            user_id=user.id,
            enabled=False,
            local_time="08:00",
            time_zone="UTC",
            days=list(WEEKDAYS),
            skip_if_done=True,
        )
    return row


def to_json(row: ReminderSetting) -> dict:
    """The settings as GET /api/reminders shows them."""
    return {
        "enabled": row.enabled,
        "time": row.local_time,
        "time_zone": row.time_zone,
        "days": [day for day in WEEKDAYS if day in row.days],
        "skip_if_done": row.skip_if_done,
        "next_due_at": row.next_due_at.isoformat() if row.next_due_at and row.enabled else None,
    }


def validate(data) -> tuple[dict | None, dict[str, str]]:
    """Check settings sent as JSON (or a form turned into a dict); the values, or the errors."""
    if not isinstance(data, dict):
        return None, {"body": _("Send the reminder settings as a JSON object.")}
    errors: dict[str, str] = {}
    values: dict = {}
    for field in ("enabled", "skip_if_done"):
        if not isinstance(data.get(field), bool):
            errors[field] = _("Must be true or false.")
        else:
            values[field] = data[field]
    clock = data.get("time")
    if not isinstance(clock, str) or not TIME_PATTERN.match(clock):
        errors["time"] = _("Give a time of day as HH:MM, e.g. 08:30.")
    else:
        values["time"] = clock
    zone = data.get("time_zone")
    if not isinstance(zone, str) or zone not in time_zones():
        errors["time_zone"] = _("Choose a time zone from the list, e.g. Europe/London.")
    else:
        values["time_zone"] = zone
    days = data.get("days")
    if not isinstance(days, list) or not all(isinstance(day, str) for day in days):
        errors["days"] = 'Give the days as a list, e.g. ["mon", "wed"].'
    elif set(days) - set(WEEKDAYS):
        errors["days"] = _("Days are written mon, tue, wed, thu, fri, sat, sun.")
    elif not days and data.get("enabled") is True:
        errors["days"] = _("Choose at least one day, or turn reminders off.")
    else:
        values["days"] = [day for day in WEEKDAYS if day in days]
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors[unknown[0]] = _(
            "Unknown field; the fields are %(fields)s.", fields=", ".join(FIELDS)
        )
    return (None, errors) if errors else (values, {})


def apply(row: ReminderSetting, values: dict, now: datetime) -> None:
    """Store validated values on the row and work out the next reminder from now."""
    row.enabled = values["enabled"]
    row.local_time = values["time"]
    row.time_zone = values["time_zone"]
    row.days = values["days"]
    row.skip_if_done = values["skip_if_done"]
    row.next_due_at = next_due(row, now) if row.enabled else None


def occurrence(row: ReminderSetting, day: date) -> datetime:
    """The reminder's moment on a local day, in UTC (a time skipped by summer time moves on)."""
    hour, minute = (int(part) for part in row.local_time.split(":"))
    zone = zoneinfo.ZoneInfo(row.time_zone)
    local = datetime.combine(day, time(hour, minute), tzinfo=zone)
    # Round-tripping through UTC turns a wall time that does not exist (02:30 on the spring
    # change) into the moment an hour later, as clocks on phones do.
    return local.astimezone(UTC)


def local_today(row: ReminderSetting, now: datetime) -> date:
    return now.astimezone(zoneinfo.ZoneInfo(row.time_zone)).date()


def next_due(row: ReminderSetting, now: datetime) -> datetime | None:
    """The first reminder moment on a chosen day that is not handled yet, from today on.

    Today's counts while it is still today, even when its time has passed (a late reminder after
    downtime is still useful); yesterday's never does.
    """
    if not row.days:
        return None
    today = local_today(row, now)
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if WEEKDAYS[day.weekday()] not in row.days:
            continue
        if row.last_sent_on is not None and day <= row.last_sent_on:
            continue
        return occurrence(row, day)
    return None


def occurrence_bounds(row: ReminderSetting, day: date) -> tuple[datetime, datetime]:
    """The local day as a UTC half-open interval."""
    zone = zoneinfo.ZoneInfo(row.time_zone)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def describe(row: ReminderSetting) -> str:
    """A plain sentence for the settings: 'Every day at 08:00 (Europe/Berlin)'."""
    if not row.enabled:
        return _("Reminders are off.")
    chosen = [day for day in WEEKDAYS if day in row.days]
    if len(chosen) == 7:
        days = _("Every day")
    elif chosen == list(WEEKDAYS[:5]):
        days = _("Weekdays")
    else:
        days = ", ".join(str(DAY_WORDS[day]) for day in chosen)
    return _("%(days)s at %(time)s (%(zone)s).", days=days, time=row.local_time, zone=row.time_zone)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)
